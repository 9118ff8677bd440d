// The dashboard's stores in Node: fed by the real API server's list and watch,
// and by a scripted server for what a real one does rarely (410 Gone, going away).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPinia, setActivePinia } from 'pinia';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types.ts';
import type { Transport } from '../../../renderer/src/api/client.ts';
import { useResources } from '../../../renderer/src/stores/resources.ts';
import { useSessionStore } from '../../../renderer/src/stores/session.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

/** fetch that trusts only the test cluster's CA, as the browser trusts the app's. */
function trustingTransport(ca: string): { transport: Transport; close(): Promise<void> } {
  const dispatcher = new Agent({ connect: { ca } });
  const transport = ((input, init) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Transport;
  return { transport, close: () => dispatcher.close() };
}

function configMap(namespace: string, name: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name }, data };
}

beforeEach(() => setActivePinia(createPinia()));

describe('resource stores against the real API server', () => {
  let cluster: TestCluster;
  let http: ReturnType<typeof trustingTransport>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    http = trustingTransport(cluster.cp.caCertPem);
  });
  afterEach(() => useSessionStore().disconnect());
  afterAll(async () => {
    await http?.close();
    await cluster?.stop();
  });

  it('lists, then follows creates, updates and deletes through the watch', async () => {
    expect((await cluster.api('POST', '/api/v1/namespaces/default/configmaps', configMap('default', 'before'))).status).toBe(201);
    const session = useSessionStore();
    session.connect({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, http.transport);
    const configMaps = useResources('configmaps');
    await eventually('the first list', () => configMaps.synced);
    expect(configMaps.get('default', 'before')).toBeDefined();

    expect((await cluster.api('POST', '/api/v1/namespaces/default/configmaps', configMap('default', 'after', { a: '1' }))).status).toBe(201);
    await eventually('the created object', () => configMaps.get('default', 'after'));

    expect((await cluster.api('PATCH', '/api/v1/namespaces/default/configmaps/after', { data: { a: '2' } }, { 'Content-Type': 'application/merge-patch+json' })).status).toBe(200);
    await eventually('the update', () => (configMaps.get('default', 'after')?.data as Record<string, string> | undefined)?.a === '2');

    expect((await cluster.api('DELETE', '/api/v1/namespaces/default/configmaps/before')).status).toBe(200);
    await eventually('the deletion', () => configMaps.get('default', 'before') === undefined);
    expect(session.problem).toBeUndefined();
  });

  it('filters by the namespace the user picked, and shows all for none', async () => {
    expect((await cluster.api('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } })).status).toBe(201);
    expect((await cluster.api('POST', '/api/v1/namespaces/other/configmaps', configMap('other', 'elsewhere'))).status).toBe(201);
    const session = useSessionStore();
    session.connect({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, http.transport);
    const configMaps = useResources('configmaps');
    await eventually('the object in the other namespace', () => configMaps.get('other', 'elsewhere'));
    session.setNamespace('other');
    expect(configMaps.inNamespace.map((o) => o.metadata.name)).toEqual(['elsewhere']);
    session.setNamespace('');
    expect(configMaps.inNamespace.map((o) => o.metadata.namespace)).toEqual(expect.arrayContaining(['default', 'other']));
  });

  it('reports a token the server refuses as unauthorized and stops retrying', async () => {
    const session = useSessionStore();
    session.connect({ apiUrl: cluster.cp.url, token: 'not-a-token', embedded: false }, http.transport);
    useResources('pods');
    const problem = await eventually('the refusal', () => session.problem);
    expect(problem.kind).toBe('unauthorized');
  });
});

/** A server that answers lists and watches from a script, counting the lists. */
interface Scripted {
  url: string;
  lists: number;
  server: Server;
  /** Items the next list returns, at this resourceVersion. */
  state: { items: KubeObject[]; resourceVersion: string };
  /** What the next watch does. */
  onWatch: (res: ServerResponse, resourceVersion: string) => void;
}

async function scriptedServer(): Promise<Scripted> {
  const scripted = { lists: 0, state: { items: [] as KubeObject[], resourceVersion: '1' }, onWatch: (res: ServerResponse) => void res } as Scripted;
  scripted.server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.searchParams.get('watch') === '1') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      scripted.onWatch(res, url.searchParams.get('resourceVersion') ?? '');
      return;
    }
    scripted.lists += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: scripted.state.resourceVersion }, items: scripted.state.items }));
  });
  await new Promise<void>((resolve) => scripted.server.listen(0, '127.0.0.1', resolve));
  scripted.url = `http://127.0.0.1:${(scripted.server.address() as AddressInfo).port}`;
  return scripted;
}

