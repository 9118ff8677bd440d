// exec and attach on an upgraded WebSocket: the runtime's session joined to the
// channels of the negotiated protocol, ended by a Status on the error channel
// (as the kubelet and the API server's stream translator write it) and a close.
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import type { StreamOptions, StreamSession } from '../runtime/types.ts';
import {
  ERROR, RESIZE, STDERR, STDIN, STDOUT, decodeChannelMessage, encodeChannelMessage, type ChannelProtocol,
} from './channel.ts';

/** Above this much unsent output the runtime's streams wait for the client. */
const HIGH_WATER_BYTES = 1024 * 1024;
/**
 * kubectl up to 1.32 starts reading the socket before it has created its streams
 * and drops what arrives in between ("Unknown stream id 1, discarding message").
 * Upstream's API server needs milliseconds to reach the runtime, so clients never
 * see that window; a node this close must hold its first output back as long.
 */
const CLIENT_SETTLE_MS = 100;

export interface RemoteCommand {
  kind: 'exec' | 'attach';
  /** exec only: named in the non-zero exit message. */
  command: string[];
  options: StreamOptions;
}

/** metav1.Status as Go marshals it: no kind/apiVersion, empty metadata, fields in declaration order. */
export interface ChannelStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export function successStatus(): ChannelStatus {
  return { metadata: {}, status: 'Success' };
}

/** What the kubelet writes when the command exits non-zero (the error text is the CRI's CodeExitError). */
export function exitCodeStatus(command: string[], code: number): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** apierrors.NewInternalError. */
export function internalErrorStatus(message: string): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ message }] },
    code: 500,
  };
}

/**
 * Runs one exec/attach session over `ws`. `start` asks the runtime; its failure
 * becomes an InternalError status, as the kubelet reports a failed exec.
 */
export async function serveRemoteCommand(
  ws: WebSocket,
  protocol: ChannelProtocol,
  request: RemoteCommand,
  start: () => Promise<StreamSession>,
): Promise<void> {
  let clientGone = ws.readyState !== ws.OPEN;
  let session: StreamSession | undefined;
  const send = (channel: number, data: Buffer, done?: (err?: Error) => void): void => {
    if (ws.readyState !== ws.OPEN) return done?.();
    ws.send(encodeChannelMessage(protocol, channel, data), { binary: !protocol.base64 }, done);
  };
  const sendStatus = (status: ChannelStatus): void => {
    // v1-v3 clients read a failure's message as text and take silence for success
    if (protocol.statusJson) send(ERROR, Buffer.from(JSON.stringify(status)));
    else if (status.status === 'Failure') send(ERROR, Buffer.from(status.message ?? ''));
  };

  ws.on('close', () => {
    clientGone = true;
    session?.close();
  });
  // stdin may come at once (kubectl exec -i with piped input): held until the session exists
  const early: Buffer[] = [];
  let onMessage = (data: Buffer): void => void early.push(data);
  ws.on('message', (data: Buffer) => onMessage(data));
  ws.on('error', () => ws.terminate());

  // Tells the client the streams are set up, on the lowest channel it will read.
  const { options } = request;
  send(options.stdout ? STDOUT : options.stderr ? STDERR : ERROR, Buffer.alloc(0));
  const settled = sleep(CLIENT_SETTLE_MS);

  try {
    session = await start();
  } catch (err) {
    await settled;
    const what = request.kind === 'exec' ? 'error executing command in container' : 'error attaching to container';
    sendStatus(internalErrorStatus(`${what}: ${(err as Error).message}`));
    ws.close(1000);
    return;
  }
  const running = session;
  // Read the output at once, holding it until the client settled: a child process
  // that exits with nobody reading its pipes has its output thrown away by Node.
  const outputs = [
    forward(running.stdout, STDOUT, options.stdout),
    forward(options.tty ? undefined : running.stderr, STDERR, options.stderr),
  ];
  await settled;
  if (clientGone) {
    running.close();
    return;
  }
  onMessage = (data) => receive(running, data, protocol);
  for (const data of early.splice(0)) receive(running, data, protocol);
  let status: ChannelStatus;
  try {
    const code = await running.exit;
    status = request.kind === 'exec' && code !== 0 ? exitCodeStatus(request.command, code) : successStatus();
  } catch (err) {
    status = internalErrorStatus(`${request.kind === 'exec' ? 'error executing command in container' : 'error attaching to container'}: ${(err as Error).message}`);
  }
  // all output goes out before the status that ends the session
  await Promise.all(outputs);
  if (clientGone) return;
  sendStatus(status);
  ws.close(1000);

  function forward(stream: Readable | undefined, channel: number, wanted: boolean): Promise<void> {
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      stream.on('data', (chunk: Buffer | string) => {
        if (!wanted) return;
        void settled.then(() => send(channel, typeof chunk === 'string' ? Buffer.from(chunk) : chunk, () => {
          if (stream.isPaused() && ws.bufferedAmount < HIGH_WATER_BYTES) stream.resume();
        }));
        if (ws.bufferedAmount >= HIGH_WATER_BYTES) stream.pause();
      });
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
  }
}

function receive(session: StreamSession, data: Buffer, protocol: ChannelProtocol): void {
  let message;
  try {
    message = decodeChannelMessage(protocol, data);
  } catch {
    return; // a malformed close signal: wsstream drops it too
  }
  if (!message) return;
  if (message.kind === 'close') {
    if (message.channel === STDIN) session.stdin?.end();
    return;
  }
  if (message.channel === STDIN) session.stdin?.write(message.data);
  else if (message.channel === RESIZE) resize(session, message.data);
}

function resize(session: StreamSession, data: Buffer): void {
  // one TerminalSize JSON per message; json.Encoder ends each with a newline
  for (const line of data.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const size = JSON.parse(line) as { Width?: number; Height?: number };
      if (typeof size.Width === 'number' && typeof size.Height === 'number') {
        session.resize({ cols: size.Width, rows: size.Height }).catch(() => {});
      }
    } catch {
      // a malformed size changes nothing, as in the kubelet's resize decoder
    }
  }
}
