// Joining against a real control plane over HTTPS: bootstrap tokens, the join
// endpoint's answers, and what the node credential it hands out may and may not do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken, type BootstrapToken,
} from '../../electron/control-plane/join/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';
import { call } from './https.ts';

let tc: TestCluster;

async function createToken(ttlMs = 3600_000, now?: Date): Promise<BootstrapToken> {
  const token = generateBootstrapToken();
  const res = await tc.api('POST', '/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret({ token, ttlMs, now, description: 'test' }));
  expect(res.status).toBe(201);
  return token;
}

const as = (token: string | undefined, method: string, path: string, body?: unknown) => call(tc.cp.url, tc.cp.caCertPem, method, path, token, body);

async function join(token: BootstrapToken | string, nodeName: string, machineId: string) {
  return as(typeof token === 'string' ? token : formatBootstrapToken(token), 'POST', '/flotilla/v1/join', { nodeName, machineId });
}

function pod(name: string, nodeName: string, secret?: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName,
      containers: [{ name: 'c', image: 'flotilla.test/busybox:1', ...(secret ? { env: [{ name: 'S', valueFrom: { secretKeyRef: { name: secret, key: 'k' } } }] } : {}) }],
    },
  };
}

beforeAll(async () => {
  tc = await startTestCluster();
});

afterAll(async () => {
  await tc?.stop();
});

describe('cluster-info', () => {
  it('answers the CA without authentication', async () => {
    const res = await as(undefined, 'GET', '/flotilla/v1/cluster-info');
    expect(res.status).toBe(200);
    expect(res.body.caCert).toBe(tc.cp.caCertPem);
  });
});

