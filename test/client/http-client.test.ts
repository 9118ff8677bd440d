// The HTTP client against a real control plane, over the loopback socket and over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../api/status.ts';
import type { KubeObject, WatchEventType } from '../../api/types.ts';
import { createHttpClient } from '../../client/http-client.ts';
import { R } from '../../client/types.ts';
import type { Client } from '../../client/types.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

type ConfigMap = KubeObject & { data?: Record<string, string> };
type Pod = KubeObject & { spec: { nodeName?: string; containers: unknown[] } };

let c: TestCluster;
let client: Client;

beforeAll(async () => {
  c = await startTestCluster();
  client = createHttpClient(c.cp.loopback);
});
afterAll(() => c.stop());

const cm = (name: string, data: Record<string, string> = { a: '1' }): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(StatusError);
  return err as StatusError;
}

describe('http client', () => {
  it('creates, gets, lists, updates and deletes', async () => {
    const created = await client.create(R.configmaps, 'default', cm('crud'));
    expect(created.metadata.uid).toBeTruthy();
    const got = await client.get<ConfigMap>(R.configmaps, 'default', 'crud');
    expect(got.data).toEqual({ a: '1' });
    const updated = await client.update<ConfigMap>(R.configmaps, 'default', { ...got, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    const list = await client.list<ConfigMap>(R.configmaps, 'default');
    expect(list.items.map((i) => i.metadata.name)).toContain('crud');
    expect(Number(list.resourceVersion)).toBeGreaterThanOrEqual(Number(updated.metadata.resourceVersion));
    expect(await client.delete(R.configmaps, 'default', 'crud')).toBeUndefined();
    expect((await statusOf(client.get(R.configmaps, 'default', 'crud'))).code).toBe(404);
  });

  it('lists cluster-scoped resources and pages with limit/continue', async () => {
    const nss = await client.list(R.namespaces, undefined);
    expect(nss.items.map((n) => n.metadata.name)).toEqual(expect.arrayContaining(['default', 'kube-system']));
    for (let i = 0; i < 5; i++) await client.create(R.configmaps, 'default', cm(`page-${i}`));
    const first = await client.list(R.configmaps, 'default', { limit: 2, labelSelector: '' });
    expect(first.items).toHaveLength(2);
    expect(first.continue).toBeTruthy();
    const second = await client.list(R.configmaps, 'default', { limit: 2, continue: first.continue });
    expect(second.items[0]!.metadata.name).not.toBe(first.items[0]!.metadata.name);
  });

  it('rejects with StatusErrors carrying the server codes and reasons', async () => {
    const notFound = await statusOf(client.get(R.configmaps, 'default', 'nope'));
    expect([notFound.code, notFound.reason]).toEqual([404, 'NotFound']);

    const first = await client.create(R.configmaps, 'default', cm('dup'));
    const exists = await statusOf(client.create(R.configmaps, 'default', cm('dup')));
    expect([exists.code, exists.reason]).toEqual([409, 'AlreadyExists']);

    await client.update<ConfigMap>(R.configmaps, 'default', { ...first, data: { a: 'new' } });
    const conflict = await statusOf(client.update<ConfigMap>(R.configmaps, 'default', { ...first, data: { a: 'stale' } }));
    expect([conflict.code, conflict.reason]).toEqual([409, 'Conflict']);

    const invalid = await statusOf(client.create(R.configmaps, 'default', cm('Not_A_Name')));
    expect([invalid.code, invalid.reason]).toEqual([422, 'Invalid']);
    expect(invalid.details?.causes?.[0]?.field).toBe('metadata.name');
  });

  it('applies all four patch types', async () => {
    await client.create(R.configmaps, 'default', cm('patched'));
    const merged = await client.patch<ConfigMap>(R.configmaps, 'default', 'patched', 'merge', { data: { b: '2' } });
    expect(merged.data).toEqual({ a: '1', b: '2' });
    const strategic = await client.patch<ConfigMap>(R.configmaps, 'default', 'patched', 'strategic', { data: { a: null } });
    expect(strategic.data).toEqual({ b: '2' });
    const jsonPatched = await client.patch<ConfigMap>(R.configmaps, 'default', 'patched', 'json', [{ op: 'add', path: '/data/c', value: '3' }]);
    expect(jsonPatched.data).toEqual({ b: '2', c: '3' });
    const applied = await client.patch<ConfigMap>(R.configmaps, 'default', 'patched', 'apply', cm('patched', { d: '4' }), { fieldManager: 'test', force: true });
    expect(applied.data).toMatchObject({ d: '4' });
    expect(applied.metadata.managedFields?.some((f) => f.manager === 'test')).toBe(true);
  });

  it('deletes with options: preconditions, grace period, dry run', async () => {
    const created = await client.create(R.configmaps, 'default', cm('opts'));
    const mismatch = await statusOf(client.delete(R.configmaps, 'default', 'opts', { preconditions: { uid: 'not-the-uid' } }));
    expect(mismatch.code).toBe(409);
    await client.delete(R.configmaps, 'default', 'opts', { dryRun: true });
    expect((await client.get(R.configmaps, 'default', 'opts')).metadata.uid).toBe(created.metadata.uid);
    expect(await client.delete(R.configmaps, 'default', 'opts', { preconditions: { uid: created.metadata.uid }, gracePeriodSeconds: 0, propagationPolicy: 'Background' })).toBeUndefined();
  });

  it('returns the object while a deletion is pending on a finalizer', async () => {
    await client.create(R.configmaps, 'default', { ...cm('final'), metadata: { name: 'final', finalizers: ['example.com/hold'] } });
    const pending = await client.delete<ConfigMap>(R.configmaps, 'default', 'final');
    expect(pending?.metadata.deletionTimestamp).toBeTruthy();
    await client.patch(R.configmaps, 'default', 'final', 'merge', { metadata: { finalizers: null } });
    expect((await statusOf(client.get(R.configmaps, 'default', 'final'))).code).toBe(404);
  });

  it('watches ADDED, MODIFIED and DELETED in order', async () => {
    const { resourceVersion } = await client.list(R.configmaps, 'default');
    const seen: Array<[WatchEventType, string | undefined]> = [];
    let closed = false;
    const done = new Promise<void>((resolve) => {
      const handle = client.watch<ConfigMap>(R.configmaps, 'default', { resourceVersion }, (e) => {
        seen.push([e.type, e.object.data?.a]);
        if (e.type === 'DELETED') {
          handle.stop();
          resolve();
        }
      }, () => (closed = true));
    });
    const created = await client.create<ConfigMap>(R.configmaps, 'default', cm('watched'));
    await client.update<ConfigMap>(R.configmaps, 'default', { ...created, data: { a: '2' } });
    await client.delete(R.configmaps, 'default', 'watched');
    await done;
    expect(seen).toEqual([['ADDED', '1'], ['MODIFIED', '2'], ['DELETED', '2']]);
    expect(closed).toBe(false);
  });

  it('closes a refused watch with its Status, and a watch the server ended without an error', async () => {
    const closed = await new Promise<StatusError | undefined>((resolve) => {
      client.watch(R.configmaps, 'default', { resourceVersion: 'not-a-number' }, () => undefined, resolve);
    });
    expect(closed?.code).toBe(400);
    const { resourceVersion } = await client.list(R.configmaps, 'default');
    const timedOut = await new Promise<StatusError | undefined>((resolve) => {
      client.watch(R.configmaps, 'default', { resourceVersion, timeoutSeconds: 1 }, () => undefined, resolve);
    });
    expect(timedOut).toBeUndefined();
  });

  it('binds pods to nodes', async () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bindme' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const created = await client.create(R.pods, 'default', pod);
    await client.bind('default', 'bindme', 'node-a', created.metadata.uid);
    expect((await client.get<Pod>(R.pods, 'default', 'bindme')).spec.nodeName).toBe('node-a');
    const again = await statusOf(client.bind('default', 'bindme', 'node-b'));
    expect(again.code).toBe(409);
    const missing = await statusOf(client.bind('default', 'nope', 'node-a'));
    expect(missing.code).toBe(404);
  });

  it('evicts pods', async () => {
    await client.create(R.pods, 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'evictme' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
    await client.evict('default', 'evictme', { gracePeriodSeconds: 0 });
    expect((await statusOf(client.get(R.pods, 'default', 'evictme'))).code).toBe(404);
  });

  it('serves thousands of concurrent requests over a bounded pool while a watch is open', async () => {
    const { resourceVersion } = await client.list(R.configmaps, 'default');
    const handle = client.watch(R.configmaps, 'default', { resourceVersion }, () => undefined, () => undefined);
    await client.create(R.configmaps, 'default', cm('many'));
    const answers = await Promise.all(Array.from({ length: 2000 }, () => client.get(R.configmaps, 'default', 'many')));
    expect(answers.every((a) => a.metadata.name === 'many')).toBe(true);
    handle.stop();
  });

  it('works over HTTPS with a token and the cluster CA', async () => {
    const remote = createHttpClient({ server: c.cp.url, token: c.cp.adminToken, caCertPem: c.cp.caCertPem });
    expect((await remote.get(R.namespaces, undefined, 'default')).metadata.name).toBe('default');
    const denied = createHttpClient({ server: c.cp.url, token: 'wrong', caCertPem: c.cp.caCertPem });
    expect((await statusOf(denied.get(R.namespaces, undefined, 'default'))).code).toBe(401);
  });
});
