// The control plane's end of the agents' tunnels: one WebSocket per node, dialled by
// the agent (so agents need no inbound port), over which the control plane opens
// byte streams to the node's HTTP API.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { HEADER_BYTES, MAX_DATA_PAYLOAD } from '../../../api/tunnel/frames.ts';
import { TunnelSession } from '../../../api/tunnel/session.ts';
import { TunnelStream } from '../../../client/tunnel-stream.ts';

/** Close code telling an agent a newer tunnel of its node took over. */
export const CLOSE_REPLACED = 4001;
/** The node's credential was revoked or replaced: the tunnel it authenticated is no longer trusted. */
export const CLOSE_REVOKED = 4003;

export interface TunnelRegistryOptions {
  /** How often each tunnel is pinged; one missed pong drops it. */
  pingIntervalMs?: number;
  log?: (line: string) => void;
}

interface Tunnel {
  ws: WebSocket;
  session: TunnelSession;
  alive: boolean;
}

export class TunnelRegistry {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: HEADER_BYTES + MAX_DATA_PAYLOAD });
  private readonly tunnels = new Map<string, Tunnel>();
  private readonly pinger: NodeJS.Timeout;
  private readonly log: (line: string) => void;

  constructor(opts: TunnelRegistryOptions = {}) {
    this.log = opts.log ?? (() => undefined);
    this.pinger = setInterval(() => this.ping(), opts.pingIntervalMs ?? 10_000);
    this.pinger.unref();
  }

  isConnected(nodeName: string): boolean {
    return this.tunnels.has(nodeName);
  }

  connectedNodes(): string[] {
    return [...this.tunnels.keys()];
  }

  /** A new byte stream to the node's HTTP API; rejects when the node has no tunnel. */
  async dial(nodeName: string): Promise<Duplex> {
    const tunnel = this.tunnels.get(nodeName);
    if (!tunnel) throw new Error(`no tunnel from node "${nodeName}" is connected`);
    return TunnelStream.open(tunnel.session);
  }

  /** Takes over an authenticated upgrade request to TUNNEL_PATH from node `nodeName`. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, nodeName: string): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(nodeName, ws));
  }

  /** Drops every tunnel; agents will reconnect to whoever listens next. */
  close(): void {
    clearInterval(this.pinger);
    for (const [node, tunnel] of this.tunnels) this.drop(node, tunnel, 1001, 'control plane shutting down');
    this.wss.close();
  }

  private attach(nodeName: string, ws: WebSocket): void {
    const session = new TunnelSession({
      initiator: true,
      send: (frame) => ws.send(frame),
      // Streams are opened by the control plane only.
      accept: () => undefined,
    });
    const tunnel: Tunnel = { ws, session, alive: true };
    const previous = this.tunnels.get(nodeName);
    if (previous) this.drop(nodeName, previous, CLOSE_REPLACED, 'replaced by a newer tunnel of the same node');
    this.tunnels.set(nodeName, tunnel);
    this.log(`tunnel from node ${nodeName} connected`);

    ws.on('pong', () => (tunnel.alive = true));
    ws.on('message', (data, isBinary) => {
      try {
        if (!isBinary) throw new Error('text message on the tunnel');
        session.receive(data as Buffer);
      } catch (err) {
        this.log(`tunnel from node ${nodeName}: ${(err as Error).message}`);
        this.drop(nodeName, tunnel, 1002, 'protocol error');
      }
    });
    ws.on('close', () => this.forget(nodeName, tunnel, 'the tunnel closed'));
    ws.on('error', (err) => this.log(`tunnel from node ${nodeName}: ${err.message}`));
  }

  private ping(): void {
    for (const [node, tunnel] of this.tunnels) {
      if (!tunnel.alive) {
        this.log(`tunnel from node ${node} missed a ping; dropping it`);
        this.forget(node, tunnel, 'the tunnel stopped answering pings');
        tunnel.ws.terminate();
        continue;
      }
      tunnel.alive = false;
      tunnel.ws.ping();
    }
  }

  /** Closes the node's tunnel, if it has one. */
  disconnect(nodeName: string, reason: string): void {
    const tunnel = this.tunnels.get(nodeName);
    if (tunnel) this.drop(nodeName, tunnel, CLOSE_REVOKED, reason);
  }

  private drop(nodeName: string, tunnel: Tunnel, code: number, reason: string): void {
    this.forget(nodeName, tunnel, reason);
    tunnel.ws.close(code, reason);
  }

  private forget(nodeName: string, tunnel: Tunnel, reason: string): void {
    tunnel.session.close(reason);
    // A replaced tunnel closing late must not unregister its successor.
    if (this.tunnels.get(nodeName) === tunnel) {
      this.tunnels.delete(nodeName);
      this.log(`tunnel from node ${nodeName} disconnected: ${reason}`);
    }
  }
}
