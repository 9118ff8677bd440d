// The node's HTTP API (the kubelet's :10250 server): logs, exec, attach,
// port-forward and stats, with the wire protocols kubectl speaks, since the
// control plane forwards kubectl's requests to it byte for byte through the tunnel.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AGENT_SHELL_PATH } from '../../api/node-shell.ts';
import { StatusError, errors } from '../../api/status.ts';
import type { StatsHistory, StatsSummary } from '../../api/stats.ts';
import type { Runtime } from '../runtime/types.ts';
import { offeredProtocols, selectChannelProtocol, type ChannelProtocol } from './channel.ts';
import { readySandbox, runningContainer, type ContainerRef } from './lookup.ts';
import { serveLogs } from './logs.ts';
import { nodeShellCommand, startNodeShell } from './node-shell.ts';
import { PORT_FORWARD_PROTOCOLS, servePortForward } from './port-forward.ts';
import { queryBool } from './query.ts';
import { serveRemoteCommand, type RemoteCommand } from './remote-command.ts';

export interface NodeServerOptions {
  runtime: Runtime;
  nodeName: string;
  stats: { summary(): Promise<StatsSummary>; history(): StatsHistory };
  log: (line: string) => void;
  /** Serve a shell on this machine (`--node-shell`); refused with 403 otherwise. */
  nodeShell?: boolean;
}

export interface NodeServer {
  server: http.Server;
  /** Serves one connection that arrived through the tunnel, WebSocket upgrades included. */
  acceptConnection(socket: Duplex): void;
  close(): Promise<void>;
}

type Route =
  | { kind: 'exec' | 'attach'; ref: ContainerRef }
  | { kind: 'portForward'; namespace: string; pod: string }
  | { kind: 'containerLogs'; ref: ContainerRef }
  | { kind: 'healthz' | 'summary' | 'history' | 'shell' };

function route(pathname: string): Route | undefined {
  const parts = pathname.split('/').slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const [head, namespace, pod, container] = parts;
  if (parts.every((p) => p !== '')) {
    if ((head === 'exec' || head === 'attach' || head === 'containerLogs') && parts.length === 4) {
      return { kind: head, ref: { namespace, pod, container } };
    }
    if (head === 'portForward' && parts.length === 3) return { kind: 'portForward', namespace, pod };
  }
  if (pathname === '/healthz') return { kind: 'healthz' };
  if (pathname === '/stats/summary') return { kind: 'summary' };
  if (pathname === '/stats/history') return { kind: 'history' };
  if (pathname === AGENT_SHELL_PATH) return { kind: 'shell' };
  return undefined;
}

function asStatusError(err: unknown): StatusError {
  return err instanceof StatusError ? err : errors.internal((err as Error).message);
}

