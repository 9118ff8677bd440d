// Many byte streams over one message channel (the tunnel's WebSocket), each with
// half-close, reset and its own credit window: a sender may have at most the
// receiver's window in flight, and the receiver grants more only as its reader
// consumes. So a stream nobody reads (a followed log whose client went quiet)
// stops its sender instead of stalling the other streams or buffering without bound.
import {
  FrameType, INITIAL_WINDOW, MAX_DATA_PAYLOAD,
  decodeFrame, encodeFrame, encodeReset, encodeWindow, resetReason, windowIncrement,
} from './frames.ts';

/** What a stream tells its owner. Called synchronously from `receive`. */
export interface StreamEvents {
  data(chunk: Uint8Array): void;
  /** The peer half-closed: no more data will arrive. */
  end(): void;
  /** The stream is gone (peer reset, or the session closed). */
  reset(reason: string): void;
  /** A write that returned false has now been sent in full. */
  drain(): void;
}

export interface StreamHandle {
  readonly id: number;
  /** Sends what the credit allows and queues the rest; false means wait for `drain`. */
  write(chunk: Uint8Array): boolean;
  /** Half-closes after everything written has been sent. */
  end(): void;
  reset(reason: string): void;
  /** The reader has taken `bytes` off its buffer, so the peer may send that many more. */
  consumed(bytes: number): void;
}

export interface SessionOptions {
  send(frame: Uint8Array): void;
  /** The dialing side opens odd stream ids, the other even, so ids never collide. */
  initiator: boolean;
  /** A stream the peer opened; returning undefined refuses it. */
  accept?(handle: StreamHandle): StreamEvents | undefined;
}

/** Credit is returned in batches of this much, not per chunk read. */
const GRANT_THRESHOLD = INITIAL_WINDOW / 4;

class Stream implements StreamHandle {
  events!: StreamEvents;
  private sendCredit = INITIAL_WINDOW;
  private readonly queue: Uint8Array[] = [];
  private endQueued = false;
  private localEnded = false;
  private remoteEnded = false;
  /** Bytes the peer may still send before it must wait for a grant. */
  private receiveCredit = INITIAL_WINDOW;
  private ungranted = 0;
  closed = false;

  constructor(readonly id: number, private readonly session: TunnelSession) {}

  write(chunk: Uint8Array): boolean {
    if (this.closed) return true;
    if (this.endQueued) throw new Error(`tunnel stream ${this.id}: write after end`);
    if (chunk.length > 0) this.queue.push(chunk);
    this.flush();
    return this.queue.length === 0;
  }

  end(): void {
    if (this.closed || this.endQueued) return;
    this.endQueued = true;
    this.flush();
  }

  reset(reason: string): void {
    if (this.closed) return;
    this.session.send(encodeReset(this.id, reason));
    this.drop();
  }

  consumed(bytes: number): void {
    if (this.closed || this.remoteEnded) return;
    this.ungranted += bytes;
    if (this.ungranted < GRANT_THRESHOLD) return;
    this.receiveCredit += this.ungranted;
    this.session.send(encodeWindow(this.id, this.ungranted));
    this.ungranted = 0;
  }

  onData(payload: Uint8Array): void {
    if (this.remoteEnded) return this.violation('data after end');
    if (payload.length > this.receiveCredit) return this.violation(`peer sent ${payload.length} bytes with ${this.receiveCredit} of credit`);
    this.receiveCredit -= payload.length;
    this.events.data(payload);
  }

  onEnd(): void {
    if (this.remoteEnded) return;
    this.remoteEnded = true;
    this.settle();
    this.events.end();
  }

  onWindow(increment: number): void {
    this.sendCredit += increment;
    const waiting = this.queue.length > 0;
    this.flush();
    if (waiting && this.queue.length === 0 && !this.closed) this.events.drain();
  }

  onReset(reason: string): void {
    this.drop();
    this.events.reset(reason);
  }

  private flush(): void {
    while (this.queue.length > 0 && this.sendCredit > 0 && !this.closed) {
      const head = this.queue[0]!;
      const n = Math.min(head.length, this.sendCredit, MAX_DATA_PAYLOAD);
      this.session.send(encodeFrame(FrameType.Data, this.id, head.subarray(0, n)));
      this.sendCredit -= n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(n);
    }
    if (this.queue.length === 0 && this.endQueued && !this.localEnded && !this.closed) {
      this.localEnded = true;
      this.session.send(encodeFrame(FrameType.End, this.id));
      this.settle();
    }
  }

  private violation(what: string): void {
    this.reset(`tunnel protocol error: ${what}`);
    this.events.reset(`tunnel protocol error: ${what}`);
  }

  /** Both directions ended: nothing more can happen on this id. */
  private settle(): void {
    if (this.localEnded && this.remoteEnded) this.drop();
  }

  private drop(): void {
    this.closed = true;
    this.queue.length = 0;
    this.session.forget(this.id);
  }
}

export class TunnelSession {
  private readonly streams = new Map<number, Stream>();
  private nextId: number;
  private closedReason: string | undefined;

  constructor(private readonly opts: SessionOptions) {
    this.nextId = opts.initiator ? 1 : 2;
  }

  get size(): number {
    return this.streams.size;
  }

  /** Opens a stream; `bind` receives its handle and returns the events to deliver to it. */
  open(bind: (handle: StreamHandle) => StreamEvents): StreamHandle {
    if (this.closedReason !== undefined) throw new Error(`tunnel is closed: ${this.closedReason}`);
    const stream = new Stream(this.nextId, this);
    this.nextId += 2;
    stream.events = bind(stream);
    this.streams.set(stream.id, stream);
    this.send(encodeFrame(FrameType.Open, stream.id));
    return stream;
  }

  /** Feeds one message from the peer. Throws when the peer breaks the protocol; drop the channel then. */
  receive(bytes: Uint8Array): void {
    const frame = decodeFrame(bytes);
    if (frame.type === FrameType.Open) return this.accept(frame.stream);
    // Frames already in flight when this side reset or finished a stream are expected; ignore them.
    const stream = this.streams.get(frame.stream);
    if (!stream) return;
    switch (frame.type) {
      case FrameType.Data:
        return stream.onData(frame.payload);
      case FrameType.End:
        return stream.onEnd();
      case FrameType.Window:
        return stream.onWindow(windowIncrement(frame));
      case FrameType.Reset:
        return stream.onReset(resetReason(frame));
    }
  }

  /** Resets every stream; the channel underneath is gone. */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const s of streams) {
      s.closed = true;
      s.events.reset(reason);
    }
  }

  send(frame: Uint8Array): void {
    if (this.closedReason === undefined) this.opts.send(frame);
  }

  forget(id: number): void {
    this.streams.delete(id);
  }

  private accept(id: number): void {
    if ((id % 2 === 1) === this.opts.initiator) throw new Error(`peer opened stream ${id}, an id of this side`);
    if (this.streams.has(id)) throw new Error(`peer opened stream ${id} twice`);
    const stream = new Stream(id, this);
    this.streams.set(id, stream);
    const events = this.opts.accept?.(stream);
    if (!events) {
      stream.reset('stream refused');
      return;
    }
    stream.events = events;
  }
}
