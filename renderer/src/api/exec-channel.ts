// The channel framing of Kubernetes' exec/attach WebSocket protocols, as the
// browser speaks them: every binary message is one channel byte, then that
// channel's data. v4 ends a session with a Status JSON on the error channel;
// v5 adds `[255, channel]`, saying the sender will write no more on a channel.

import { CLOSE, ERROR, RESIZE, STDERR, STDIN, STDOUT } from '../../../api/remote-command.ts';

export { CLOSE, ERROR, RESIZE, STDERR, STDIN, STDOUT };

export type ChannelProtocol = 'v5.channel.k8s.io' | 'v4.channel.k8s.io';

const encoder = new TextEncoder();

function framed(channel: number, data: Uint8Array): Uint8Array {
  const message = new Uint8Array(data.length + 1);
  message[0] = channel;
  message.set(data, 1);
  return message;
}

export function encodeStdin(data: string | Uint8Array): Uint8Array {
  return framed(STDIN, typeof data === 'string' ? encoder.encode(data) : data);
}

/** The terminal size, as remotecommand's TerminalSize JSON. */
export function encodeResize(size: { cols: number; rows: number }): Uint8Array {
  return framed(RESIZE, encoder.encode(JSON.stringify({ Width: size.cols, Height: size.rows })));
}

/** v5 only: no more stdin (older servers would take it for stdin bytes). */
export function encodeClose(protocol: ChannelProtocol, channel: number): Uint8Array | undefined {
  return protocol === 'v5.channel.k8s.io' ? Uint8Array.of(CLOSE, channel) : undefined;
}

/** How a session ended: the exit code when the command ran and exited, the server's message otherwise. */
export interface SessionEnd {
  success: boolean;
  exitCode?: number;
  message?: string;
}

export type ChannelMessage =
  | { kind: 'output'; channel: typeof STDOUT | typeof STDERR; data: Uint8Array }
  | { kind: 'end'; end: SessionEnd }
  | { kind: 'close'; channel: number };

interface ChannelStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** The Status on the error channel: Success is exit code 0, NonZeroExitCode carries the code in an ExitCode cause. */
export function sessionEndOf(data: Uint8Array): SessionEnd {
  const text = new TextDecoder().decode(data);
  let status: ChannelStatus;
  try {
    status = JSON.parse(text) as ChannelStatus;
  } catch {
    return { success: false, message: text.trim() || 'the session failed' };
  }
  if (status.status === 'Success') return { success: true, exitCode: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const exitCode = cause?.message !== undefined && /^\d+$/.test(cause.message) ? Number(cause.message) : undefined;
  return { success: false, exitCode, message: status.message };
}

/** Undefined for messages that carry nothing (the server's empty "streams ready" frame, unknown channels). */
export function decodeChannelMessage(protocol: ChannelProtocol, message: ArrayBuffer | Uint8Array): ChannelMessage | undefined {
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  if (bytes.length === 0) return undefined;
  const channel = bytes[0]!;
  const data = bytes.subarray(1);
  if (channel === CLOSE && protocol === 'v5.channel.k8s.io') return bytes.length === 2 ? { kind: 'close', channel: bytes[1]! } : undefined;
  if (channel === ERROR) return data.length ? { kind: 'end', end: sessionEndOf(data) } : undefined;
  if ((channel === STDOUT || channel === STDERR) && data.length) return { kind: 'output', channel, data };
  return undefined;
}