describe('bootstrap token secrets', () => {
  it('keep only the sha256 of the secret part', async () => {
    const token = await createToken();
    const res = await tc.api('GET', `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${token.id}`);
    const data = (res.body as unknown as { type: string; data: Record<string, string> });
    expect(data.type).toBe('bootstrap.kubernetes.io/token');
    const decoded = Object.fromEntries(Object.entries(data.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(decoded['token-id']).toBe(token.id);
    expect(decoded['usage-bootstrap-authentication']).toBe('true');
    expect(decoded['expiration']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(JSON.stringify(decoded)).not.toContain(token.secret);
  });
});

describe('join', () => {
  it('refuses an unknown token, a wrong secret and an expired token with 401', async () => {
    const unknown = await join('abcdef.0123456789abcdef', 'n-x', 'm-x');
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('unknown bootstrap token');
    const real = await createToken();
    const wrong = await join(`${real.id}.0000000000000000`, 'n-x', 'm-x');
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('unknown bootstrap token');
    const expired = await createToken(1000, new Date(Date.now() - 3600_000));
    const late = await join(expired, 'n-x', 'm-x');
    expect(late.status).toBe(401);
    expect(late.body.reason).toBe('Unauthorized');
    expect(late.body.message).toBe(`bootstrap token ${expired.id} has expired`);
  });

  it('refuses an invalid node name with 400 on nodeName', async () => {
    const res = await join(await createToken(), 'Not_A_Name', 'm-1');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^nodeName: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain/);
  });

  it('keeps a name for its machine: another machine gets 409, the same machine a fresh credential', async () => {
    const token = await createToken();
    const first = await join(token, 'held', 'machine-a');
    expect(first.status).toBe(201);
    expect(first.body.nodeName).toBe('held');
    const other = await join(token, 'held', 'machine-b');
    expect(other.status).toBe(409);
    expect(other.body.reason).toBe('AlreadyExists');
    expect(other.body.message).toBe('node name "held" is already held by another machine; choose another with --name');
    const again = await join(token, 'held', 'machine-a');
    expect(again.status).toBe(201);
    expect(again.body.token).not.toBe(first.body.token);
    expect((await as(again.body.token, 'GET', '/api/v1/namespaces/default/services')).status).toBe(200);
    expect((await as(first.body.token, 'GET', '/api/v1/namespaces/default/services')).status).toBe(401);
  });

  it('stops accepting a credential once its Secret is deleted', async () => {
    const joined = await join(await createToken(), 'revoked', 'machine-r');
    expect((await as(joined.body.token, 'GET', '/api/v1/namespaces')).status).toBe(200);
    expect((await tc.api('DELETE', '/api/v1/namespaces/kube-system/secrets/node-credential-revoked')).status).toBe(200);
    await eventually('the credential to stop working', async () => (await as(joined.body.token, 'GET', '/api/v1/namespaces')).status === 401);
  });

  it('issues credentials in-process for the local agent', async () => {
    const issued = await tc.cp.issueNodeCredential('local');
    expect(issued.nodeName).toBe('local');
    expect((await as(issued.token, 'GET', '/api/v1/namespaces/default/endpoints')).status).toBe(200);
  });
});

describe('a node credential', () => {
  let n1: string;

  beforeAll(async () => {
    const res = await join(await createToken(), 'n1', 'machine-1');
    expect(res.status).toBe(201);
    n1 = res.body.token!;
    expect((await tc.api('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } })).status).toBe(201);
    expect((await tc.api('POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'used' }, stringData: { k: 'v' } })).status).toBe(201);
    expect((await tc.api('POST', '/api/v1/namespaces/default/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'unused' }, stringData: { k: 'v' } })).status).toBe(201);
    expect((await tc.api('POST', '/api/v1/namespaces/default/pods', pod('mine', 'n1', 'used'))).status).toBe(201);
    expect((await tc.api('POST', '/api/v1/namespaces/default/pods', pod('theirs', 'n2'))).status).toBe(201);
  });

  it('registers and updates its own Node', async () => {
    const created = await as(n1, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } } });
    expect(created.status).toBe(201);
    expect((await as(n1, 'GET', '/api/v1/nodes/n1')).status).toBe(200);
    const listed = await as(n1, 'GET', '/api/v1/nodes?fieldSelector=metadata.name%3Dn1');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(await callPatch(n1, '/api/v1/nodes/n1/status', { status: { conditions: [{ type: 'Ready', status: 'True' }] } })).toBe(200);
  });

  it('gets 403 with upstream wording on another node', async () => {
    const res = await as(n1, 'GET', '/api/v1/nodes/n2');
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe(`nodes "n2" is forbidden: User "system:node:n1" cannot get resource "nodes" in API group "" at the cluster scope: node 'n1' cannot get unrelated node`);
    expect((await as(n1, 'GET', '/api/v1/nodes')).status).toBe(403);
  });

  it('may not register another node or set labels that are not a kubelet\'s', async () => {
    const other = await as(n1, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3' } });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('nodes "n3" is forbidden: node "n1" is not allowed to modify node "n3"');
    const node = (await as(n1, 'GET', '/api/v1/nodes/n1')).body as { metadata: { labels: Record<string, string> } };
    node.metadata.labels['node-role.kubernetes.io/control-plane'] = '';
    const relabel = await as(n1, 'PUT', '/api/v1/nodes/n1', node);
    expect(relabel.status).toBe(403);
    expect(relabel.body.message).toContain('is not allowed to modify labels: node-role.kubernetes.io/control-plane');
  });

  it('sees only its own pods', async () => {
    expect((await as(n1, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1')).status).toBe(200);
    const all = await as(n1, 'GET', '/api/v1/pods');
    expect(all.status).toBe(403);
    expect(all.body.message).toMatch(/^pods is forbidden: User "system:node:n1" cannot list resource "pods" in API group "" at the cluster scope/);
    await eventually('its pod to be readable', async () => (await as(n1, 'GET', '/api/v1/namespaces/default/pods/mine')).status === 200);
    const theirs = await as(n1, 'GET', '/api/v1/namespaces/default/pods/theirs');
    expect(theirs.status).toBe(403);
    expect(theirs.body.message).toBe(`pods "theirs" is forbidden: User "system:node:n1" cannot get resource "pods" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`);
  });

  it('updates the status of its own pods only', async () => {
    expect(await callPatch(n1, '/api/v1/namespaces/default/pods/mine/status', { status: { phase: 'Running' } })).toBe(200);
    expect(await callPatch(n1, '/api/v1/namespaces/default/pods/theirs/status', { status: { phase: 'Running' } })).toBe(403);
    expect(await callPatch(n1, '/api/v1/namespaces/default/pods/mine', { metadata: { labels: { a: 'b' } } })).toBe(403);
  });

  it('reads the secrets its pods reference, and no other', async () => {
    await eventually('the referenced secret to be readable', async () => (await as(n1, 'GET', '/api/v1/namespaces/default/secrets/used')).status === 200);
    const unused = await as(n1, 'GET', '/api/v1/namespaces/default/secrets/unused');
    expect(unused.status).toBe(403);
    expect((await as(n1, 'GET', '/api/v1/namespaces/default/secrets')).status).toBe(403);
    expect((await as(n1, 'GET', '/api/v1/namespaces/kube-system/secrets/node-credential-n1')).status).toBe(403);
  });

  it('keeps its own Lease and creates events', async () => {
    const lease = (name: string) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name } });
    expect((await as(n1, 'POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', lease('n1'))).status).toBe(201);
    expect((await as(n1, 'POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', lease('n2'))).status).toBe(403);
    expect((await as(n1, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1')).status).toBe(200);
    const event = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Node', name: 'n1' }, reason: 'Starting', message: 'hi', type: 'Normal' };
    expect((await as(n1, 'POST', '/api/v1/namespaces/default/events', event)).status).toBe(201);
  });

  it('creates only mirror pods bound to itself, and deletes only its own pods', async () => {
    const mirror = { ...pod('static-n1', 'n1'), metadata: { name: 'static-n1', namespace: 'default', annotations: { 'kubernetes.io/config.mirror': 'x' } } };
    expect((await as(n1, 'POST', '/api/v1/namespaces/default/pods', mirror)).status).toBe(201);
    const plain = await as(n1, 'POST', '/api/v1/namespaces/default/pods', pod('plain', 'n1'));
    expect(plain.status).toBe(403);
    expect(plain.body.message).toContain('can only create mirror pods');
    const elsewhere = { ...mirror, metadata: { ...mirror.metadata, name: 'static-n2' }, spec: { ...mirror.spec, nodeName: 'n2' } };
    expect((await as(n1, 'POST', '/api/v1/namespaces/default/pods', elsewhere)).status).toBe(403);
    expect((await as(n1, 'DELETE', '/api/v1/namespaces/default/pods/theirs')).status).toBe(403);
    await eventually('the mirror pod to be deletable', async () => (await as(n1, 'DELETE', '/api/v1/namespaces/default/pods/static-n1')).status === 200);
  });

  it('may not touch anything else', async () => {
    expect((await as(n1, 'GET', '/apis/apps/v1/deployments')).status).toBe(403);
    expect((await as(n1, 'DELETE', '/api/v1/nodes/n1')).status).toBe(403);
    expect((await as(n1, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).status).toBe(403);
    expect((await as(n1, 'GET', '/api/v1/namespaces/default/services')).status).toBe(200);
    expect((await as(n1, 'GET', '/api')).status).toBe(200);
  });
});

async function callPatch(token: string, path: string, body: unknown): Promise<number> {
  const { request } = await import('node:https');
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(tc.cp.url + path, {
      method: 'PATCH',
      ca: tc.cp.caCertPem,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json', 'Content-Length': String(Buffer.byteLength(payload)) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