function withVersion(object: KubeObject, resourceVersion: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion } };
}

describe('resource stores when the watch fails', () => {
  let scripted: Scripted;

  beforeEach(async () => {
    scripted = await scriptedServer();
  });
  afterEach(async () => {
    useSessionStore().disconnect();
    scripted.server.closeAllConnections();
    await new Promise((resolve) => scripted.server.close(resolve));
  });

  it('relists at once on 410 Gone and ends up with exactly the relisted objects', async () => {
    scripted.state = { items: [withVersion(configMap('default', 'kept'), '5'), withVersion(configMap('default', 'dropped'), '6')], resourceVersion: '10' };
    const watchedFrom: string[] = [];
    scripted.onWatch = (res, resourceVersion) => {
      watchedFrom.push(resourceVersion);
      if (watchedFrom.length === 1) {
        // An event, then the version is compacted away, as upstream sends it.
        res.write(`${JSON.stringify({ type: 'ADDED', object: withVersion(configMap('default', 'seen'), '11') })}\n`);
        scripted.state = { items: [withVersion(configMap('default', 'kept'), '5'), withVersion(configMap('default', 'new'), '30')], resourceVersion: '31' };
        res.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 11 (20)' } })}\n`);
      }
      // Later watches stay open, quiet.
    };
    const session = useSessionStore();
    const reported: unknown[] = [];
    session.$onAction(({ name, args }) => {
      if (name === 'report' && args[1]) reported.push(args[1]);
    });
    session.connect({ apiUrl: scripted.url, token: 't', embedded: false });
    const configMaps = useResources('configmaps');
    await eventually('the relist', () => scripted.lists === 2 && watchedFrom.length === 2);
    expect([...configMaps.items.keys()].sort()).toEqual(['default/kept', 'default/new']);
    expect(watchedFrom).toEqual(['10', '31']);
    // A relist is not a failure the user needs to hear about.
    expect(reported).toEqual([]);
  });

  it('resumes from the last version seen when the server ends a watch', async () => {
    scripted.state = { items: [], resourceVersion: '3' };
    const watchedFrom: string[] = [];
    scripted.onWatch = (res, resourceVersion) => {
      watchedFrom.push(resourceVersion);
      if (watchedFrom.length === 1) {
        res.write(`${JSON.stringify({ type: 'ADDED', object: withVersion(configMap('default', 'a'), '4') })}\n`);
        res.end(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '9' } } })}\n`);
      }
    };
    useSessionStore().connect({ apiUrl: scripted.url, token: 't', embedded: false });
    const configMaps = useResources('configmaps');
    await eventually('the second watch', () => watchedFrom.length === 2);
    expect(watchedFrom).toEqual(['3', '9']);
    expect(scripted.lists).toBe(1);
    expect(configMaps.get('default', 'a')).toBeDefined();
  });

  it('shows the API as unreachable while it is down, and clears that once it is back', async () => {
    scripted.state = { items: [withVersion(configMap('default', 'a'), '2')], resourceVersion: '2' };
    let open: ServerResponse | undefined;
    scripted.onWatch = (res) => {
      open = res;
    };
    const session = useSessionStore();
    session.connect({ apiUrl: scripted.url, token: 't', embedded: false });
    const configMaps = useResources('configmaps');
    await eventually('the watch', () => open !== undefined);
    const { port } = scripted.server.address() as AddressInfo;
    scripted.server.closeAllConnections();
    await new Promise((resolve) => scripted.server.close(resolve));
    const problem = await eventually('the unreachable report', () => session.problem);
    expect(problem.kind).toBe('unreachable');
    // The objects last seen stay on screen while reconnecting.
    expect(configMaps.get('default', 'a')).toBeDefined();

    await new Promise<void>((resolve) => scripted.server.listen(port, '127.0.0.1', resolve));
    await eventually('recovery', () => session.problem === undefined, 10_000);
    expect(configMaps.synced).toBe(true);
  });
});
