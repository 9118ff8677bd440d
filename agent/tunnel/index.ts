// The agent's end of the tunnel: it dials the control plane (so the node needs no
// inbound port), keeps the connection up, and hands every stream the control plane
// opens to the node's HTTP server as if it were an incoming TCP connection.
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { HEADER_BYTES, MAX_DATA_PAYLOAD } from '../../api/tunnel/frames.ts';
import { TunnelSession } from '../../api/tunnel/session.ts';
import { TunnelStream } from '../../client/tunnel-stream.ts';

export const TUNNEL_PATH = '/flotilla/v1/tunnel';
/** The control plane's close code for "a newer tunnel of this node took over". */
const CLOSE_REPLACED = 4001;

export interface TunnelOptions {
  /** The control plane's https:// URL. */
  server: string;
  caCertPem: string;
  /** The node credential. */
  token: string;
  onStream(duplex: Duplex): void;
  log(line: string): void;
  /** How often the agent pings; one missed pong means the connection is dead. Default 10 s. */
  pingIntervalMs?: number;
  /** Reconnect delays grow from `initialMs` to `maxMs` (default 1 s → 30 s), with jitter. */
  backoff?: { initialMs: number; maxMs: number };
}

export interface Tunnel {
  close(): Promise<void>;
}

/** A connection that stayed up this long was healthy: the next failure starts the backoff over. */
const HEALTHY_MS = 30_000;

export function tunnelUrl(server: string): string {
  const url = new URL(TUNNEL_PATH, server);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  return url.toString();
}

/** Reconnect delay for the n-th consecutive failure (0-based): doubling, capped, ±20 % jitter. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function connectTunnel(opts: TunnelOptions): Tunnel {
  const { initialMs, maxMs } = opts.backoff ?? { initialMs: 1000, maxMs: 30_000 };
  const pingIntervalMs = opts.pingIntervalMs ?? 10_000;
  let attempt = 0;
  let stopped = false;
  let current: WebSocket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed: (() => void) | undefined;

  const connect = () => {
    retry = undefined;
    const ws = new WebSocket(tunnelUrl(opts.server), {
      ca: opts.caCertPem,
      headers: { Authorization: `Bearer ${opts.token}` },
      perMessageDeflate: false,
      maxPayload: HEADER_BYTES + MAX_DATA_PAYLOAD,
      handshakeTimeout: 10_000,
    });
    current = ws;
    const session = new TunnelSession({
      initiator: false,
      send: (frame) => ws.send(frame),
      accept: (handle) => {
        const { stream, events } = TunnelStream.accepted(handle);
        try {
          // The node server must see the stream before the first data event arrives.
          opts.onStream(stream);
        } catch (err) {
          // One stream the node server could not take must not bring the tunnel down with it.
          opts.log(`tunnel: a stream was refused: ${(err as Error).message}`);
          return undefined;
        }
        return events;
      },
    });
    let openedAt = 0;
    let alive = true;
    let pinger: NodeJS.Timeout | undefined;

    ws.on('open', () => {
      openedAt = Date.now();
      opts.log(`tunnel to ${opts.server} connected`);
      pinger = setInterval(() => {
        if (!alive) {
          opts.log('tunnel missed a ping; reconnecting');
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, pingIntervalMs);
    });
    ws.on('pong', () => (alive = true));
    ws.on('message', (data, isBinary) => {
      try {
        if (!isBinary) throw new Error('text message on the tunnel');
        session.receive(data as Buffer);
      } catch (err) {
        opts.log(`tunnel: ${(err as Error).message}; reconnecting`);
        ws.terminate();
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      opts.log(`tunnel to ${opts.server} refused: HTTP ${res.statusCode}`);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => opts.log(`tunnel to ${opts.server}: ${err.message}`));
    ws.on('close', (code, reason) => {
      clearInterval(pinger);
      session.close('the tunnel closed');
      if (current === ws) current = undefined;
      if (stopped) return closed?.();
      if (openedAt) opts.log(`tunnel closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
      // Two agents sharing one node credential would otherwise replace each other in a tight loop.
      if (openedAt && Date.now() - openedAt >= HEALTHY_MS && code !== CLOSE_REPLACED) attempt = 0;
      const delay = backoffDelay(attempt++, initialMs, maxMs);
      retry = setTimeout(connect, delay);
    });
  };
  connect();

  return {
    close() {
      stopped = true;
      clearTimeout(retry);
      const ws = current;
      if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise<void>((resolve) => {
        closed = resolve;
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'agent stopping');
        // A control plane that does not answer the close handshake must not hold the agent up.
        setTimeout(() => ws.terminate(), 2000).unref();
      });
    },
  };
}
