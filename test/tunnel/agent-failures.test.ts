// An agent that stays silent or drops the stream: the API answers 504 or 502 with a
// Status, never hangs. The control plane's forwarding functions run in a plain HTTP
// server here so the response timeout can be short.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KubeObject } from '../../api/types.ts';
import { sendError } from '../../electron/control-plane/apiserver/http.ts';
import { servePodStream, upgradePodStream } from '../../electron/control-plane/apiserver/subresources/pod-streams.ts';
import { StatsSource } from '../../electron/control-plane/metrics/source.ts';
import { TunnelRegistry } from '../../electron/control-plane/tunnel/registry.ts';
import { refuseUpgrade } from '../../electron/control-plane/tunnel/upgrade.ts';
import { connectTestTunnel, type TestTunnel } from '../helpers/tunnel.ts';

const TIMEOUT_MS = 300;
const tunnels = new TunnelRegistry();
let url: string;
let connected: TestTunnel;
const pod = (name: string): KubeObject => ({ metadata: { name, namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c' }] } } as KubeObject);
const ctx = { tunnels, timeoutMs: TIMEOUT_MS };

/** The pod named in the path decides how the agent misbehaves. */
const server = http.createServer((req, res) => {
  const u = new URL(req.url!, 'http://cp');
  servePodStream(ctx, pod(u.pathname.split('/')[1]!), 'log', req, res, u).catch((err) => sendError(res, err));
});
server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
  const u = new URL(req.url!, 'http://cp');
  if (u.pathname === '/flotilla/v1/tunnel') return tunnels.accept(req, socket, head, 'n1');
  upgradePodStream(ctx, pod(u.pathname.split('/')[1]!), 'exec', req, socket, head, u).catch((err) => refuseUpgrade(socket, err));
});

/** Silent for pods named silent*, and drops the connection for broken*. */
function misbehave(socket: Duplex, path: string): void {
  socket.on('error', () => undefined);
  if (path.includes('/broken/')) socket.destroy();
}
const node = http.createServer((req) => misbehave(req.socket, req.url!));
node.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => misbehave(socket, req.url!));

beforeAll(async () => {
  connected = await connectTestTunnel(server, node, tunnels, 'n1');
  url = connected.url;
});

afterAll(() => connected.close());

async function get(path: string): Promise<{ status: number; body: { reason?: string; message?: string } }> {
  const res = await fetch(url + path);
  return { status: res.status, body: (await res.json()) as { reason?: string; message?: string } };
}

function upgrade(path: string): Promise<{ status: number; body: { reason?: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http:', 'ws:') + path, ['v5.channel.k8s.io']);
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on('open', () => reject(new Error('the upgrade succeeded')));
    ws.on('error', reject);
  });
}

describe('an agent that misbehaves', () => {
  it('a silent agent is a 504 Timeout for plain requests and upgrades', async () => {
    for (const r of [await get('/silent/log'), await upgrade('/silent/exec?command=ls')]) {
      expect(r.status).toBe(504);
      expect(r.body).toMatchObject({ reason: 'Timeout', message: `the agent of node "n1" did not answer within ${TIMEOUT_MS / 1000}s` });
    }
  });

  it('an agent dropping the stream is a 502 for plain requests and upgrades', async () => {
    for (const r of [await get('/broken/log'), await upgrade('/broken/exec?command=ls')]) {
      expect(r.status).toBe(502);
      expect(r.body.message).toMatch(/^error talking to the agent of node "n1": /);
    }
  });

  it('a silent agent is left out of the metrics after a short wait', async () => {
    const source = new StatsSource(tunnels, { timeoutMs: TIMEOUT_MS });
    expect(await source.summary('n1')).toBeUndefined();
    expect(await source.summary('n2')).toBeUndefined();
  });
});
