// The agent bundle the control plane serves: built with esbuild, its sha256 endpoint
// matches its bytes, and it runs with plain Node.js where no node_modules is reachable.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunResult } from '../helpers/run.ts';
import { buildAgentBundle } from '../../electron/control-plane/agent-bundle/build.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

let tc: TestCluster;
let outside: string;

function fetchBytes(url: string, ca: string): Promise<{ status: number; body: Buffer }> {
  return import('node:https').then(({ request }) => new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  }));
}

function run(cmd: string, args: string[], cwd: string): Promise<RunResult> {
  // Only PATH and HOME: nothing may point the bundle at the repository's node_modules.
  return runCommand(cmd, args, { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd } });
}

beforeAll(async () => {
  tc = await startTestCluster();
  outside = await mkdtemp(path.join(os.tmpdir(), 'flotilla-bundle-'));
});

afterAll(async () => {
  await tc?.stop();
  if (outside) await rm(outside, { recursive: true, force: true });
});

describe('agent bundle', () => {
  it('is served without authentication, with its sha256', async () => {
    const sha = await fetchBytes(`${tc.cp.url}/flotilla/v1/agent.mjs.sha256`, tc.cp.caCertPem);
    expect(sha.status).toBe(200);
    const hex = sha.body.toString().trim();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const bundle = await fetchBytes(`${tc.cp.url}/flotilla/v1/agent.mjs`, tc.cp.caCertPem);
    expect(bundle.status).toBe(200);
    expect(createHash('sha256').update(bundle.body).digest('hex')).toBe(hex);
    const cached = await readFile(path.join(tc.dir, 'data', 'agent-bundle', 'agent.mjs'));
    expect(cached.equals(bundle.body)).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(tc.dir, 'data', 'agent-bundle', 'manifest.json'), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs).toContain('cli/agent-bundle.ts');
    await writeFile(path.join(outside, 'agent.mjs'), bundle.body);
  });

  it('is reused from the data dir while its inputs are unchanged', async () => {
    const cacheDir = path.join(tc.dir, 'data', 'agent-bundle');
    const before = await stat(path.join(cacheDir, 'agent.mjs'));
    const served = await readFile(path.join(outside, 'agent.mjs'));
    const again = await buildAgentBundle(cacheDir);
    expect(again.code.equals(served)).toBe(true);
    expect((await stat(path.join(cacheDir, 'agent.mjs'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('runs --help with plain node outside the repository', async () => {
    const result = await run(process.execPath, ['agent.mjs', '--help'], outside);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--server');
    expect(result.stdout).toContain('--ca-cert-hash');
  });
});
