// The dashboard's stores in Node: fed by the real API server's list and watch,
// and by a scripted server for what a real one does rarely (410 Gone, going away).
// Lists go over fetch, watches over WebSockets, as in the browser.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPinia, setActivePinia } from 'pinia';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KubeObject } from '../../../api/types.ts';
import { useResources } from '../../../renderer/src/stores/resources.ts';
import { useSessionStore } from '../../../renderer/src/stores/session.ts';
import { browserTransport, type BrowserTransport } from '../../helpers/browser-transport.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

function configMap(namespace: string, name: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name }, data };
}

beforeEach(() => setActivePinia(createPinia()));

describe('resource stores against the real API server', () => {
  let cluster: TestCluster;
  let http: BrowserTransport;

  beforeAll(async () => {
    cluster = await startTestCluster();
    http = browserTransport(cluster.cp.caCertPem);
  });
  afterEach(() => useSessionStore().disconnect());
  afterAll(async () => {
    await http?.close();
    await cluster?.stop();
  });

  it('lists, then follows creates, updates and deletes through the watch', async () => {
    expect((await cluster.api('POST', '/api/v1/namespaces/default/configmaps', configMap('default', 'before'))).status).toBe(201);
    const session = useSessionStore();
    session.connect({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, http.transport, http.sockets);
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
    session.connect({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, http.transport, http.sockets);
    const configMaps = useResources('configmaps');
    await eventually('the object in the other namespace', () => configMaps.get('other', 'elsewhere'));
    session.setNamespace('other');
    expect(configMaps.inNamespace.map((o) => o.metadata.name)).toEqual(['elsewhere']);
    session.setNamespace('');
    expect(configMaps.inNamespace.map((o) => o.metadata.namespace)).toEqual(expect.arrayContaining(['default', 'other']));
  });

  it('reports a token the server refuses as unauthorized and stops retrying', async () => {
    const session = useSessionStore();
    session.connect({ apiUrl: cluster.cp.url, token: 'not-a-token', embedded: false }, http.transport, http.sockets);
    useResources('pods');
    const problem = await eventually('the refusal', () => session.problem);
    expect(problem.kind).toBe('unauthorized');
  });
});

/** A server that answers lists over HTTP and watches over WebSockets from a script, counting the lists. */
interface Scripted {
  url: string;
  lists: number;
  server: Server;
  sockets: WebSocketServer;
  /** Items the next list returns, at this resourceVersion. */
  state: { items: KubeObject[]; resourceVersion: string };
  /** What the next watch does. */
  onWatch: (socket: WebSocket, resourceVersion: string) => void;
  stop(): Promise<void>;
}

async function scriptedServer(): Promise<Scripted> {
  const scripted = { lists: 0, state: { items: [] as KubeObject[], resourceVersion: '1' }, onWatch: () => undefined } as unknown as Scripted;
  scripted.server = createServer((_req, res) => {
    scripted.lists += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: scripted.state.resourceVersion }, items: scripted.state.items }));
  });
  scripted.sockets = new WebSocketServer({ server: scripted.server, handleProtocols: (offered) => (offered.has('binary.k8s.io') ? 'binary.k8s.io' : false) });
  scripted.sockets.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    expect(url.searchParams.get('watch')).toBe('1');
    scripted.onWatch(socket, url.searchParams.get('resourceVersion') ?? '');
  });
  await new Promise<void>((resolve) => scripted.server.listen(0, '127.0.0.1', resolve));
  scripted.url = `http://127.0.0.1:${(scripted.server.address() as AddressInfo).port}`;
  scripted.stop = async () => {
    for (const socket of scripted.sockets.clients) socket.terminate();
    scripted.server.closeAllConnections();
    await new Promise((resolve) => scripted.server.close(resolve));
  };
  return scripted;
}

function withVersion(object: KubeObject, resourceVersion: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion } };
}

