// Watches and pod logs over a WebSocket, as upstream serves them to browsers: a
// browser keeps at most six HTTP/1.1 connections per host, and the dashboard's
// watches and followed logs are each a response that never ends, so over plain
// HTTP the seventh request would wait for ever. The ordinary handler writes into
// a response object that turns each write into a frame; watch events go as text
// frames of JSON, log bytes as binary frames (or base64 text when the client
// asked for base64.binary.k8s.io). A refusal before any body (410, 404, 400) goes
// as one text frame holding the Status, then a normal close.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Writable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export const BINARY_PROTOCOL = 'binary.k8s.io';
export const BASE64_PROTOCOL = 'base64.binary.k8s.io';

const server = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  // A browser fails the handshake if it offered protocols and none is chosen.
  handleProtocols: (offered) => (offered.has(BINARY_PROTOCOL) ? BINARY_PROTOCOL : offered.has(BASE64_PROTOCOL) ? BASE64_PROTOCOL : false),
});

/** A watch or a log read, the only GETs that stream for as long as the client wants. */
export function streamsOverWebSocket(url: URL, subresource: string | undefined): boolean {
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1' || subresource === 'log';
}

/** Just enough of http.ServerResponse for the watch and log handlers. */
export class WebSocketResponse extends Writable {
  statusCode = 200;
  headersSent = false;
  private socket: WebSocket | undefined;
  private readonly failed: Buffer[] = [];

  constructor(private readonly kind: 'json' | 'bytes') {
    super({ decodeStrings: true });
  }

  /** Completes the handshake; the handler runs after, writing through this object. */
  accept(req: IncomingMessage, raw: Duplex, head: Buffer): Promise<void> {
    return new Promise((resolve) => {
      server.handleUpgrade(req, raw, head, (socket) => {
        this.socket = socket;
        socket.on('close', () => this.destroy());
        socket.on('error', () => this.destroy());
        resolve();
      });
    });
  }

  writeHead(statusCode: number, _headers?: OutgoingHttpHeaders): this {
    this.statusCode = statusCode;
    this.headersSent = true;
    return this;
  }

  setHeader(): this {
    return this;
  }

  flushHeaders(): void {
    this.headersSent = true;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN || chunk.length === 0) return callback();
    if (this.statusCode >= 300) {
      this.failed.push(chunk);
      return callback();
    }
    if (this.kind === 'json') socket.send(chunk.toString('utf8'), { binary: false }, callback);
    else if (socket.protocol === BASE64_PROTOCOL) socket.send(chunk.toString('base64'), { binary: false }, callback);
    else socket.send(chunk, { binary: true }, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return callback();
    if (this.failed.length > 0) socket.send(Buffer.concat(this.failed).toString('utf8'), { binary: false });
    socket.close(1000);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.socket && this.socket.readyState === this.socket.OPEN) this.socket.close(1000);
    callback(error);
  }
}
