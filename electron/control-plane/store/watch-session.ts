import { StoreError } from './types.ts';
import type { StoreEvent, Watcher } from './types.ts';
import type { Subscriber } from './watch-hub.ts';

/**
 * One watcher's delivery: while its history is being replayed, live events
 * wait in a buffer; every event at or below the last delivered revision is
 * dropped, which is what makes replay + live free of duplicates.
 */
export class WatchSession implements Subscriber, Watcher {
  private buffer: StoreEvent[] | undefined = [];
  private done = false;

  constructor(
    /** Last revision delivered (or skipped as not wanted). */
    private cursor: number,
    private readonly onEvent: (event: StoreEvent) => void,
    private readonly onError: (error: StoreError) => void,
    private readonly detach: (session: WatchSession) => void,
  ) {}

  get position(): number {
    return this.cursor;
  }

  get stopped(): boolean {
    return this.done;
  }

  push(event: StoreEvent): void {
    if (this.buffer) this.buffer.push(event);
    else this.deliver(event);
  }

  deliver(event: StoreEvent): void {
    if (this.done || event.kv.revision <= this.cursor) return;
    this.cursor = event.kv.revision;
    try {
      this.onEvent(event);
    } catch (err) {
      // A throwing consumer must not break the commit path that called it; it loses its watch instead.
      this.fail(new StoreError('io', `watch consumer failed: ${String(err)}`));
    }
  }

  /** Ends the replay: delivers what arrived meanwhile, then goes live. */
  goLive(): void {
    const buffered = this.buffer ?? [];
    this.buffer = undefined;
    for (const event of buffered) this.deliver(event);
  }

  fail(error: StoreError): void {
    if (this.done) return;
    this.stop();
    this.onError(error);
  }

  stop(): void {
    if (this.done) return;
    this.done = true;
    this.buffer = undefined;
    this.detach(this);
  }
}
