// A tunnel stream as a Node Duplex, so either end of the tunnel can hand it to an
// HTTP server or client as if it were a socket. Shared by the agent and the control
// plane (neither may import the other; api/ may not import node:stream).
import { Duplex } from 'node:stream';
import type { StreamEvents, StreamHandle, TunnelSession } from '../api/tunnel/session.ts';

export class TunnelStream extends Duplex {
  private handle!: StreamHandle;
  private pendingWrite: ((err?: Error | null) => void) | undefined;
  /** Bytes pushed while the readable buffer was full: credited back once the reader asks for more. */
  private held = 0;
  private readonly events: StreamEvents = {
    data: (chunk) => {
      if (this.push(chunk)) this.handle.consumed(chunk.length);
      else this.held += chunk.length;
    },
    end: () => this.push(null),
    reset: (reason) => this.destroy(Object.assign(new Error(reason), { code: 'ECONNRESET' })),
    drain: () => {
      const cb = this.pendingWrite;
      this.pendingWrite = undefined;
      cb?.();
    },
  };

  /** Opens a new stream to the peer. */
  static open(session: TunnelSession): TunnelStream {
    const stream = new TunnelStream();
    session.open((handle) => stream.bind(handle));
    return stream;
  }

  /** Wraps a stream the peer opened (from `SessionOptions.accept`). */
  static accepted(handle: StreamHandle): { stream: TunnelStream; events: StreamEvents } {
    const stream = new TunnelStream();
    return { stream, events: stream.bind(handle) };
  }

  private constructor() {
    super({ allowHalfOpen: true });
  }

  private bind(handle: StreamHandle): StreamEvents {
    this.handle = handle;
    return this.events;
  }

  get streamId(): number {
    return this.handle.id;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.handle.write(chunk)) cb();
    else this.pendingWrite = cb;
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.handle.end();
    cb();
  }

  override _read(): void {
    if (this.held === 0) return;
    const bytes = this.held;
    this.held = 0;
    this.handle.consumed(bytes);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    // A no-op once both directions have ended cleanly; otherwise the peer must learn of the abort.
    this.handle.reset(err?.message ?? 'stream destroyed');
    const pending = this.pendingWrite;
    this.pendingWrite = undefined;
    pending?.(err ?? new Error('stream destroyed'));
    cb(err);
  }
}
