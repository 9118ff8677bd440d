// Requests that switch protocols arrive on the server's 'upgrade' event as a bare
// socket rather than a request/response pair: agents dialling their tunnel, and
// kubectl's exec/attach/port-forward. They get the same authentication and
// authorization as every other request, and refusals are `Status` responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { nodeOfShellPath } from '../../../api/node-shell.ts';
import { errors, StatusError } from '../../../api/status.ts';
import type { Authenticator, UserInfo } from '../apiserver/auth.ts';
import { attributesOf } from '../apiserver/authorization/attributes.ts';
import { nodeNameOf, TUNNEL_PATH, type Authorizer } from '../apiserver/authorization/index.ts';
import { parseRequestInfo } from '../apiserver/requestinfo.ts';
import { decode, type ResourceStore } from '../apiserver/storage/resource-store.ts';
import { upgradePodStream } from '../apiserver/subresources/pod-streams.ts';
import { streamsOverWebSocket, WebSocketResponse } from '../apiserver/websocket-response.ts';
import { upgradeNodeShell } from './node-shell.ts';
import type { TunnelRegistry } from './registry.ts';

/** Writes a `Status` as a complete HTTP response on a not-yet-upgraded socket and closes it. */
export function refuseUpgrade(socket: Duplex, err: unknown): void {
  const status = err instanceof StatusError ? err : errors.internal((err as Error)?.message ?? String(err));
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(status.toStatus());
  socket.end(
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}\r\n` +
    'Content-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-cache, private\r\n' +
    'Connection: close\r\n\r\n' +
    body,
  );
}

const BEARER_PROTOCOL = 'base64url.bearer.authorization.k8s.io.';

/**
 * Browsers cannot set headers on a WebSocket, so (as upstream allows) the dashboard's
 * terminals carry their token as a subprotocol. It becomes the Authorization header
 * here and is removed from the offer, so it never reaches the agent or a response.
 */
function takeProtocolToken(req: IncomingMessage): void {
  const header = req.headers['sec-websocket-protocol'];
  if (!header || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return;
  const offered = header.split(',').map((p) => p.trim()).filter(Boolean);
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL));
  if (!bearer) return;
  const rest = offered.filter((p) => !p.startsWith(BEARER_PROTOCOL)).join(', ');
  const raw: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() !== 'sec-websocket-protocol') raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  if (rest) raw.push('Sec-WebSocket-Protocol', rest);
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
  if (rest) req.headers['sec-websocket-protocol'] = rest;
  else delete req.headers['sec-websocket-protocol'];
  const token = Buffer.from(bearer.slice(BEARER_PROTOCOL.length), 'base64url').toString('utf8');
  if (!req.headers.authorization && token) req.headers.authorization = `Bearer ${token}`;
}

/** An agent dialling in: the tunnel is registered under the node its credential names, never one the request names. */
function acceptTunnel(tunnels: TunnelRegistry, user: UserInfo, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const node = nodeNameOf(user);
  if (!node) throw errors.forbidden(`User ${JSON.stringify(user.name)} cannot open a node tunnel: only node credentials (system:node:<name>) may`);
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') throw errors.badRequest('the node tunnel is a WebSocket');
  tunnels.accept(req, socket, head, node);
}

export interface UpgradeDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  tunnels: TunnelRegistry;
  pods(): ResourceStore;
  nodes(): ResourceStore;
  /** The server's ordinary handler, for watches and logs read over a WebSocket. */
  serve(req: IncomingMessage, res: ServerResponse): void;
}

export function createUpgradeHandler(deps: UpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    takeProtocolToken(req);
    const user = deps.authenticator.authenticate(req);
    if (!user) throw errors.unauthorized();
    deps.authorizer.authorize(user, attributesOf(req, url));
    if (url.pathname === TUNNEL_PATH) return acceptTunnel(deps.tunnels, user, req, socket, head);
    const shellNode = nodeOfShellPath(url.pathname);
    if (shellNode !== undefined) return upgradeNodeShell(deps, shellNode, req, socket, head, url);
    const info = parseRequestInfo(req.method ?? 'GET', url.pathname, false);
    if (info.kind === 'resource' && req.method === 'GET' && streamsOverWebSocket(url, info.subresource)) {
      const res = new WebSocketResponse(info.subresource === 'log' ? 'bytes' : 'json');
      await res.accept(req, socket, head);
      return deps.serve(req, res as unknown as ServerResponse);
    }
    if (info.kind !== 'resource' || info.group !== '' || info.version !== 'v1' || info.resource !== 'pods' || !info.subresource || !info.namespace || !info.name) {
      throw errors.badRequest(`${url.pathname} does not switch protocols`);
    }
    const pod = decode(await deps.pods().get(info.namespace, info.name));
    await upgradePodStream({ tunnels: deps.tunnels }, pod, info.subresource, req, socket, head, url);
  }
  return (req, socket, head) => {
    // An upgrade socket never gets the server's error handling; a client reset must not crash the process.
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((err: unknown) => {
      if (!(err instanceof StatusError)) console.error('flotilla apiserver (upgrade):', err);
      refuseUpgrade(socket, err);
    });
  };
}
