import type { Db } from './sqlite-db.ts';
import type { Mutex } from './mutex.ts';
import { newestRevisionBefore, recordCompaction, sweepChunk } from './sqlite-log.ts';
import { StoreError } from './types.ts';

export interface CompactionPolicy {
  /** Keep every revision written within this many ms. */
  windowMs: number;
  /** Keep at least this many of the newest revisions. */
  minRevisions: number;
  intervalMs: number;
}

// Each chunk is its own short transaction, so queued commits slip in between.
const SWEEP_CHUNK_REVISIONS = 1000;

/**
 * Owns the compacted revision: records it durably first (from then on reads
 * below it fail), then deletes the history below it chunk by chunk.
 */
export class Compactor {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly mutex: Mutex,
    private compacted: number,
    private swept: number,
  ) {}

  compactedRevision(): number {
    return this.compacted;
  }

  /** Compactions run one after another; the returned promise settles when this one is swept. */
  compact(revision: number): Promise<void> {
    const run = this.chain.then(() => this.run(revision));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Background compaction by policy; also finishes a sweep a restart interrupted. */
  start(policy: CompactionPolicy, currentRevision: () => number): void {
    if (this.swept < this.compacted) this.ticking = this.guard(this.compact(this.compacted));
    this.timer = setInterval(() => {
      this.ticking ??= this.guard(this.tick(policy, currentRevision()));
    }, policy.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the chunk in progress; an unfinished sweep resumes at next open. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    await this.chain;
  }

  private async tick(policy: CompactionPolicy, current: number): Promise<void> {
    const keepFrom = current - policy.minRevisions;
    if (keepFrom <= this.compacted) return;
    const target = await newestRevisionBefore(this.db, keepFrom, Date.now() - policy.windowMs);
    if (target > this.compacted) await this.compact(target);
  }

  // A failed background compaction only delays the next one: report it and let the next tick retry.
  private guard(work: Promise<void>): Promise<void> {
    return work
      .catch((err: unknown) => {
        if (!this.stopped) console.warn('store: background compaction failed:', err);
      })
      .finally(() => {
        this.ticking = undefined;
      });
  }

  private async run(revision: number): Promise<void> {
    if (revision > this.compacted) {
      this.assertRunning();
      await this.mutex.run(() => recordCompaction(this.db, revision));
      this.compacted = revision;
    }
    while (this.swept < this.compacted) {
      this.assertRunning();
      const lo = this.swept;
      const hi = Math.min(lo + SWEEP_CHUNK_REVISIONS, this.compacted);
      await this.mutex.run(() => sweepChunk(this.db, lo, hi));
      this.swept = hi;
    }
  }

  // Stopping between chunks is safe: the sweep resumes from the recorded progress at next open.
  private assertRunning(): void {
    if (this.stopped) throw new StoreError('closed', 'store closed before compaction finished');
  }
}
