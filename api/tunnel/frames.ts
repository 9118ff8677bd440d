// The tunnel's wire format, shared by the agent and the control plane: every
// WebSocket binary message is one frame, [type u8][stream id u32 BE][payload].
// Pure (no Node imports), so both ends and their tests agree on one codec.

export const FrameType = {
  /** Opens a stream; both sides start with INITIAL_WINDOW bytes of credit. */
  Open: 1,
  Data: 2,
  /** The sender will write no more (half-close); the other direction stays open. */
  End: 3,
  /** Aborts both directions; payload is a UTF-8 reason. */
  Reset: 4,
  /** Grants the peer more credit: payload is a u32 byte count. */
  Window: 5,
} as const;

export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: FrameType;
  stream: number;
  payload: Uint8Array;
}

export const HEADER_BYTES = 5;
/** Bytes a receiver buffers per stream before the sender must wait for credit. */
export const INITIAL_WINDOW = 256 * 1024;
/** Large chunks are split so one stream's burst does not delay the others' frames for long. */
export const MAX_DATA_PAYLOAD = 32 * 1024;

const EMPTY = new Uint8Array(0);

export function encodeFrame(type: FrameType, stream: number, payload: Uint8Array = EMPTY): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, type);
  view.setUint32(1, stream >>> 0);
  out.set(payload, HEADER_BYTES);
  return out;
}

export function encodeWindow(stream: number, increment: number): Uint8Array {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, increment >>> 0);
  return encodeFrame(FrameType.Window, stream, payload);
}

/** Longer reasons are cut: a frame must stay within the peer's message size limit. */
const MAX_REASON_BYTES = 1024;

export function encodeReset(stream: number, reason: string): Uint8Array {
  return encodeFrame(FrameType.Reset, stream, new TextEncoder().encode(reason).subarray(0, MAX_REASON_BYTES));
}

/** Throws on a malformed frame: the peer is broken and the tunnel should be dropped. */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.length < HEADER_BYTES) throw new Error(`tunnel frame of ${bytes.length} bytes is shorter than its header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint8(0);
  if (type < FrameType.Open || type > FrameType.Window) throw new Error(`unknown tunnel frame type ${type}`);
  const payload = bytes.subarray(HEADER_BYTES);
  if (type === FrameType.Window && payload.length !== 4) throw new Error(`tunnel window frame with a payload of ${payload.length} bytes`);
  if (type === FrameType.Data && payload.length > MAX_DATA_PAYLOAD) throw new Error(`tunnel data frame of ${payload.length} bytes exceeds ${MAX_DATA_PAYLOAD}`);
  return { type: type as FrameType, stream: view.getUint32(1), payload };
}

export function windowIncrement(frame: Frame): number {
  return new DataView(frame.payload.buffer, frame.payload.byteOffset, 4).getUint32(0);
}

export function resetReason(frame: Frame): string {
  return new TextDecoder().decode(frame.payload);
}
