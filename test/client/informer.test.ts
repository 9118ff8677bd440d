// Informers against a real control plane: sync, handlers, indexes, and a relist after 410.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types.ts';
import { createHttpClient } from '../../client/http-client.ts';
import { createInformerFactory } from '../../client/informer.ts';
import { BY_CONTROLLER, BY_NAMESPACE, BY_NODE, R } from '../../client/types.ts';
import type { Client } from '../../client/types.ts';
import { startControlPlane } from '../../electron/control-plane/index.ts';
import { openSqliteStore } from '../../electron/control-plane/store/sqlite.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

type Pod = KubeObject & { spec: { nodeName?: string; containers: unknown[] } };
type ConfigMap = KubeObject & { data?: Record<string, string> };

const OWNER_UID = '6f1c2a8e-0000-4000-8000-000000000001';

function pod(name: string, namespace: string, nodeName?: string, owned = false): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      ...(owned ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: OWNER_UID, controller: true }] } : {}),
    },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox' }] },
  };
}

const cm = (name: string, a: string): ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a } });

/** Polls until `check` holds, failing with its last value after `ms`. */
async function eventually(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();

describe('informer', () => {
  let c: TestCluster;
  let client: Client;
  beforeAll(async () => {
    c = await startTestCluster();
    client = createHttpClient(c.cp.loopback);
    await client.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    await client.create(R.pods, 'default', pod('a', 'default', 'node-1', true));
    await client.create(R.pods, 'default', pod('b', 'default'));
    await client.create(R.pods, 'other', pod('c', 'other', 'node-1'));
  });
  afterAll(() => c.stop());

  it('syncs, calls handlers in order, keeps indexes, and survives a throwing handler', async () => {
    const logs: string[] = [];
    const factory = createInformerFactory(client, (line) => logs.push(line));
    const pods = factory.informer<Pod>(R.pods);
    const calls: string[] = [];
    pods.addHandlers({ add: () => { throw new Error('broken handler'); } });
    pods.addHandlers({
      add: (p) => calls.push(`add ${p.metadata.name}`),
      update: (o, n) => calls.push(`update ${n.metadata.name} ${o.spec.nodeName ?? ''}->${n.spec.nodeName ?? ''}`),
      delete: (p) => calls.push(`delete ${p.metadata.name}`),
    });
    expect(pods.hasSynced()).toBe(false);
    factory.start();
    await pods.synced();
    expect(pods.hasSynced()).toBe(true);
    expect(calls.sort()).toEqual(['add a', 'add b', 'add c']);
    expect(logs.some((l) => l.includes('broken handler'))).toBe(true);

    expect(names(pods.list())).toEqual(['a', 'b', 'c']);
    expect(names(pods.list('other'))).toEqual(['c']);
    expect(names(pods.byIndex(BY_NAMESPACE, 'default'))).toEqual(['a', 'b']);
    expect(names(pods.byIndex(BY_NODE, 'node-1'))).toEqual(['a', 'c']);
    expect(names(pods.byIndex(BY_NODE, ''))).toEqual(['b']);
    expect(names(pods.byIndex(BY_CONTROLLER, OWNER_UID))).toEqual(['a']);
    expect(pods.get('other', 'c')?.spec.nodeName).toBe('node-1');

    calls.length = 0;
    await client.bind('default', 'b', 'node-2');
    await client.create(R.pods, 'default', pod('d', 'default'));
    await client.delete(R.pods, 'default', 'd', { gracePeriodSeconds: 0 });
    await eventually(() => calls.length === 3);
    expect(calls).toEqual(['update b ->node-2', 'add d', 'delete d']);
    expect(names(pods.byIndex(BY_NODE, ''))).toEqual([]);
    expect(names(pods.byIndex(BY_NODE, 'node-2'))).toEqual(['b']);
    expect(Number(pods.lastResourceVersion())).toBeGreaterThan(0);

    // A handler added after sync first hears of everything cached.
    const late: string[] = [];
    pods.addHandlers({ add: (p) => late.push(p.metadata.name!) });
    expect(late.sort()).toEqual(['a', 'b', 'c']);

    // A custom index covers objects cached before it was added.
    pods.addIndex('image', (p) => (p.spec.containers as Array<{ image: string }>).map((x) => x.image));
    expect(names(pods.byIndex('image', 'busybox'))).toEqual(['a', 'b', 'c']);

    // The factory hands out one informer per resource.
    expect(factory.informer(R.pods)).toBe(pods);
    factory.stop();
  });

  it('lists and watches only what its selectors match, one informer per selectors', async () => {
    const factory = createInformerFactory(client);
    const onNode = factory.informer<Pod>(R.pods, { fieldSelector: 'spec.nodeName=node-1' });
    const labelled = factory.informer<Pod>(R.pods, { labelSelector: 'tier=web' });
    expect(factory.informer(R.pods, { fieldSelector: 'spec.nodeName=node-1' })).toBe(onNode);
    expect(onNode).not.toBe(factory.informer(R.pods));
    factory.start();
    await Promise.all([onNode.synced(), labelled.synced()]);
    expect(names(onNode.list())).toEqual(['a', 'c']);
    expect(names(labelled.list())).toEqual([]);

    const seen: string[] = [];
    onNode.addHandlers({ add: (p) => seen.push(`add ${p.metadata.name}`), delete: (p) => seen.push(`delete ${p.metadata.name}`) });
    seen.length = 0;
    await client.create(R.pods, 'default', pod('e', 'default', 'node-1'));
    await client.create(R.pods, 'default', pod('f', 'default', 'node-3'));
    await client.create(R.pods, 'default', { ...pod('g', 'default'), metadata: { name: 'g', namespace: 'default', labels: { tier: 'web' } } });
    await eventually(() => seen.length === 1 && labelled.list().length === 1);
    await client.delete(R.pods, 'default', 'e', { gracePeriodSeconds: 0 });
    await eventually(() => seen.length === 2);
    expect(seen).toEqual(['add e', 'delete e']);
    expect(names(labelled.list())).toEqual(['g']);
    expect(names(onNode.list())).toEqual(['a', 'c']);
    factory.stop();
  });
});

describe('informer relist after 410', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-informer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('turns the difference between cache and a relist into add, update and delete calls', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await startControlPlane({ dataDir, listen: '127.0.0.1:0', controllers: false });
    const port = new URL(first.url).port;
    // The admin token and CA live in the data dir, so this client reaches every later start on the same port.
    const client = createHttpClient({ server: first.url, token: first.adminToken, caCertPem: first.caCertPem });
    for (const name of ['keep', 'change', 'remove']) await client.create(R.configmaps, 'default', cm(name, '1'));

    const logs: string[] = [];
    const factory = createInformerFactory(client, (line) => logs.push(line));
    const configmaps = factory.informer<ConfigMap>(R.configmaps);
    factory.start();
    await configmaps.synced();
    const syncedAt = Number(configmaps.lastResourceVersion());
    const calls: string[] = [];
    configmaps.addHandlers({
      update: (o, n) => calls.push(`update ${n.metadata.name} ${o.data?.a}->${n.data?.a}`),
      delete: (o) => calls.push(`delete ${o.metadata.name} ${o.data?.a}`),
    });
    configmaps.addHandlers({ add: (o) => calls.push(`add ${o.metadata.name}`) });
    calls.length = 0;

    // Change state behind the informer's back (another port it does not know), then
    // compact the history so its resourceVersion is gone: its watch must get 410.
    await first.stop();
    const elsewhere = await startControlPlane({ dataDir, listen: '127.0.0.1:0', controllers: false });
    const other = createHttpClient({ server: elsewhere.url, token: elsewhere.adminToken, caCertPem: elsewhere.caCertPem });
    await other.delete(R.configmaps, 'default', 'remove');
    await other.patch(R.configmaps, 'default', 'change', 'merge', { data: { a: '2' } });
    await other.create(R.configmaps, 'default', cm('new', '1'));
    await elsewhere.stop();
    const store = await openSqliteStore({ path: path.join(dataDir, 'state.db') });
    await store.compact(store.currentRevision());
    await store.close();

    const again = await startControlPlane({ dataDir, listen: `127.0.0.1:${port}`, controllers: false });
    try {
      await eventually(() => calls.length >= 3);
      expect(calls.sort()).toEqual(['add new', 'delete remove 1', 'update change 1->2']);
      expect(logs.some((l) => l.includes('relisting'))).toBe(true);
      expect(names(configmaps.list('default'))).toEqual(['change', 'keep', 'new']);
      expect(Number(configmaps.lastResourceVersion())).toBeGreaterThan(syncedAt);

      // And it watches again from the relist.
      await client.patch(R.configmaps, 'default', 'keep', 'merge', { data: { a: '3' } });
      await eventually(() => calls.length === 4);
      expect(calls[3]).toBe('update keep 1->3');
    } finally {
      factory.stop();
      await again.stop();
    }
  });
});
