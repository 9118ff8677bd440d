// A rate-limited work queue with upstream client-go's semantics: a key is waiting at
// most once, never handed to two workers at once, and retried with per-key backoff.
import type { WorkQueue } from './types.ts';

export interface WorkQueueOptions {
  /** First retry delay of addRateLimited (default 5 ms). */
  baseDelayMs?: number;
  /** Cap of the doubling retry delay (default 1000 s). */
  maxDelayMs?: number;
}

class Queue implements WorkQueue {
  /** Keys ready to hand out, in order; `head` skips the ones already taken. */
  private ready: string[] = [];
  private head = 0;
  /** Keys that need processing: waiting in `ready`, or added again while being processed. */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiters: Array<(key: string | undefined) => void> = [];
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private shuttingDown = false;

  constructor(
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    // done() re-queues it, so two workers never hold the same key.
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      this.ready.push(key);
    }
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const pending = this.delayed.get(key);
    // As upstream: a key already scheduled sooner keeps its earlier time.
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    // A pending retry alone must not keep the process alive.
    timer.unref();
    this.delayed.set(key, { at, timer });
  }

  addRateLimited(key: string): void {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    this.addAfter(key, Math.min(this.baseDelayMs * 2 ** failures, this.maxDelayMs));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    if (this.head < this.ready.length) {
      const key = this.ready[this.head++]!;
      this.compact();
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (!this.dirty.has(key)) return;
    // Added while it was processed: hand it out again now.
    this.dirty.delete(key);
    this.add(key);
  }

  len(): number {
    return this.ready.length - this.head;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  /** Drops taken keys once they are half the array, so get() stays O(1) amortised without shift(). */
  private compact(): void {
    if (this.head === this.ready.length) {
      this.ready = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }
}

export function createWorkQueue(options: WorkQueueOptions = {}): WorkQueue {
  return new Queue(options.baseDelayMs ?? 5, options.maxDelayMs ?? 1_000_000);
}
