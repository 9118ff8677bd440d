// SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 §2.2, the SPDY/3.1 addendum):
// what kubectl's port-forward speaks through moby/spdystream. Header blocks stay
// compressed here; headers.ts owns the connection's zlib contexts.

export const SPDY_VERSION = 3;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes. */
export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
export const RST_INTERNAL_ERROR = 6;

const TYPE_SYN_STREAM = 1;
const TYPE_SYN_REPLY = 2;
const TYPE_RST_STREAM = 3;
const TYPE_SETTINGS = 4;
const TYPE_PING = 6;
const TYPE_GOAWAY = 7;
const TYPE_HEADERS = 8;
const TYPE_WINDOW_UPDATE = 9;

/** The length field is 24 bits. */
export const MAX_FRAME_PAYLOAD = 0xffffff;
const HEADER_LENGTH = 8;
const STREAM_ID_MASK = 0x7fffffff;

export interface SettingsEntry {
  flags: number;
  id: number;
  value: number;
}

export type SpdyFrame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | { type: 'syn_stream'; streamId: number; associatedToStreamId: number; priority: number; slot: number; flags: number; headerBlock: Buffer }
  | { type: 'syn_reply'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; flags: number; entries: SettingsEntry[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'window_update'; streamId: number; deltaWindowSize: number }
  /** A control frame type we do not know: the spec says ignore it. */
  | { type: 'unknown'; frameType: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {}

function control(frameType: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`control frame of ${payload.length} bytes is too large`);
  const header = Buffer.allocUnsafe(HEADER_LENGTH);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(frameType, 2);
  header.writeUInt32BE(((flags & 0xff) << 24 | payload.length) >>> 0, 4);
  return Buffer.concat([header, payload]);
}

function u32(...values: number[]): Buffer {
  const out = Buffer.allocUnsafe(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

export function encodeFrame(frame: SpdyFrame): Buffer {
  switch (frame.type) {
    case 'data': {
      if (frame.data.length > MAX_FRAME_PAYLOAD) throw new SpdyProtocolError(`data frame of ${frame.data.length} bytes is too large`);
      const header = u32(frame.streamId & STREAM_ID_MASK, ((frame.flags & 0xff) << 24 | frame.data.length) >>> 0);
      return Buffer.concat([header, frame.data]);
    }
    case 'syn_stream': {
      const fixed = Buffer.allocUnsafe(10);
      fixed.writeUInt32BE(frame.streamId & STREAM_ID_MASK, 0);
      fixed.writeUInt32BE(frame.associatedToStreamId & STREAM_ID_MASK, 4);
      fixed[8] = (frame.priority & 0x07) << 5;
      fixed[9] = frame.slot & 0xff;
      return control(TYPE_SYN_STREAM, frame.flags, Buffer.concat([fixed, frame.headerBlock]));
    }
    case 'syn_reply':
      return control(TYPE_SYN_REPLY, frame.flags, Buffer.concat([u32(frame.streamId & STREAM_ID_MASK), frame.headerBlock]));
    case 'headers':
      return control(TYPE_HEADERS, frame.flags, Buffer.concat([u32(frame.streamId & STREAM_ID_MASK), frame.headerBlock]));
    case 'rst_stream':
      return control(TYPE_RST_STREAM, 0, u32(frame.streamId & STREAM_ID_MASK, frame.status));
    case 'settings': {
      const payload = Buffer.allocUnsafe(4 + frame.entries.length * 8);
      payload.writeUInt32BE(frame.entries.length, 0);
      frame.entries.forEach((e, i) => {
        payload.writeUInt32BE(((e.flags & 0xff) << 24 | (e.id & 0xffffff)) >>> 0, 4 + i * 8);
        payload.writeUInt32BE(e.value >>> 0, 8 + i * 8);
      });
      return control(TYPE_SETTINGS, frame.flags, payload);
    }
    case 'ping':
      return control(TYPE_PING, 0, u32(frame.id));
    case 'goaway':
      return control(TYPE_GOAWAY, 0, u32(frame.lastGoodStreamId & STREAM_ID_MASK, frame.status));
    case 'window_update':
      return control(TYPE_WINDOW_UPDATE, 0, u32(frame.streamId & STREAM_ID_MASK, frame.deltaWindowSize & STREAM_ID_MASK));
    case 'unknown':
      return control(frame.frameType, frame.flags, frame.payload);
  }
}

function need(payload: Buffer, bytes: number, what: string): void {
  if (payload.length < bytes) throw new SpdyProtocolError(`${what} frame too short (${payload.length} bytes)`);
}

function decodeControl(frameType: number, flags: number, payload: Buffer): SpdyFrame {
  switch (frameType) {
    case TYPE_SYN_STREAM:
      need(payload, 10, 'SYN_STREAM');
      return {
        type: 'syn_stream',
        streamId: payload.readUInt32BE(0) & STREAM_ID_MASK,
        associatedToStreamId: payload.readUInt32BE(4) & STREAM_ID_MASK,
        priority: payload[8] >> 5,
        slot: payload[9],
        flags,
        headerBlock: payload.subarray(10),
      };
    case TYPE_SYN_REPLY:
      need(payload, 4, 'SYN_REPLY');
      return { type: 'syn_reply', streamId: payload.readUInt32BE(0) & STREAM_ID_MASK, flags, headerBlock: payload.subarray(4) };
    case TYPE_HEADERS:
      need(payload, 4, 'HEADERS');
      return { type: 'headers', streamId: payload.readUInt32BE(0) & STREAM_ID_MASK, flags, headerBlock: payload.subarray(4) };
    case TYPE_RST_STREAM:
      need(payload, 8, 'RST_STREAM');
      return { type: 'rst_stream', streamId: payload.readUInt32BE(0) & STREAM_ID_MASK, status: payload.readUInt32BE(4) };
    case TYPE_SETTINGS: {
      need(payload, 4, 'SETTINGS');
      const count = payload.readUInt32BE(0);
      need(payload, 4 + count * 8, 'SETTINGS');
      const entries: SettingsEntry[] = [];
      for (let i = 0; i < count; i++) {
        const word = payload.readUInt32BE(4 + i * 8);
        entries.push({ flags: word >>> 24, id: word & 0xffffff, value: payload.readUInt32BE(8 + i * 8) });
      }
      return { type: 'settings', flags, entries };
    }
    case TYPE_PING:
      need(payload, 4, 'PING');
      return { type: 'ping', id: payload.readUInt32BE(0) };
    case TYPE_GOAWAY:
      need(payload, 8, 'GOAWAY');
      return { type: 'goaway', lastGoodStreamId: payload.readUInt32BE(0) & STREAM_ID_MASK, status: payload.readUInt32BE(4) };
    case TYPE_WINDOW_UPDATE:
      need(payload, 8, 'WINDOW_UPDATE');
      return { type: 'window_update', streamId: payload.readUInt32BE(0) & STREAM_ID_MASK, deltaWindowSize: payload.readUInt32BE(4) & STREAM_ID_MASK };
    default:
      return { type: 'unknown', frameType, flags, payload };
  }
}

/** Cuts a byte stream arriving in arbitrary pieces (one WebSocket message may hold part of a frame, or several) into frames. */
export class FrameParser {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): SpdyFrame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: SpdyFrame[] = [];
    while (this.buffered.length >= HEADER_LENGTH) {
      const word = this.buffered.readUInt32BE(4);
      const length = word & 0xffffff;
      if (this.buffered.length < HEADER_LENGTH + length) break;
      const flags = word >>> 24;
      const payload = this.buffered.subarray(HEADER_LENGTH, HEADER_LENGTH + length);
      const first = this.buffered.readUInt32BE(0);
      if (first & 0x80000000) {
        const version = (first >>> 16) & 0x7fff;
        if (version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
        frames.push(decodeControl(first & 0xffff, flags, payload));
      } else {
        frames.push({ type: 'data', streamId: first & STREAM_ID_MASK, flags, data: payload });
      }
      this.buffered = this.buffered.subarray(HEADER_LENGTH + length);
    }
    return frames;
  }
}
