// One SPDY/3.1 connection over a message transport (the WebSocket tunnel kubectl
// 1.30+ opens for port-forward): streams as Node Duplexes, SYN_REPLY for every
// stream the peer opens, PING echo, GOAWAY. Like moby/spdystream, the peer we
// talk to, it does no flow control: WINDOW_UPDATE and SETTINGS are read and ignored.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import {
  FLAG_FIN, FLAG_UNIDIRECTIONAL, FrameParser, RST_CANCEL, RST_PROTOCOL_ERROR, RST_REFUSED_STREAM,
  encodeFrame, type SpdyFrame,
} from './frames.ts';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './headers.ts';

const GOAWAY_OK = 0;
const GOAWAY_PROTOCOL_ERROR = 1;
/** DATA frames are cut to this size so one large write does not hold up the other streams for long. */
const DATA_CHUNK = 64 * 1024;

export interface SpdyTransport {
  /** Sends one chunk of the byte stream; `done` once it is handed to the socket. */
  send(bytes: Buffer, done: (err?: Error) => void): void;
  close(): void;
}

export interface SpdySessionOptions {
  /** Servers open even stream ids and answer odd PINGs; clients the reverse. */
  role: 'server' | 'client';
  /** Whether to take a stream the peer opens: false resets it (spdystream's stream rejection). */
  accept?: (headers: SpdyHeaders) => boolean;
  onStream?: (stream: SpdyStream) => void;
  onError?: (err: Error) => void;
}

export class SpdyStream extends Duplex {
  private localFinished = false;
  private remoteFinished = false;
  private wasReset = false;

  constructor(
    readonly id: number,
    readonly headers: SpdyHeaders,
    private readonly session: SpdySession,
  ) {
    super({ allowHalfOpen: true });
  }

  /** RST_STREAM with CANCEL: both directions end now. */
  reset(): void {
    if (this.wasReset || (this.localFinished && this.remoteFinished)) return void this.destroy();
    this.wasReset = true;
    this.session.sendReset(this.id, RST_CANCEL);
    this.destroy();
  }

  /** @internal */
  receiveData(data: Buffer, fin: boolean): void {
    if (this.remoteFinished) return;
    if (data.length > 0) this.push(data);
    if (fin) this.receiveFin();
  }

  /** @internal */
  receiveFin(): void {
    if (this.remoteFinished) return;
    this.remoteFinished = true;
    this.push(null);
  }

  /** @internal the peer reset the stream. */
  receiveReset(): void {
    this.wasReset = true;
    this.destroy();
  }

  /** @internal a stream the peer opened unidirectional never carries our data. */
  markLocalFinished(): void {
    this.localFinished = true;
  }

  override _read(): void {
    // no flow control: data is pushed as it arrives
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.localFinished) return callback(new Error(`write on finished SPDY stream ${this.id}`));
    this.session.sendData(this.id, chunk, false).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.localFinished) return callback();
    this.localFinished = true;
    this.session.sendData(this.id, Buffer.alloc(0), true).then(() => callback(), callback);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.wasReset && !(this.localFinished && this.remoteFinished) && !this.session.closed) {
      this.wasReset = true;
      this.session.sendReset(this.id, RST_CANCEL);
    }
    this.session.forget(this.id);
    callback(err);
  }
}

export class SpdySession extends EventEmitter {
  closed = false;
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pendingReplies = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private nextStreamId: number;
  private lastRemoteStreamId = 0;
  private goneAway = false;

  constructor(
    private readonly transport: SpdyTransport,
    private readonly options: SpdySessionOptions,
  ) {
    super();
    this.nextStreamId = options.role === 'server' ? 2 : 1;
  }

  /** Bytes from the transport, in order; frames may straddle calls. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: SpdyFrame[];
    try {
      frames = this.parser.push(chunk);
    } catch (err) {
      return this.fail(err as Error);
    }
    for (const frame of frames) {
      // Header blocks inflate asynchronously; a stream's DATA must not overtake its SYN_STREAM.
      this.inbound = this.inbound.then(() => this.handle(frame)).catch((err: Error) => this.fail(err));
    }
  }

  /** Opens a stream and waits for the peer's SYN_REPLY. */
  async openStream(headers: SpdyHeaders, options: { fin?: boolean } = {}): Promise<SpdyStream> {
    if (this.closed || this.goneAway) throw new Error('SPDY session is closed');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(id, headers, this);
    this.streams.set(id, stream);
    if (options.fin) stream.markLocalFinished();
    const replied = new Promise<void>((resolve, reject) => this.pendingReplies.set(id, { resolve, reject }));
    await this.send(async () => encodeFrame({
      type: 'syn_stream', streamId: id, associatedToStreamId: 0, priority: 0, slot: 0,
      flags: options.fin ? FLAG_FIN : 0, headerBlock: await this.compressor.compress(headers),
    }));
    await replied;
    return stream;
  }

  /** GOAWAY, then the transport closes. */
  close(): void {
    if (this.closed) return;
    void this.send(() => encodeFrame({ type: 'goaway', lastGoodStreamId: this.lastRemoteStreamId, status: GOAWAY_OK }))
      .finally(() => this.transport.close());
    this.goneAway = true;
  }

