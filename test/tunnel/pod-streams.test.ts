// Pod logs, exec, port-forward and metrics through a real control plane and a real
// tunnel, to an agent side that is a plain HTTP server recording what reaches it.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { StatsHistory, StatsSummary } from '../../api/stats.ts';
import { connectTunnel, type Tunnel } from '../../agent/tunnel/index.ts';
import { eventually } from '../helpers/eventually.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

let cluster: TestCluster;
let tunnel: Tunnel;
let nodeToken: string;
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
const followClosed: string[] = [];
/** The flooding log's producer: bytes written so far, and whether it waits for 'drain'. */
const flood = { written: 0, waiting: false };
const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => (offered.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false) });

const NOW = new Date();
const reading = (nanoCores: number, workingSetBytes: number) => ({
  cpu: { time: NOW.toISOString(), usageNanoCores: nanoCores, usageCoreNanoSeconds: 1e12 },
  memory: { time: NOW.toISOString(), workingSetBytes, usageBytes: workingSetBytes * 2 },
});
const summary: StatsSummary = {
  node: { nodeName: 'n1', startTime: NOW.toISOString(), ...reading(1_500_000_000, 2 * 1024 ** 3) },
  pods: [
    {
      podRef: { namespace: 'default', name: 'web', uid: '' },
      startTime: NOW.toISOString(),
      containers: [
        { name: 'app', startTime: NOW.toISOString(), ...reading(123_456_789, 100 * 1024 ** 2) },
        { name: 'side', startTime: NOW.toISOString(), ...reading(1_000_000, 28 * 1024 ** 2) },
      ],
    },
    { podRef: { namespace: 'default', name: 'solo', uid: '' }, startTime: NOW.toISOString(), containers: [{ name: 'c', startTime: NOW.toISOString(), ...reading(50_000_000, 64 * 1024 ** 2) }] },
  ],
  window: '10s',
};
const history: StatsHistory = { nodeName: 'n1', intervalSeconds: 10, node: [{ t: 1, cpuNanoCores: 2, memoryWorkingSetBytes: 3 }], pods: {} };

