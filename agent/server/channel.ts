// The channel framing of Kubernetes' remote command WebSocket protocols
// (k8s.io/apimachinery/pkg/util/remotecommand, wsstream): every message carries
// one channel byte, then that channel's data. The versions differ only in what
// they add: v4 writes a Status JSON on the error channel, v5 adds the close
// signal, the base64 variants send text messages with an ASCII channel digit.

import { CLOSE } from '../../api/remote-command.ts';

export { CLOSE, ERROR, RESIZE, STDERR, STDIN, STDOUT } from '../../api/remote-command.ts';

export interface ChannelProtocol {
  /** The subprotocol as negotiated; '' when the client offered none (v1 semantics). */
  name: string;
  base64: boolean;
  /** v4+: the error channel carries a Status JSON, also for success. Before: only a failure's text. */
  statusJson: boolean;
  /** v5: the client can half-close stdin. */
  closeSignal: boolean;
}

const PROTOCOLS: ChannelProtocol[] = [
  { name: 'v5.channel.k8s.io', base64: false, statusJson: true, closeSignal: true },
  { name: 'v4.channel.k8s.io', base64: false, statusJson: true, closeSignal: false },
  { name: 'v4.base64.channel.k8s.io', base64: true, statusJson: true, closeSignal: false },
  { name: 'channel.k8s.io', base64: false, statusJson: false, closeSignal: false },
  { name: 'base64.channel.k8s.io', base64: true, statusJson: false, closeSignal: false },
];

export const SUPPORTED_CHANNEL_PROTOCOLS: readonly string[] = PROTOCOLS.map((p) => p.name);

/**
 * The first protocol in the client's order that we speak (as wsstream chooses);
 * v1 binary when the client offered none; undefined when it offered only others.
 */
export function selectChannelProtocol(offered: readonly string[]): ChannelProtocol | undefined {
  if (offered.length === 0) return { name: '', base64: false, statusJson: false, closeSignal: false };
  for (const name of offered) {
    const protocol = PROTOCOLS.find((p) => p.name === name);
    if (protocol) return protocol;
  }
  return undefined;
}

export function encodeChannelMessage(protocol: ChannelProtocol, channel: number, data: Buffer): Buffer | string {
  if (protocol.base64) return String.fromCharCode(0x30 + channel) + data.toString('base64');
  const message = Buffer.allocUnsafe(data.length + 1);
  message[0] = channel;
  data.copy(message, 1);
  return message;
}

export type ChannelMessage =
  | { kind: 'data'; channel: number; data: Buffer }
  | { kind: 'close'; channel: number };

/** Undefined for an empty message, which carries nothing. */
export function decodeChannelMessage(protocol: ChannelProtocol, message: Buffer | string): ChannelMessage | undefined {
  if (message.length === 0) return undefined;
  if (protocol.base64) {
    const text = typeof message === 'string' ? message : message.toString('latin1');
    return { kind: 'data', channel: text.charCodeAt(0) - 0x30, data: Buffer.from(text.slice(1), 'base64') };
  }
  const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  if (protocol.closeSignal && bytes[0] === CLOSE) {
    if (bytes.length !== 2) throw new Error(`close signal must be 2 bytes, got ${bytes.length}`);
    return { kind: 'close', channel: bytes[1] };
  }
  return { kind: 'data', channel: bytes[0], data: bytes.subarray(1) };
}

/** The client's `Sec-WebSocket-Protocol` list, in its order. */
export function offeredProtocols(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}