  /** The transport is gone: every stream ends with it. */
  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of [...this.streams.values()]) stream.destroy();
    for (const pending of this.pendingReplies.values()) pending.reject(new Error('SPDY session closed'));
    this.pendingReplies.clear();
    this.compressor.close();
    this.decompressor.close();
    this.emit('close');
  }

  /** @internal */
  sendData(streamId: number, data: Buffer, fin: boolean): Promise<void> {
    const writes: Promise<void>[] = [];
    for (let offset = 0; offset < data.length || (fin && offset === 0); offset += DATA_CHUNK) {
      const piece = data.subarray(offset, offset + DATA_CHUNK);
      const last = offset + DATA_CHUNK >= data.length;
      writes.push(this.send(() => encodeFrame({ type: 'data', streamId, flags: fin && last ? FLAG_FIN : 0, data: piece })));
      if (last) break;
    }
    return Promise.all(writes).then(() => undefined);
  }

  /** @internal */
  sendReset(streamId: number, status: number): void {
    void this.send(() => encodeFrame({ type: 'rst_stream', streamId, status })).catch(() => {});
  }

  /** @internal */
  forget(streamId: number): void {
    this.streams.delete(streamId);
  }

  /**
   * Frames leave in the order they were asked for, though a header block's
   * compression is asynchronous. Resolves once the transport took the bytes.
   */
  private send(make: () => Buffer | Promise<Buffer>): Promise<void> {
    if (this.closed) return Promise.reject(new Error('SPDY session is closed'));
    let written: Promise<void> = Promise.resolve();
    const step = this.outbound.then(async () => {
      const bytes = await make();
      if (this.closed) throw new Error('SPDY session is closed');
      written = new Promise((resolve, reject) => this.transport.send(bytes, (err) => (err ? reject(err) : resolve())));
    });
    this.outbound = step.catch(() => undefined);
    return step.then(() => written);
  }

  private async handle(frame: SpdyFrame): Promise<void> {
    if (this.closed) return;
    switch (frame.type) {
      case 'syn_stream':
        return this.handleSynStream(frame, await this.decompressor.decompress(frame.headerBlock));
      case 'syn_reply': {
        await this.decompressor.decompress(frame.headerBlock);
        const pending = this.pendingReplies.get(frame.streamId);
        this.pendingReplies.delete(frame.streamId);
        pending?.resolve();
        if (frame.flags & FLAG_FIN) this.streams.get(frame.streamId)?.receiveFin();
        return;
      }
      case 'headers':
        // nothing to learn from them, but the block must pass through the shared zlib context
        await this.decompressor.decompress(frame.headerBlock);
        if (frame.flags & FLAG_FIN) this.streams.get(frame.streamId)?.receiveFin();
        return;
      case 'data':
        this.streams.get(frame.streamId)?.receiveData(frame.data, (frame.flags & FLAG_FIN) !== 0);
        return;
      case 'rst_stream': {
        const pending = this.pendingReplies.get(frame.streamId);
        this.pendingReplies.delete(frame.streamId);
        pending?.reject(new Error(`stream ${frame.streamId} was reset (status ${frame.status})`));
        this.streams.get(frame.streamId)?.receiveReset();
        return;
      }
      case 'ping':
        if ((frame.id & 1) !== (this.options.role === 'server' ? 0 : 1)) {
          await this.send(() => encodeFrame(frame));
        }
        return;
      case 'goaway':
        this.goneAway = true;
        this.emit('goaway');
        return;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return;
    }
  }

  private async handleSynStream(frame: Extract<SpdyFrame, { type: 'syn_stream' }>, headers: SpdyHeaders): Promise<void> {
    const id = frame.streamId;
    const peerParity = this.options.role === 'server' ? 1 : 0;
    if (id === 0 || (id & 1) !== peerParity || id <= this.lastRemoteStreamId || this.streams.has(id)) {
      return this.sendReset(id, RST_PROTOCOL_ERROR);
    }
    this.lastRemoteStreamId = id;
    if (this.goneAway || !(this.options.accept?.(headers) ?? true)) return this.sendReset(id, RST_REFUSED_STREAM);
    const stream = new SpdyStream(id, headers, this);
    this.streams.set(id, stream);
    if (frame.flags & FLAG_UNIDIRECTIONAL) stream.markLocalFinished();
    // the reply goes out before anything the handler writes on the stream
    const replied = this.send(async () => encodeFrame({ type: 'syn_reply', streamId: id, flags: 0, headerBlock: await this.compressor.compress({}) }));
    if (frame.flags & FLAG_FIN) stream.receiveFin();
    this.options.onStream?.(stream);
    await replied;
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.options.onError?.(err);
    void this.send(() => encodeFrame({ type: 'goaway', lastGoodStreamId: this.lastRemoteStreamId, status: GOAWAY_PROTOCOL_ERROR }))
      .catch(() => {})
      .finally(() => this.transport.close());
    this.goneAway = true;
  }
}
