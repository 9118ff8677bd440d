// A restart of the control plane keeps every object, and resourceVersions keep rising.
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';
import type { ApiBody } from '../helpers/cluster.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function call(cp: ControlPlane, method: string, p: string, body?: unknown): Promise<{ status: number; body: ApiBody }> {
  return new Promise((resolve, reject) => {
    const req = https.request(cp.url + p, { method, ca: cp.caCertPem, headers: { Authorization: `Bearer ${cp.adminToken}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ApiBody }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

it('keeps objects and continues resourceVersions across a restart', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-restart-'));
  dirs.push(dir);
  let cp = await startControlPlane({ dataDir: dir, listen: '127.0.0.1:0' });
  const rvs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await call(cp, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `cm-${i}` }, data: { i: String(i) } });
    expect(r.status).toBe(201);
    rvs.push(Number(r.body.metadata.resourceVersion));
  }
  const token = cp.adminToken;
  await cp.stop();

  cp = await startControlPlane({ dataDir: dir, listen: '127.0.0.1:0' });
  try {
    expect(cp.adminToken).toBe(token);
    const list = await call(cp, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(list.body.items!.map((i) => i.metadata.name).sort()).toEqual(rvs.map((_, i) => `cm-${i}`).sort());
    const next = await call(cp, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after' } });
    expect(Number(next.body.metadata.resourceVersion)).toBeGreaterThan(Math.max(...rvs));
  } finally {
    await cp.stop();
  }
});

it('stops right after starting, before the controllers and scheduler have listed', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-restart-'));
  dirs.push(dir);
  for (let i = 0; i < 3; i++) {
    const cp = await startControlPlane({ dataDir: dir, listen: '127.0.0.1:0' });
    await cp.stop();
  }
});
