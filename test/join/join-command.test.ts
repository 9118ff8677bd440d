// POST /flotilla/v1/join-commands against a real control plane: an admin gets the
// same command `flotilla token create` prints, its token really joins a machine,
// bad input is a Status naming the field, and nobody but an admin may mint tokens.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';
import { call } from './https.ts';

let dir: string;
let cp: ControlPlane;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-join-command-'));
  cp = await startControlPlane({ dataDir: dir, listen: '127.0.0.1:0', controllers: false });
});

afterAll(async () => {
  await cp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const post = (body: unknown, token = cp.adminToken) => call(cp.url, cp.caCertPem, 'POST', '/flotilla/v1/join-commands', token, body);

describe('POST /flotilla/v1/join-commands', () => {
  it('returns the one-liner and npx commands with the server, a fresh token and the CA hash', async () => {
    const before = Date.now();
    const answer = await post({ ttlSeconds: 600, description: 'from the dashboard' });
    expect(answer.status).toBe(201);
    const { tokenId, expires, oneLiner, npx, note } = answer.body as { tokenId: string; expires: string; oneLiner: string; npx: string; note?: string };
    expect(tokenId).toMatch(/^[a-z0-9]{6}$/);
    const token = new RegExp(`--token (${tokenId}\\.[a-z0-9]{16}) `).exec(npx)?.[1];
    expect(token).toBeDefined();
    const args = `agent --server ${cp.url} --token ${token} --ca-cert-hash ${cp.caCertHash}`;
    expect(npx).toBe(`npx flotilla ${args}`);
    expect(oneLiner.startsWith("node -e '")).toBe(true);
    expect(oneLiner.endsWith(`' ${args}`)).toBe(true);
    const sha = await fetchText('/flotilla/v1/agent.mjs.sha256');
    expect(oneLiner).toContain(`h=${JSON.stringify(sha.trim())}`);
    expect(Date.parse(expires) - before).toBeGreaterThan(590_000);
    expect(Date.parse(expires) - before).toBeLessThan(610_000);
    // Listening on loopback only: the page must say LAN machines cannot use it.
    expect(note).toContain('flotilla serve --listen');

    const joined = await call(cp.url, cp.caCertPem, 'POST', '/flotilla/v1/join', token, { nodeName: 'new-machine', machineId: 'machine-1' });
    expect(joined.status).toBe(201);
    const secret = await call(cp.url, cp.caCertPem, 'GET', `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${tokenId}`, cp.adminToken);
    expect(Buffer.from(String((secret.body.data as Record<string, string>).description), 'base64').toString()).toBe('from the dashboard');
  });

  it('makes a token that never expires with ttlSeconds 0, and a day-long one by default', async () => {
    const forever = await post({ ttlSeconds: 0 });
    expect(forever.status).toBe(201);
    expect(forever.body.expires).toBeUndefined();
    const byDefault = await post(undefined);
    expect(byDefault.status).toBe(201);
    expect(Date.parse(String(byDefault.body.expires)) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
  });

  it('answers bad input with a Status naming the field', async () => {
    const negative = await post({ ttlSeconds: -5 });
    expect(negative.status).toBe(422);
    expect(negative.body.message).toContain('ttlSeconds');
    expect((negative.body.details as { causes: { field: string }[] }).causes[0]!.field).toBe('ttlSeconds');
    const long = await post({ description: 'x'.repeat(300) });
    expect(long.status).toBe(422);
    expect(long.body.message).toContain('description');
    expect((await call(cp.url, cp.caCertPem, 'GET', '/flotilla/v1/join-commands', cp.adminToken)).status).toBe(405);
  });

  it('refuses anyone but an admin', async () => {
    expect((await post({}, '')).status).toBe(401);
    const node = await cp.issueNodeCredential('some-node', 'machine-2');
    const asNode = await post({}, node.token);
    expect(asNode.status).toBe(403);
  });
});

function fetchText(apiPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(cp.url + apiPath, { ca: cp.caCertPem }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}