describe('resource stores when the watch fails', () => {
  let scripted: Scripted;
  let http: BrowserTransport;

  beforeEach(async () => {
    scripted = await scriptedServer();
    http = browserTransport();
  });
  afterEach(async () => {
    useSessionStore().disconnect();
    await scripted.stop();
    await http.close();
  });

  function connect(): void {
    useSessionStore().connect({ apiUrl: scripted.url, token: 't', embedded: false }, http.transport, http.sockets);
  }

  it('relists at once on 410 Gone and ends up with exactly the relisted objects', async () => {
    scripted.state = { items: [withVersion(configMap('default', 'kept'), '5'), withVersion(configMap('default', 'dropped'), '6')], resourceVersion: '10' };
    const watchedFrom: string[] = [];
    scripted.onWatch = (socket, resourceVersion) => {
      watchedFrom.push(resourceVersion);
      if (watchedFrom.length === 1) {
        // An event, then the version is compacted away, as upstream sends it.
        socket.send(JSON.stringify({ type: 'ADDED', object: withVersion(configMap('default', 'seen'), '11') }));
        scripted.state = { items: [withVersion(configMap('default', 'kept'), '5'), withVersion(configMap('default', 'new'), '30')], resourceVersion: '31' };
        socket.send(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 11 (20)' } }));
        socket.close(1000);
      }
      // Later watches stay open, quiet.
    };
    const session = useSessionStore();
    const reported: unknown[] = [];
    session.$onAction(({ name, args }) => {
      if (name === 'report' && args[1]) reported.push(args[1]);
    });
    connect();
    const configMaps = useResources('configmaps');
    await eventually('the relist', () => scripted.lists === 2 && watchedFrom.length === 2);
    expect([...configMaps.items.keys()].sort()).toEqual(['default/kept', 'default/new']);
    expect(watchedFrom).toEqual(['10', '31']);
    // A relist is not a failure the user needs to hear about.
    expect(reported).toEqual([]);
  });

  it('relists when the server refuses the version with a Status frame', async () => {
    scripted.state = { items: [], resourceVersion: '7' };
    const watchedFrom: string[] = [];
    scripted.onWatch = (socket, resourceVersion) => {
      watchedFrom.push(resourceVersion);
      if (watchedFrom.length > 1) return;
      scripted.state = { items: [withVersion(configMap('default', 'later'), '40')], resourceVersion: '41' };
      socket.send(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: 'too old resource version: 7 (20)' }));
      socket.close(1000);
    };
    connect();
    const configMaps = useResources('configmaps');
    await eventually('the relist', () => watchedFrom.length === 2);
    expect(watchedFrom).toEqual(['7', '41']);
    expect(configMaps.get('default', 'later')).toBeDefined();
  });

  it('resumes from the last version seen when the server ends a watch', async () => {
    scripted.state = { items: [], resourceVersion: '3' };
    const watchedFrom: string[] = [];
    scripted.onWatch = (socket, resourceVersion) => {
      watchedFrom.push(resourceVersion);
      if (watchedFrom.length === 1) {
        socket.send(JSON.stringify({ type: 'ADDED', object: withVersion(configMap('default', 'a'), '4') }));
        socket.send(JSON.stringify({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '9' } } }));
        socket.close(1000);
      }
    };
    connect();
    const configMaps = useResources('configmaps');
    await eventually('the second watch', () => watchedFrom.length === 2);
    expect(watchedFrom).toEqual(['3', '9']);
    expect(scripted.lists).toBe(1);
    expect(configMaps.get('default', 'a')).toBeDefined();
  });

  it('shows the API as unreachable while it is down, and clears that once it is back', async () => {
    scripted.state = { items: [withVersion(configMap('default', 'a'), '2')], resourceVersion: '2' };
    let watching = false;
    scripted.onWatch = () => {
      watching = true;
    };
    const session = useSessionStore();
    connect();
    const configMaps = useResources('configmaps');
    await eventually('the watch', () => watching);
    const { port } = scripted.server.address() as AddressInfo;
    await scripted.stop();
    const problem = await eventually('the unreachable report', () => session.problem);
    expect(problem.kind).toBe('unreachable');
    // The objects last seen stay on screen while reconnecting.
    expect(configMaps.get('default', 'a')).toBeDefined();

    await new Promise<void>((resolve) => scripted.server.listen(port, '127.0.0.1', resolve));
    await eventually('recovery', () => session.problem === undefined, 10_000);
    expect(configMaps.synced).toBe(true);
  });
});
