import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SpdySession, type SpdyStream } from '../../../agent/server/spdy/session.ts';
import { runPod, startFixture, type Fixture } from './fixture.ts';

/** The client half of kubectl's tunnel: SPDY over WebSocket binary messages. */
async function dialTunnel(url: string): Promise<{ ws: WebSocket; spdy: SpdySession }> {
  const ws = new WebSocket(url, ['portforward.k8s.io']);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const spdy = new SpdySession({ send: (bytes, done) => ws.send(bytes, { binary: true }, done), close: () => ws.close() }, { role: 'client' });
  ws.on('message', (data: Buffer) => spdy.receive(data));
  ws.on('close', () => spdy.transportClosed());
  return { ws, spdy };
}

/** What kubectl's handleConnection does: error stream (half-closed at once), then data stream, same requestID. */
async function forwardOnce(spdy: SpdySession, port: number, requestId: number): Promise<{ data: SpdyStream; error: Promise<string> }> {
  const headers = { port: String(port), requestid: String(requestId) };
  const errorStream = await spdy.openStream({ ...headers, streamtype: 'error' });
  errorStream.end();
  const error = readAll(errorStream);
  const data = await spdy.openStream({ ...headers, streamtype: 'data' });
  return { data, error };
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

describe('port-forward over SPDY/3.1 in a WebSocket', () => {
  let f: Fixture;
  let wsBase: string;
  beforeEach(async () => {
    f = await startFixture();
    wsBase = f.base.replace('http', 'ws');
    await runPod(f.runtime, 'default', 'web', 'app', ['sleep', 'infinity']);
  });
  afterEach(async () => {
    await f.close();
  });

  it('answers the upgrade with the SPDY tunnelling subprotocol kubectl asks for', async () => {
    const { port } = new URL(f.base);
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.request({
        host: '127.0.0.1', port, path: '/portForward/default/web?ports=80',
        headers: {
          Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol': 'SPDY/3.1+portforward.k8s.io',
        },
      }).on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res);
      }).on('response', (res) => reject(new Error(`HTTP ${res.statusCode}`))).on('error', reject).end();
    });
    expect(response.statusCode).toBe(101);
    expect(response.headers['sec-websocket-protocol']).toBe('SPDY/3.1+portforward.k8s.io');
    expect(response.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('joins each data stream to the port, with half-closes passed through', async () => {
    const { ws, spdy } = await dialTunnel(`${wsBase}/portForward/default/web?ports=8080`);
    // the fake's port echoes what it receives
    const first = await forwardOnce(spdy, 8080, 0);
    const second = await forwardOnce(spdy, 8080, 1);
    const echoed = [readAll(first.data), readAll(second.data)];
    first.data.end('hello over spdy');
    second.data.end(Buffer.alloc(200_000, 'x'));
    expect(await echoed[0]).toBe('hello over spdy');
    expect((await echoed[1]).length).toBe(200_000);
    expect(await first.error).toBe('');
    expect(await second.error).toBe('');
    ws.close();
  });

  it('writes a failure on the error stream', async () => {
    const { ws, spdy } = await dialTunnel(`${wsBase}/portForward/default/web?ports=80`);
    const sandbox = (await f.runtime.listPodSandboxes())[0];
    await f.runtime.stopPodSandbox(sandbox.id);
    const { data, error } = await forwardOnce(spdy, 80, 0);
    const dataEnded = readAll(data);
    expect(await error).toBe(`error forwarding port 80 to pod web_default, uid uid-web: pod sandbox ${sandbox.id} is not running`);
    expect(await dataEnded).toBe('');
    ws.close();
  });

  it('carries a real HTTP request and response', async () => {
    const app = http.createServer((req, res) => {
      res.setHeader('Connection', 'close');
      res.end(`you asked for ${req.url}`);
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appPort = (app.address() as AddressInfo).port;
    // the pod's port is this server: the fake runtime has no network of its own
    f.runtime.portForward = async (_sandboxId, port) => {
      const socket = net.connect(port === 80 ? appPort : 1, '127.0.0.1');
      await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      return socket;
    };
    try {
      const { ws, spdy } = await dialTunnel(`${wsBase}/portForward/default/web?ports=80`);
      const { data, error } = await forwardOnce(spdy, 80, 7);
      const response = readAll(data);
      data.write('GET /hello HTTP/1.1\r\nHost: pod\r\n\r\n');
      const text = await response;
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text.endsWith('\r\n\r\nyou asked for /hello')).toBe(true);
      expect(await error).toBe('');
      ws.close();
    } finally {
      app.close();
    }
  });

  it('refuses streams without a port, and echoes pings', async () => {
    const { ws, spdy } = await dialTunnel(`${wsBase}/portForward/default/web?ports=80`);
    await expect(spdy.openStream({ streamtype: 'data', requestid: '1' })).rejects.toThrow(/reset/);
    await expect(spdy.openStream({ streamtype: 'bogus', port: '80', requestid: '1' })).rejects.toThrow(/reset/);
    const pong = new Promise<Buffer>((resolve) => ws.once('message', resolve));
    ws.send(Buffer.from([0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 5]));
    expect(await pong).toEqual(Buffer.from([0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 5]));
    ws.close();
  });

  it('answers 404 for a pod without a ready sandbox', async () => {
    const ws = new WebSocket(`${wsBase}/portForward/default/ghost?ports=80`, ['portforward.k8s.io']);
    const status = await new Promise<number | undefined>((resolve) => ws.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(404);
  });
});
