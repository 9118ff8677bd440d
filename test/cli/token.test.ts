// `flotilla token` as a user runs it, against a real control plane: create prints a
// join command that works when pasted into sh, list and delete manage the tokens,
// and an unreachable server is one clear line.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';
import { renderKubeconfig } from '../../electron/control-plane/kubeconfig.ts';
import { eventually } from '../helpers/eventually.ts';
import { runCommand, type RunResult } from '../helpers/run.ts';
import { call } from '../join/https.ts';

const BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));

let dir: string;
let cp: ControlPlane;

function flotilla(args: string[]): Promise<RunResult> {
  return runCommand(process.execPath, [BIN, ...args], { env: { ...process.env, FLOTILLA_DEBUG: '' } });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-token-'));
  cp = await startControlPlane({ dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', controllers: false });
});

afterAll(async () => {
  await cp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('flotilla token', () => {
  let created: RunResult;
  let token: string;

  beforeAll(async () => {
    created = await flotilla(['token', 'create', '--data-dir', path.join(dir, 'data'), '--ttl', '1h', '--description', 'from the test']);
    token = /--token ([a-z0-9]{6}\.[a-z0-9]{16})/.exec(created.stdout)?.[1] ?? '';
  });

  it('create prints the one-liner and the npx form with server, token and CA hash', () => {
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(token).not.toBe('');
    const lines = created.stdout.split('\n').map((l) => l.trim());
    const oneLiner = lines.find((l) => l.startsWith("node -e '"))!;
    expect(oneLiner).toContain(`agent --server ${cp.url} --token ${token} --ca-cert-hash ${cp.caCertHash}`);
    expect(lines).toContain(`npx flotilla agent --server ${cp.url} --token ${token} --ca-cert-hash ${cp.caCertHash}`);
    expect(created.stdout).toContain('flotilla serve --listen');
  });

  it('list shows the token and its description; delete revokes it', async () => {
    const id = token.split('.')[0]!;
    const listed = await flotilla(['token', 'list', '--data-dir', path.join(dir, 'data')]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+from the test$`, 'm'));
    const extra = await flotilla(['token', 'create', '--data-dir', path.join(dir, 'data'), '--ttl', '10m']);
    const other = /--token ([a-z0-9]{6})\./.exec(extra.stdout)![1]!;
    const deleted = await flotilla(['token', 'delete', other, '--data-dir', path.join(dir, 'data')]);
    expect(deleted.code).toBe(0);
    const join = await call(cp.url, cp.caCertPem, 'POST', '/flotilla/v1/join', /--token (\S+)/.exec(extra.stdout)![1], { nodeName: 'x', machineId: 'y' });
    expect(join.status).toBe(401);
    expect((await flotilla(['token', 'list', '--data-dir', path.join(dir, 'data')])).stdout).not.toContain(other);
  });

  it('prints the LAN address when the server listens on all addresses', async (ctx) => {
    const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4')?.address;
    if (!lan) return ctx.skip();
    const wide = await startControlPlane({ dataDir: path.join(dir, 'wide'), listen: '0.0.0.0:0', controllers: false });
    try {
      const result = await flotilla(['token', 'create', '--data-dir', path.join(dir, 'wide')]);
      expect(result.code).toBe(0);
      const server = /--server (\S+)/.exec(result.stdout)![1]!;
      expect(new URL(server).port).toBe(new URL(wide.url).port);
      expect(new URL(server).hostname).not.toBe('127.0.0.1');
      expect(result.stdout).not.toContain('flotilla serve --listen');
      const info = await call(server, wide.caCertPem, 'GET', '/flotilla/v1/cluster-info');
      expect(info.body.caCert).toBe(wide.caCertPem);
    } finally {
      await wide.stop();
    }
  });

  it('says in one line when the control plane is not running', async () => {
    const stale = path.join(dir, 'stale');
    await rm(stale, { recursive: true, force: true });
    await mkdir(stale);
    // A port nothing listens on: this control plane's, after asking the OS for a fresh one and closing it.
    const net = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await writeFile(path.join(stale, 'admin.kubeconfig'), renderKubeconfig({ server: `https://127.0.0.1:${port}`, caCertPem: cp.caCertPem, token: 't', user: 'admin' }));
    const result = await flotilla(['token', 'create', '--data-dir', stale]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^flotilla: cannot reach the control plane at https:\/\/127\.0\.0\.1:\d+ \(is `flotilla serve --data-dir .*` running\?\): .*ECONNREFUSED/);
  });

  it('the printed one-liner, pasted into sh, downloads and checks the agent, joins and registers the node', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'flotilla-home-'));
    const oneLiner = created.stdout.split('\n').map((l) => l.trim()).find((l) => l.startsWith("node -e '"))!;
    const child = spawn('sh', ['-c', `${oneLiner} --name pasted --runtime fake --data-dir ${path.join(home, 'agent')}`], {
      cwd: home,
      env: { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: home },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await eventually(`the pasted agent to join (output: ${output})`, async () => {
        const secret = await call(cp.url, cp.caCertPem, 'GET', '/api/v1/namespaces/kube-system/secrets/node-credential-pasted', cp.adminToken);
        return secret.status === 200;
      }, 60_000);
      // The agent goes on with its node credential, which the node authorizer must let through.
      await eventually(`the pasted agent to register its Node and Lease (output: ${output})`, async () => {
        const node = await call(cp.url, cp.caCertPem, 'GET', '/api/v1/nodes/pasted', cp.adminToken);
        const lease = await call(cp.url, cp.caCertPem, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/pasted', cp.adminToken);
        return node.status === 200 && lease.status === 200;
      }, 60_000);
      expect(output).not.toMatch(/forbidden/i);
      const saved = await readFile(path.join(home, '.flotilla-agent', 'agent.mjs'));
      expect(createHash('sha256').update(saved).digest('hex')).toBe(/h="([0-9a-f]{64})"/.exec(oneLiner)![1]);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await rm(home, { recursive: true, force: true });
    }
  });
});
