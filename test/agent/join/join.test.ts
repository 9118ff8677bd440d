// The agent's side of the join against a real TLS server holding a generated CA: the
// hash check happens before the token leaves the machine, and the server's answers
// (credential, 401, 409) reach the user as they were meant.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caCertHashOf, joinCluster, loadCredential } from '../../../agent/join/index.ts';
import { ensurePki, type Pki } from '../../../electron/control-plane/pki/certificates.ts';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}

const TOKEN = 'abcdef.0123456789abcdef';
const MACHINE = 'machine-1';

let dir: string;
let pki: Pki;
let otherPki: Pki;
let server: https.Server;
let url: string;
let seen: Seen[] = [];
/** What POST /flotilla/v1/join answers in the current test. */
let joinAnswer: { code: number; body: unknown } = { code: 201, body: {} };

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flotilla-join-'));
  pki = await ensurePki(path.join(dir, 'pki'));
  otherPki = await ensurePki(path.join(dir, 'other-pki'));
  server = https.createServer({ key: pki.servingKeyPem, cert: pki.servingCertPem }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (req.method === 'GET' && req.url === '/flotilla/v1/cluster-info') send(200, { caCert: pki.caCertPem });
      else if (req.method === 'POST' && req.url === '/flotilla/v1/join') send(joinAnswer.code, joinAnswer.body);
      else send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await fs.rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  seen = [];
});

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
}

describe('joinCluster', () => {
  it('computes the CA hash the way kubeadm documents it (openssl over the DER public key)', () => {
    const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: pki.caCertPem }) });
    const hex = execFileSync('openssl', ['dgst', '-sha256', '-hex', '-r'], { input: der }).toString().split(' ')[0];
    expect(caCertHashOf(pki.caCertPem)).toBe(`sha256:${hex}`);
  });

  it('stops on a CA hash mismatch before the token is ever sent', async () => {
    const dataDir = path.join(dir, 'mismatch');
    const err = await joinCluster({ server: url, token: TOKEN, caCertHash: otherPki.caCertHash, nodeName: 'n1', machineId: MACHINE, dataDir }).catch((e: Error) => e);
    expect((err as Error).message).toBe(`the server's CA does not match --ca-cert-hash: got ${pki.caCertHash}, expected ${otherPki.caCertHash}`);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /flotilla/v1/cluster-info']);
    expect(seen.every((s) => s.authorization === undefined && !s.body.includes(TOKEN))).toBe(true);
    expect(await loadCredential(dataDir)).toBeUndefined();
  });

  it('joins with the bootstrap token and keeps the node credential in node.json (0600)', async () => {
    joinAnswer = { code: 201, body: { nodeName: 'n1', token: 'node-secret' } };
    const dataDir = path.join(dir, 'ok');
    const cred = await joinCluster({ server: url + '/', token: TOKEN, caCertHash: pki.caCertHash.toUpperCase().replace('SHA256:', 'sha256:'), nodeName: 'n1', machineId: MACHINE, dataDir });
    expect(cred).toEqual({ server: url, caCertPem: pki.caCertPem, nodeName: 'n1', token: 'node-secret' });
    const join = seen.find((s) => s.url === '/flotilla/v1/join')!;
    expect(join.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(join.body)).toEqual({ nodeName: 'n1', machineId: MACHINE });
    expect(await loadCredential(dataDir)).toEqual(cred);
    expect((await fs.stat(path.join(dataDir, 'node.json'))).mode & 0o777).toBe(0o600);
  });

  it('passes the server\'s 401 and 409 messages through', async () => {
    const dataDir = path.join(dir, 'refused');
    joinAnswer = { code: 401, body: status(401, 'Unauthorized', 'bootstrap token abcdef has expired') };
    await expect(joinCluster({ server: url, token: TOKEN, caCertHash: pki.caCertHash, nodeName: 'n1', machineId: MACHINE, dataDir }))
      .rejects.toThrow(/^bootstrap token abcdef has expired$/);
    joinAnswer = { code: 409, body: status(409, 'AlreadyExists', 'node "n1" is already joined from another machine') };
    await expect(joinCluster({ server: url, token: TOKEN, caCertHash: pki.caCertHash, nodeName: 'n1', machineId: MACHINE, dataDir }))
      .rejects.toThrow(/^node "n1" is already joined from another machine$/);
    expect(await loadCredential(dataDir)).toBeUndefined();
  });

  it('says plainly when the server cannot be reached', async () => {
    const closed = https.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(joinCluster({ server: `https://127.0.0.1:${port}`, token: TOKEN, caCertHash: pki.caCertHash, nodeName: 'n1', machineId: MACHINE, dataDir: path.join(dir, 'x') }))
      .rejects.toThrow(`cannot reach https://127.0.0.1:${port}: connect ECONNREFUSED`);
  });

  it('rejects malformed input before contacting anyone', async () => {
    const base = { server: url, token: TOKEN, caCertHash: pki.caCertHash, nodeName: 'n1', machineId: MACHINE, dataDir: path.join(dir, 'y') };
    await expect(joinCluster({ ...base, caCertHash: 'abc' })).rejects.toThrow(/--ca-cert-hash must be sha256:/);
    await expect(joinCluster({ ...base, token: 'nope' })).rejects.toThrow(/--token must look like/);
    await expect(joinCluster({ ...base, nodeName: 'Bad_Name' })).rejects.toThrow(/not a valid node name/);
    await expect(joinCluster({ ...base, server: 'http://127.0.0.1:1' })).rejects.toThrow(/must be an https:\/\/ URL/);
    expect(seen).toEqual([]);
  });
});