/** The agent's node API, reduced to recording requests and answering predictably. */
const node = http.createServer((req, res) => {
  seen.push({ method: req.method!, url: req.url!, headers: req.headers });
  const url = new URL(req.url!, 'http://node');
  if (url.pathname === '/stats/summary') return void res.end(JSON.stringify(summary));
  if (url.pathname === '/stats/history') return void res.end(JSON.stringify(history));
  if (url.pathname.startsWith('/containerLogs/')) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    if (url.searchParams.get('follow') !== 'true') return void res.end(`log of ${url.pathname}\n`);
    if (url.pathname === '/containerLogs/default/web/app') {
      // Writes for as long as the stream takes it: only back-pressure can stop it.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        flood.waiting = false;
        while (!res.destroyed) {
          flood.written += chunk.length;
          if (!res.write(chunk)) {
            flood.waiting = true;
            return void res.once('drain', pump);
          }
        }
      };
      res.on('close', () => followClosed.push(url.pathname));
      return pump();
    }
    res.write('first line\n');
    res.on('close', () => followClosed.push(url.pathname));
    return;
  }
  res.writeHead(404).end();
});
node.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
  seen.push({ method: req.method!, url: req.url!, headers: req.headers });
  if (req.url!.startsWith('/exec/')) {
    wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(Buffer.concat([Buffer.from('echo:'), data as Buffer]))));
    return;
  }
  // Port-forward's subprotocol is answered by hand, as the real node server must: `ws` cannot parse it.
  socket.on('error', () => socket.destroy());
  const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${req.headers['sec-websocket-protocol']}\r\n\r\n`);
  socket.on('data', (d: Buffer) => socket.write(Buffer.concat([Buffer.from('spdy:'), d])));
});

async function create(path: string, body: unknown): Promise<void> {
  const r = await cluster.api('POST', path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  const capacity = { cpu: '4', memory: '8Gi', pods: '110' };
  for (const name of ['n1', 'n2']) {
    await create('/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { tier: name === 'n1' ? 'gold' : 'tin' } } });
    const r = await cluster.api('PUT', `/api/v1/nodes/${name}/status`, { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { capacity, allocatable: capacity } });
    expect(r.status).toBe(200);
  }
  const pod = (name: string, nodeName: string | undefined, containers: string[]) => create('/api/v1/namespaces/default/pods', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } },
    spec: { ...(nodeName ? { nodeName } : {}), containers: containers.map((c) => ({ name: c, image: 'busybox' })) },
  });
  await pod('web', 'n1', ['app', 'side']);
  await pod('solo', 'n1', ['c']);
  await pod('pending', undefined, ['c']);
  await pod('far', 'n2', ['c']);
  nodeToken = (await cluster.cp.issueNodeCredential('n1', 'machine-n1')).token;
  tunnel = connectTunnel({ server: cluster.cp.url, caCertPem: cluster.cp.caCertPem, token: nodeToken, onStream: (d) => node.emit('connection', d), log: () => undefined });
  await eventually('the tunnel of n1', () => cluster.cp.tunnels.isConnected('n1'));
}, 60_000);

afterAll(async () => {
  await tunnel?.close();
  await cluster?.stop();
});

function lastSeen(prefix: string) {
  const hit = [...seen].reverse().find((s) => s.url.startsWith(prefix));
  if (!hit) throw new Error(`nothing reached the agent at ${prefix}`);
  return { ...hit, parsed: new URL(hit.url, 'http://node') };
}

function handshake(path: string, token: string | undefined, opts: { protocol?: string } = {}): Promise<{ status: number; body: string; ws?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(cluster.cp.url.replace('https:', 'wss:') + path, opts.protocol ? [opts.protocol] : [], { ca: cluster.cp.caCertPem, headers: token ? { Authorization: `Bearer ${token}` } : {} });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => resolve({ status: 101, body: '', ws }));
    ws.on('error', reject);
  });
}

describe('the tunnel endpoint', () => {
  it('admits node credentials only', async () => {
    expect((await handshake('/flotilla/v1/tunnel', undefined)).status).toBe(401);
    const admin = await handshake('/flotilla/v1/tunnel', cluster.cp.adminToken);
    expect(admin.status).toBe(403);
    expect(JSON.parse(admin.body).message).toMatch(/only node credentials/);
    const n3 = await cluster.cp.issueNodeCredential('n3', 'machine-n3');
    const own = await handshake('/flotilla/v1/tunnel', n3.token);
    expect(own.status).toBe(101);
    await eventually('the tunnel of n3', () => cluster.cp.tunnels.isConnected('n3'));
    own.ws!.terminate();
  });
});

describe('pod streams through the tunnel', () => {
  it('kubectl logs reaches the agent with the node path and the query without container', async () => {
    const r = await cluster.kubectl(['logs', 'web', '-c', 'side', '--tail=5', '--timestamps']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('log of /containerLogs/default/web/side\n');
    const hit = lastSeen('/containerLogs/default/web/side');
    expect(hit.parsed.searchParams.get('tailLines')).toBe('5');
    expect(hit.parsed.searchParams.get('timestamps')).toBe('true');
    expect(hit.parsed.searchParams.has('container')).toBe(false);
    expect(hit.headers.authorization).toBeUndefined();
  });

  it('a followed log streams, and the client leaving closes the agent side', async () => {
    const req = https.request(`${cluster.cp.url}/api/v1/namespaces/default/pods/solo/log?follow=true`, { ca: cluster.cp.caCertPem, headers: { Authorization: `Bearer ${cluster.cp.adminToken}` } });
    req.end();
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.statusCode).toBe(200);
    const [chunk] = (await once(res, 'data')) as [Buffer];
    expect(chunk.toString()).toBe('first line\n');
    req.destroy();
    await eventually('the agent to see the log request end', () => followClosed.includes('/containerLogs/default/solo/c'));
  });

  it('a followed log nobody reads stops its agent without holding up other requests', async () => {
    const req = https.request(`${cluster.cp.url}/api/v1/namespaces/default/pods/web/log?follow=true&container=app`, { ca: cluster.cp.caCertPem, headers: { Authorization: `Bearer ${cluster.cp.adminToken}` } });
    req.end();
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    res.pause();
    let last = -1;
    await eventually('the agent to be held back', async () => {
      const settled = flood.waiting && flood.written === last;
      last = flood.written;
      await new Promise((r) => setTimeout(r, 100));
      return settled;
    });
    // Socket buffers on the way hold a few MiB at most; an unbounded relay would take everything.
    expect(flood.written).toBeLessThan(32 * 1024 * 1024);
    const other = await cluster.kubectl(['logs', 'solo']);
    expect(other.stdout).toBe('log of /containerLogs/default/solo/c\n');
    req.destroy();
    await eventually('the flood to end at the agent', () => followClosed.includes('/containerLogs/default/web/app'));
  });

  it('an exec WebSocket is spliced through to the agent', async () => {
    const path = '/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=echo%20hi&container=app&stdout=true&stdin=true';
    const { status, ws } = await handshake(path, cluster.cp.adminToken, { protocol: 'v5.channel.k8s.io' });
    expect(status).toBe(101);
    expect(ws!.protocol).toBe('v5.channel.k8s.io');
    ws!.send(Buffer.from([0, 104, 105]));
    const [reply] = (await once(ws!, 'message')) as [Buffer];
    expect(reply.toString()).toBe('echo:\u0000hi');
    ws!.close();
    const hit = lastSeen('/exec/default/web/app');
    expect(hit.parsed.searchParams.getAll('command')).toEqual(['sh', '-c', 'echo hi']);
    expect(hit.parsed.searchParams.has('container')).toBe(false);
    expect(hit.headers.authorization).toBeUndefined();
    expect(hit.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io');
  });

  it('a browser may carry its token as a subprotocol, which the agent never sees', async () => {
    const bearer = `base64url.bearer.authorization.k8s.io.${Buffer.from(cluster.cp.adminToken).toString('base64url')}`;
    const path = '/api/v1/namespaces/default/pods/solo/exec?command=ls&stdout=true';
    const ws = new WebSocket(cluster.cp.url.replace('https:', 'wss:') + path, ['v5.channel.k8s.io', bearer], { ca: cluster.cp.caCertPem });
    await once(ws, 'open');
    expect(ws.protocol).toBe('v5.channel.k8s.io');
    ws.close();
    const hit = lastSeen('/exec/default/solo/c');
    expect(hit.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io');
    expect(hit.headers.authorization).toBeUndefined();
    const wrong = `base64url.bearer.authorization.k8s.io.${Buffer.from('wrong').toString('base64url')}`;
    const refused = new WebSocket(cluster.cp.url.replace('https:', 'wss:') + path, ['v5.channel.k8s.io', wrong], { ca: cluster.cp.caCertPem });
    const [, res] = (await once(refused, 'unexpected-response')) as [unknown, http.IncomingMessage];
    expect(res.statusCode).toBe(401);
    res.resume();
    refused.on('error', () => undefined);
    refused.terminate();
  });

  it('port-forward keeps the SPDY-in-WebSocket subprotocol and its bytes untouched', async () => {
    const req = https.request(`${cluster.cp.url}/api/v1/namespaces/default/pods/solo/portforward?ports=8080`, {
      ca: cluster.cp.caCertPem,
      headers: {
        Authorization: `Bearer ${cluster.cp.adminToken}`,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'SPDY/3.1+portforward.k8s.io',
      },
    });
    req.end();
    const [res, socket] = await new Promise<[http.IncomingMessage, Duplex]>((resolve, reject) => {
      req.on('upgrade', (r, s) => resolve([r, s]));
      req.on('response', (r) => reject(new Error(`no upgrade: HTTP ${r.statusCode}`)));
    });
    expect(res.statusCode).toBe(101);
    expect(res.headers['sec-websocket-protocol']).toBe('SPDY/3.1+portforward.k8s.io');
    socket.write('raw frame bytes');
    const [echo] = (await once(socket, 'data')) as [Buffer];
    expect(echo.toString()).toBe('spdy:raw frame bytes');
    socket.destroy();
    expect(lastSeen('/portForward/default/solo').parsed.searchParams.get('ports')).toBe('8080');
  });

  it('answers what it can without an agent, and 503 when the node has no tunnel', async () => {
    expect(await cluster.api('GET', '/api/v1/namespaces/default/pods/pending/log')).toMatchObject({ status: 200, body: '' });
    const exec = await handshake('/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true', cluster.cp.adminToken);
    expect(exec.status).toBe(400);
    expect(JSON.parse(exec.body).message).toBe('pod pending does not have a host assigned');

    const far = await cluster.kubectl(['logs', 'far']);
    expect(far.code).not.toBe(0);
    expect(far.stderr).toContain('no agent of node "n2" is connected to the control plane');
    const farExec = await handshake('/api/v1/namespaces/default/pods/far/exec?command=ls&stdout=true', cluster.cp.adminToken, { protocol: 'v5.channel.k8s.io' });
    expect(farExec.status).toBe(503);

    const both = await cluster.api('GET', '/api/v1/namespaces/default/pods/web/log');
    expect(both.body.message).toBe('a container name must be specified for pod web, choose one of: [app side]');
    expect((await handshake('/api/v1/namespaces/default/pods/web/exec?command=ls&container=nope', cluster.cp.adminToken)).status).toBe(400);
    expect((await handshake('/api/v1/namespaces/default/pods/web/exec?command=ls&container=app', undefined)).status).toBe(401);
    expect((await handshake('/api/v1/namespaces/default/pods/web/exec?command=ls&container=app', nodeToken)).status).toBe(403);
    // Watches and logs do switch (test/integration/websocket-streams.test.ts); a plain read does not.
    const get = await handshake('/api/v1/namespaces/default/pods/solo', cluster.cp.adminToken);
    expect(get).toMatchObject({ status: 400, body: expect.stringContaining('does not switch protocols') });
  });
});

describe('metrics', () => {
  it('is discoverable', async () => {
    const groups = await cluster.api('GET', '/apis');
    expect(JSON.stringify(groups.body)).toContain('metrics.k8s.io/v1beta1');
    const resources = await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1');
    expect((resources.body as unknown as { resources: { name: string; kind: string; verbs: string[] }[] }).resources).toEqual([
      expect.objectContaining({ name: 'nodes', kind: 'NodeMetrics', verbs: ['get', 'list'], namespaced: false }),
      expect.objectContaining({ name: 'pods', kind: 'PodMetrics', verbs: ['get', 'list'], namespaced: true }),
    ]);
    const aggregated = await cluster.api('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
    expect(JSON.stringify(aggregated.body)).toContain('"name":"metrics.k8s.io"');
  });

  it('lists node metrics of connected nodes only, with label selectors', async () => {
    const list = await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(list.body.kind).toBe('NodeMetricsList');
    expect(list.body.items).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'n1', labels: { tier: 'gold' } }),
      window: '10s',
      usage: { cpu: '1500000000n', memory: `${2 * 1024 * 1024}Ki` },
      timestamp: NOW.toISOString().replace(/\.\d+Z$/, 'Z'),
    })]);
    expect((await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=tier%3Dtin')).body.items).toEqual([]);
    expect((await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n2')).status).toBe(404);
    const one = await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n1');
    expect(one.body).toMatchObject({ kind: 'NodeMetrics', metadata: { name: 'n1' } });
  });

  it('lists pod metrics per namespace and selector', async () => {
    const list = await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb');
    expect(list.body.items).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'web', namespace: 'default' }),
      containers: [{ name: 'app', usage: { cpu: '123456789n', memory: '102400Ki' } }, { name: 'side', usage: { cpu: '1000000n', memory: '28672Ki' } }],
    })]);
    const all = await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/pods');
    expect(all.body.items!.map((i) => i.metadata.name).sort()).toEqual(['solo', 'web']);
    expect((await cluster.api('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/far')).body.message).toBe('podmetrics.metrics.k8s.io "far" not found');
  });

  it('kubectl top nodes and pods print the agent\'s numbers', async () => {
    const nodes = await cluster.kubectl(['top', 'nodes']);
    expect(nodes.stderr).toBe('');
    const n1 = nodes.stdout.split('\n').find((l) => l.startsWith('n1'))!.split(/\s+/);
    // 1.5 cores of 4, 2 GiB of 8 GiB.
    expect(n1.slice(1, 5)).toEqual(['1500m', '37%', '2048Mi', '25%']);
    const pods = await cluster.kubectl(['top', 'pods', '--containers']);
    expect(pods.stderr).toBe('');
    const rows = pods.stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([['solo', 'c', '50m', '64Mi'], ['web', 'app', '124m', '100Mi'], ['web', 'side', '1m', '28Mi']]);
    const table = await cluster.kubectl(['get', 'podmetrics.metrics.k8s.io', 'web']);
    expect(table.stderr).toBe('');
    expect(table.stdout.split('\n').map((l) => l.trim().split(/\s+/))).toEqual([['NAME', 'CPU', 'MEMORY', 'WINDOW'], ['web', '124456789n', '131072Ki', '10s'], ['']]);
  });

  it('serves the stats history to administrators', async () => {
    const r = await cluster.api('GET', '/flotilla/v1/nodes/n1/stats/history');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(history);
    expect((await cluster.api('GET', '/flotilla/v1/nodes/nope/stats/history')).status).toBe(404);
    expect((await cluster.api('GET', '/flotilla/v1/nodes/n2/stats/history')).status).toBe(503);
    expect((await cluster.api('GET', '/flotilla/v1/nodes/n1/stats/history', undefined, { Authorization: `Bearer ${nodeToken}` })).status).toBe(403);
  });
});
