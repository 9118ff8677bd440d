// Both ends of the tunnel over a real WebSocket: the agent's connectTunnel dialling a
// real HTTP server that hands upgrades to the control plane's TunnelRegistry, and
// node HTTP servers answering on the streams. Who may open a tunnel is tested
// through the real API server in pod-streams.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connectTunnel, backoffDelay, type Tunnel } from '../../agent/tunnel/index.ts';
import { TunnelRegistry } from '../../electron/control-plane/tunnel/registry.ts';
import { eventually } from '../helpers/eventually.ts';

const NODE_TOKEN = 'node-token-n1';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A control plane reduced to the registry, every tunnel taken as node n1's. */
async function controlPlane(pingIntervalMs = 10_000) {
  const tunnels = new TunnelRegistry({ pingIntervalMs });
  const sockets = new Set<Duplex>();
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    tunnels.accept(req, socket, head, 'n1');
  });
  const url = await listen(server);
  cleanups.push(() => tunnels.close());
  return { url, tunnels, sockets };
}

/** An agent whose node server answers every request with its own name and the path. */
function agent(url: string, name: string, opts: { backoffMs?: number; pingIntervalMs?: number; token?: string } = {}): Tunnel & { log: string[] } {
  const node = http.createServer((req, res) => {
    if (req.url === '/big') {
      res.end(Buffer.alloc(3 * 1024 * 1024, name));
      return;
    }
    res.end(`${name} ${req.method} ${req.url}`);
  });
  const log: string[] = [];
  const tunnel = connectTunnel({
    server: url,
    caCertPem: '',
    token: opts.token ?? NODE_TOKEN,
    onStream: (duplex) => node.emit('connection', duplex),
    log: (line) => log.push(line),
    backoff: { initialMs: opts.backoffMs ?? 20, maxMs: (opts.backoffMs ?? 20) * 4 },
    pingIntervalMs: opts.pingIntervalMs,
  });
  cleanups.push(() => tunnel.close());
  return { close: () => tunnel.close(), log };
}

async function get(tunnels: TunnelRegistry, node: string, path: string): Promise<{ status: number; body: Buffer }> {
  const duplex = await tunnels.dial(node);
  return new Promise((resolve, reject) => {
    const req = http.request({ createConnection: () => duplex, path, headers: { Host: node } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tunnel', () => {
  it('carries concurrent HTTP requests to the node server, and dial fails for nodes without a tunnel', async () => {
    const cp = await controlPlane();
    await expect(cp.tunnels.dial('n1')).rejects.toThrow(/no tunnel from node "n1"/);
    agent(cp.url, 'a');
    await eventually('the tunnel', () => cp.tunnels.isConnected('n1'));
    const answers = await Promise.all([
      get(cp.tunnels, 'n1', '/big'),
      ...Array.from({ length: 30 }, (_, i) => get(cp.tunnels, 'n1', `/containerLogs/default/p/c?n=${i}`)),
      get(cp.tunnels, 'n1', '/big'),
    ]);
    expect(answers[0]!.body.equals(Buffer.alloc(3 * 1024 * 1024, 'a'))).toBe(true);
    expect(answers[31]!.body.length).toBe(3 * 1024 * 1024);
    answers.slice(1, 31).forEach((a, i) => expect(a.body.toString()).toBe(`a GET /containerLogs/default/p/c?n=${i}`));
    expect(cp.tunnels.connectedNodes()).toEqual(['n1']);
  });

  it('reconnects after the control plane drops the connection', async () => {
    const cp = await controlPlane();
    const a = agent(cp.url, 'a');
    await eventually('the tunnel', () => cp.tunnels.isConnected('n1'));
    for (const s of cp.sockets) s.destroy();
    await eventually('a second connection', () => a.log.filter((l) => l.endsWith('connected')).length === 2 && cp.tunnels.isConnected('n1'));
    expect((await get(cp.tunnels, 'n1', '/again')).body.toString()).toBe('a GET /again');
  });

  it('a newer tunnel of the same node replaces the older', async () => {
    const cp = await controlPlane();
    // The old agent waits long before retrying, as a second agent with one credential would after a replacement.
    const old = agent(cp.url, 'old', { backoffMs: 60_000 });
    await eventually('the old tunnel', () => cp.tunnels.isConnected('n1'));
    expect((await get(cp.tunnels, 'n1', '/')).body.toString()).toBe('old GET /');
    agent(cp.url, 'new');
    await eventually('the old tunnel to be told', () => old.log.some((l) => l.includes('4001')));
    expect((await get(cp.tunnels, 'n1', '/')).body.toString()).toBe('new GET /');
    expect(cp.tunnels.connectedNodes()).toEqual(['n1']);
  });

  it('the control plane drops a tunnel that stops answering pings', async () => {
    const cp = await controlPlane(50);
    const mute = new WebSocket(cp.url.replace('http:', 'ws:') + '/flotilla/v1/tunnel', { headers: { Authorization: `Bearer ${NODE_TOKEN}` }, autoPong: false });
    cleanups.push(() => mute.terminate());
    await eventually('the tunnel', () => cp.tunnels.isConnected('n1'));
    await eventually('the mute tunnel dropped', () => !cp.tunnels.isConnected('n1'));
  });

  it('the agent reconnects when the control plane stops answering pings', async () => {
    const wss = new WebSocketServer({ noServer: true, autoPong: false });
    let connections = 0;
    const server = http.createServer();
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => connections++));
    const url = await listen(server);
    cleanups.push(() => wss.clients.forEach((c) => c.terminate()));
    const a = agent(url, 'a', { pingIntervalMs: 50 });
    await eventually('a second connection', () => connections >= 2);
    expect(a.log).toContain('tunnel missed a ping; reconnecting');
  });

  it('backs off from the initial delay to the cap, with jitter', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).toBe(8000);
    expect(backoffDelay(10, 1000, 30_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(800);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1200);
  });
});
