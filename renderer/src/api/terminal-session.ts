// What a terminal pane talks to: an exec or node shell over the channel
// WebSocket, or the desktop app's local shell. Output may arrive as UTF-8 bytes
// (split anywhere) or text; the terminal decodes either.
import { ApiError, streamProtocols, type ApiClient } from './client.ts';
import { browserSocket, type ApiSocket, type SocketFactory } from './socket.ts';
import {
  decodeChannelMessage, encodeClose, encodeResize, encodeStdin, STDIN, type ChannelProtocol, type SessionEnd,
} from './exec-channel.ts';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface TerminalSession {
  onOutput(listener: (data: Uint8Array | string) => void): void;
  /** Called once, when the session is over for whatever reason. */
  onEnd(listener: (end: SessionEnd) => void): void;
  write(data: string): void;
  resize(size: TerminalSize): void;
  close(): void;
}

const OPEN = 1;

/**
 * A remote command session over an exec-style WebSocket. `explain` says why the
 * server refused the upgrade, which a browser's WebSocket cannot see.
 */
export function openChannelSession(socket: ApiSocket, size: TerminalSize, explain: () => Promise<string>): TerminalSession {
  const outputs: ((data: Uint8Array) => void)[] = [];
  const ends: ((end: SessionEnd) => void)[] = [];
  let protocol: ChannelProtocol = 'v4.channel.k8s.io';
  let opened = false;
  let end: SessionEnd | undefined;
  let finished = false;

  const finish = (result: SessionEnd): void => {
    if (finished) return;
    finished = true;
    for (const listener of ends) listener(result);
  };
  // Typed before the socket opened: sent once it has, after the terminal's size.
  const early: Uint8Array[] = [];
  const send = (message: Uint8Array | undefined): void => {
    if (!message) return;
    if (socket.readyState === OPEN) socket.send(message);
    else if (!opened) early.push(message);
  };

  socket.binaryType = 'arraybuffer';
  socket.onopen = () => {
    opened = true;
    if (socket.protocol === 'v5.channel.k8s.io') protocol = socket.protocol;
    send(encodeResize(size));
    for (const message of early.splice(0)) send(message);
  };
  socket.onmessage = (event) => {
    if (!(event.data instanceof ArrayBuffer) && !(event.data instanceof Uint8Array)) return;
    const message = decodeChannelMessage(protocol, event.data);
    if (message?.kind === 'output') for (const listener of outputs) listener(message.data);
    else if (message?.kind === 'end') end = message.end;
  };
  socket.onerror = () => undefined;
  socket.onclose = (event) => {
    if (end) return finish(end);
    if (opened) return finish({ success: false, message: `the connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})` });
    explain().then((message) => finish({ success: false, message }), (error: unknown) => finish({ success: false, message: String((error as Error).message ?? error) }));
  };

  return {
    onOutput: (listener) => void outputs.push(listener),
    onEnd: (listener) => void ends.push(listener),
    write: (data) => send(encodeStdin(data)),
    resize: (next) => send(encodeResize(next)),
    close() {
      send(encodeClose(protocol, STDIN));
      socket.close(1000);
    },
  };
}

/** A session on an exec-style path of the API (pod exec, node shell), the token carried as a subprotocol. */
export function openApiSession(client: ApiClient, path: string, size: TerminalSize, createSocket: SocketFactory = browserSocket): TerminalSession {
  const socket = createSocket(client.webSocketUrl(path), streamProtocols(client.token));
  return openChannelSession(socket, size, () => refusalOf(client, path));
}

/** The same request without the upgrade: the API answers it with the Status the WebSocket handshake could not show. */
async function refusalOf(client: ApiClient, path: string): Promise<string> {
  try {
    await client.request(path);
  } catch (error) {
    if (error instanceof ApiError) return `could not open the terminal: ${error.message}`;
  }
  return 'could not open the terminal (the WebSocket connection failed)';
}
