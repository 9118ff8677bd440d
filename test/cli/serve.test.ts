// `flotilla serve` as a user runs it: the laptop becomes a node of its own cluster
// unless --no-agent, and Ctrl-C stops both cleanly.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { FLOTILLA_BIN } from '../helpers/agent-process.ts';
import { KUBECTL } from '../helpers/cluster.ts';
import { eventually } from '../helpers/eventually.ts';

const run = promisify(execFile);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(extra: string[]): Promise<{ dir: string; output: () => string; exited: Promise<number>; child: ReturnType<typeof spawn> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-serve-'));
  const child = spawn(process.execPath, [FLOTILLA_BIN, 'serve', '--data-dir', path.join(dir, 'data'), '--listen', '127.0.0.1:0', ...extra]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, output: () => out, exited, child };
}

function kubectl(dir: string, args: string[]): Promise<string> {
  return run(KUBECTL, ['--kubeconfig', path.join(dir, 'data', 'admin.kubeconfig'), '--cache-dir', path.join(dir, 'kube-cache'), ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } })
    .then((r) => r.stdout);
}

it('makes this machine a Ready node of its own cluster, and stops cleanly on SIGTERM', async () => {
  const s = await serve([]);
  const line = await eventually('the local node', () => /This machine is node (\S+) \((docker|process) runtime\)/.exec(s.output()) ?? undefined, 60_000)
    .catch((err: Error) => {
      throw new Error(`${err.message}\n${s.output()}`);
    });
  const nodeName = line[1]!;
  const nodes = await eventually('the node Ready in kubectl', async () => {
    const out = await kubectl(s.dir, ['get', 'nodes']);
    return new RegExp(`^${nodeName}\\s+Ready\\s`, 'm').test(out) ? out : undefined;
  }, 30_000);
  expect(nodes).toContain(nodeName);
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}, 90_000);

it('--no-agent serves the control plane without a node', async () => {
  const s = await serve(['--no-agent']);
  await eventually('serving', () => s.output().includes('Flotilla is running.'), 30_000);
  expect(await kubectl(s.dir, ['get', 'nodes', '-o', 'name'])).toBe('');
  expect(s.output()).not.toContain('This machine is node');
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}, 60_000);