function writeStatus(res: ServerResponse, err: StatusError): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify(err.toStatus());
  res.writeHead(err.code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** An HTTP error answered on a socket that asked to upgrade and will not be. */
function refuseUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(
    `HTTP/1.1 ${err.code} ${http.STATUS_CODES[err.code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function remoteCommandOf(kind: 'exec' | 'attach', query: URLSearchParams): RemoteCommand {
  const tty = queryBool(query, 'tty');
  const stdin = queryBool(query, 'stdin');
  const stdout = queryBool(query, 'stdout');
  // with a TTY, stderr is merged into stdout (the kubelet drops the stream)
  const stderr = queryBool(query, 'stderr') && !tty;
  if (!stdin && !stdout && !stderr) throw errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  const command = query.getAll('command');
  if (kind === 'exec' && command.length === 0) throw errors.badRequest('you must specify at least one command for the container');
  return { kind, command, options: { stdin, stdout, stderr, tty } };
}

export function createNodeServer(opts: NodeServerOptions): NodeServer {
  const { runtime, log } = opts;
  const sockets = new Set<Duplex>();
  const sessions = new Set<WebSocket>();
  /** The subprotocol each upgrade answers with: chosen here, since ws cannot parse `SPDY/3.1+portforward.k8s.io`. */
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  wss.on('headers', (headers, req) => {
    const protocol = chosenProtocol.get(req);
    if (protocol) headers.push(`Sec-WebSocket-Protocol: ${protocol}`);
  });

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((err) => writeStatus(res, asStatusError(err)));
  });
  server.on('connection', (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    handleUpgrade(req, socket, head).catch((err) => {
      const status = asStatusError(err);
      if (status.code >= 500) log(`node server: ${req.url}: ${status.message}`);
      if (socket.writable) refuseUpgrade(socket, status);
    });
  });
  server.on('clientError', (_err, socket: Duplex) => socket.destroy());

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node');
    const r = route(url.pathname);
    if (!r) throw errors.pathNotFound(url.pathname);
    if (r.kind === 'exec' || r.kind === 'attach' || r.kind === 'portForward') {
      // a client that cannot upgrade to a WebSocket (kubectl before 1.30 asks for SPDY/3.1 instead)
      if (r.kind === 'portForward') await readySandbox(runtime, r.namespace, r.pod);
      else await runningContainer(runtime, r.ref);
      throw errors.badRequest('Upgrade request required: this node speaks the WebSocket streaming protocols (kubectl 1.30 or newer)');
    }
    if (r.kind === 'shell') {
      nodeShellAllowed();
      throw errors.badRequest('Upgrade request required: the node shell is a WebSocket (v5.channel.k8s.io)');
    }
    if (req.method !== 'GET') throw errors.methodNotAllowed(`the server does not allow this method on the requested resource (${req.method})`);
    switch (r.kind) {
      case 'healthz':
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 });
        res.end('ok');
        return;
      case 'summary':
        return sendJson(res, await opts.stats.summary());
      case 'history':
        return sendJson(res, opts.stats.history());
      case 'containerLogs':
        return serveLogs(runtime, r.ref, url.searchParams, req, res);
    }
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node');
    const r = route(url.pathname);
    if (!r) throw errors.pathNotFound(url.pathname);
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
      if (r.kind === 'exec' || r.kind === 'attach' || r.kind === 'portForward') {
        if (r.kind === 'portForward') await readySandbox(runtime, r.namespace, r.pod);
        else await runningContainer(runtime, r.ref);
      }
      throw errors.badRequest(`unsupported upgrade ${JSON.stringify(req.headers.upgrade ?? '')}: this node speaks WebSocket streaming (kubectl 1.30 or newer)`);
    }
    const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
    switch (r.kind) {
      case 'exec':
      case 'attach': {
        const command = remoteCommandOf(r.kind, url.searchParams);
        const protocol = selectChannelProtocol(offered);
        if (!protocol) throw errors.badRequest(`the client did not request a supported protocol: ${offered.join(', ')}`);
        const container = await runningContainer(runtime, r.ref);
        const ws = await upgrade(req, socket, head, protocol.name);
        const start = r.kind === 'exec'
          ? () => runtime.exec(container.id, command.command, command.options)
          : () => runtime.attach(container.id, command.options);
        return serveChannels(ws, protocol, command, start);
      }
      case 'shell': {
        nodeShellAllowed();
        const protocol = selectChannelProtocol(offered);
        if (!protocol) throw errors.badRequest(`the client did not request a supported protocol: ${offered.join(', ')}`);
        const command = remoteCommandOf('exec', withShell(url.searchParams));
        const ws = await upgrade(req, socket, head, protocol.name);
        return serveChannels(ws, protocol, command, () => startNodeShell(command.command, command.options));
      }
      case 'portForward': {
        const protocol = offered.find((p) => PORT_FORWARD_PROTOCOLS.includes(p));
        if (!protocol) throw errors.badRequest(`the client did not request a supported protocol: ${offered.join(', ')}`);
        const sandbox = await readySandbox(runtime, r.namespace, r.pod);
        const ws = await upgrade(req, socket, head, protocol);
        servePortForward(ws, {
          runtime,
          sandboxId: sandbox.id,
          podFullName: `${r.pod}_${r.namespace}`,
          podUid: sandbox.metadata.uid,
          log,
        });
        return;
      }
      default:
        throw errors.badRequest(`${url.pathname} does not upgrade`);
    }
  }

  function nodeShellAllowed(): void {
    if (!opts.nodeShell) throw errors.forbidden(`node "${opts.nodeName}" does not offer a node shell: its agent was started without --node-shell`);
  }

  function serveChannels(ws: WebSocket, protocol: ChannelProtocol, command: RemoteCommand, start: Parameters<typeof serveRemoteCommand>[3]): void {
    serveRemoteCommand(ws, protocol, command, start).catch((err: Error) => {
      log(`node server: ${command.kind}: ${err.message}`);
      ws.terminate();
    });
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): Promise<WebSocket> {
    delete req.headers['sec-websocket-protocol'];
    if (protocol) chosenProtocol.set(req, protocol);
    return new Promise((resolve) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        sessions.add(ws);
        ws.once('close', () => sessions.delete(ws));
        resolve(ws);
      });
    });
  }

  return {
    server,
    acceptConnection(socket: Duplex): void {
      server.emit('connection', socket);
    },
    async close(): Promise<void> {
      for (const ws of sessions) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
      });
    },
  };
}

/** The node shell runs the machine's shell, whatever command the client asked for. */
function withShell(query: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(query);
  next.delete('command');
  for (const part of nodeShellCommand()) next.append('command', part);
  return next;
}

function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
