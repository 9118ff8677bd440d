// Upgrade requests (WebSocket, SPDY) arrive as a bare socket rather than a response
// object: this answers them, refusals included, the way the rest of the API does.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { errors, StatusError } from '../../../api/status.ts';
import type { Authenticator } from '../apiserver/auth.ts';
import { tunnelNodeName, type TunnelRegistry } from './registry.ts';

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

/** An agent dialling in: only a node credential may open a tunnel, and only for its own node. */
export function acceptTunnel(tunnels: TunnelRegistry, authenticator: Authenticator, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const user = authenticator.authenticate(req);
  if (!user) return refuseUpgrade(socket, errors.unauthorized());
  const node = tunnelNodeName(user);
  if (!node) return refuseUpgrade(socket, errors.forbidden(`User "${user.name}" cannot open a node tunnel: only node credentials (system:node:<name>) may`));
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return refuseUpgrade(socket, errors.badRequest('the node tunnel is a WebSocket'));
  tunnels.accept(req, socket, head, node);
}
