import type { Db } from './sqlite-db.ts';
import type { MemoryState } from './memory-state.ts';
import type { Mutex } from './mutex.ts';
import type { KV, StoreEvent, TxnOp } from './types.ts';
import { StoreError } from './types.ts';
import { appendRows } from './sqlite-log.ts';
import type { LogRow } from './sqlite-log.ts';

interface Write {
  kv: KV;
  /** The key's value before this write (undefined for a create). */
  prev: KV | undefined;
  deleted: boolean;
  createdAt: number;
}

/** One accepted create/update/delete/txn: its writes commit together. */
interface Request {
  writes: Write[];
  resolve(kvs: KV[]): void;
  reject(error: StoreError): void;
}

export interface WriterStats {
  /** Transactions that committed writes. */
  transactions: number;
  /** Writes (log rows) committed. */
  writes: number;
}

/**
 * Accepts writes synchronously (checks, revision, encoding) against the latest
 * state including accepted-but-uncommitted writes, and commits them in
 * batches: whatever queued up while one transaction was in flight goes into
 * the next. Only committed writes reach the memory state and the watchers.
 */
export class Writer {
  /** Accepted but not committed: the newest such state per key (undefined once deleted). */
  private readonly pending = new Map<string, { kv: KV | undefined; revision: number }>();
  private queue: Request[] = [];
  private pumping: Promise<void> | undefined;
  private lastAccepted: number;
  private lastCommitted: number;
  readonly stats: WriterStats = { transactions: 0, writes: 0 };

  constructor(
    private readonly db: Db,
    private readonly mutex: Mutex,
    private readonly memory: MemoryState,
    private readonly groupCommit: boolean,
    revision: number,
    private readonly publish: (event: StoreEvent) => void,
  ) {
    this.lastAccepted = revision;
    this.lastCommitted = revision;
  }

  committedRevision(): number {
    return this.lastCommitted;
  }

  /** All checks pass and every op gets its revision, or nothing is accepted. */
  accept(ops: readonly TxnOp[]): Promise<KV[]> {
    if (ops.length === 0) return Promise.resolve([]);
    let writes: Write[];
    try {
      writes = this.prepare(ops);
    } catch (err) {
      return Promise.reject(err);
    }
    for (const w of writes) this.markPending(w);
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      this.pumping ??= this.pump();
    });
  }

  /** Resolves once everything accepted so far has committed or failed. */
  async flush(): Promise<void> {
    await this.pumping;
  }

  private prepare(ops: readonly TxnOp[]): Write[] {
    const keys = new Set(ops.map((op) => op.key));
    // Like etcd: ops in one txn see the state before it, so one key twice has no clear meaning.
    if (keys.size !== ops.length) throw new Error('txn: a key may appear only once');
    const prevs = ops.map((op) => this.check(op));
    const createdAt = Date.now();
    // Encoders run last and may throw: the revision counter only moves once all succeeded.
    let revision = this.lastAccepted;
    const writes = ops.map((op, i): Write => {
      const prev = prevs[i];
      revision++;
      const createRevision = prev?.createRevision ?? revision;
      if (op.op === 'delete') {
        const value = op.encode ? op.encode(revision) : prev!.value;
        return { kv: { key: op.key, value, revision, createRevision }, prev, deleted: true, createdAt };
      }
      return { kv: { key: op.key, value: op.encode(revision), revision, createRevision }, prev, deleted: false, createdAt };
    });
    this.lastAccepted = revision;
    return writes;
  }

  private check(op: TxnOp): KV | undefined {
    const current = this.latest(op.key);
    if (op.op === 'create') {
      if (current) throw new StoreError('exists', `${op.key} already exists`, op.key);
      return undefined;
    }
    if (!current) throw new StoreError('notfound', `${op.key} not found`, op.key);
    if (op.expectedRevision !== undefined && op.expectedRevision !== current.revision) {
      throw new StoreError(
        'conflict',
        `${op.key} is at revision ${current.revision}, not ${op.expectedRevision}`,
        op.key,
        current,
      );
    }
    return current;
  }

  private latest(key: string): KV | undefined {
    const pending = this.pending.get(key);
    return pending ? pending.kv : this.memory.get(key);
  }

  private async pump(): Promise<void> {
    // Let the writes issued in the same turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) await this.mutex.run(() => this.commitNext());
    this.pumping = undefined;
  }

  private async commitNext(): Promise<void> {
    const batch = this.groupCommit ? this.queue.splice(0) : this.queue.splice(0, 1);
    const writes = batch.flatMap((r) => r.writes);
    try {
      await appendRows(this.db, writes.map(toRow));
    } catch (err) {
      this.abandon(batch, err);
      return;
    }
    this.stats.transactions++;
    this.stats.writes += writes.length;
    for (const w of writes) {
      if (w.deleted) this.memory.remove(w.kv.key);
      else this.memory.put(w.kv);
      if (this.pending.get(w.kv.key)?.revision === w.kv.revision) this.pending.delete(w.kv.key);
      this.lastCommitted = w.kv.revision;
    }
    for (const w of writes) this.publish(toEvent(w));
    for (const r of batch) r.resolve(r.writes.map((w) => w.kv));
  }

  private markPending(w: Write): void {
    this.pending.set(w.kv.key, { kv: w.deleted ? undefined : w.kv, revision: w.kv.revision });
  }

  /**
   * A failed batch never reached the disk, so it must not count in later CAS
   * checks either: fail it, fail every queued write that was checked against
   * it (same key, transitively), and rebuild the pending state from the rest.
   */
  private abandon(batch: Request[], cause: unknown): void {
    const error = new StoreError('io', `commit failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    const tainted = new Set<string>();
    for (const r of batch) {
      for (const w of r.writes) tainted.add(w.kv.key);
      r.reject(error);
    }
    const survivors: Request[] = [];
    for (const r of this.queue) {
      if (r.writes.some((w) => tainted.has(w.kv.key))) {
        for (const w of r.writes) tainted.add(w.kv.key);
        r.reject(new StoreError('io', `an earlier write to the same key failed to commit: ${error.message}`));
      } else {
        survivors.push(r);
      }
    }
    this.queue = survivors;
    this.pending.clear();
    for (const r of survivors) for (const w of r.writes) this.markPending(w);
  }
}

function toRow(w: Write): LogRow {
  return {
    revision: w.kv.revision,
    key: w.kv.key,
    createRevision: w.kv.createRevision,
    prevRevision: w.prev?.revision ?? 0,
    deleted: w.deleted,
    value: w.kv.value,
    createdAt: w.createdAt,
  };
}

function toEvent(w: Write): StoreEvent {
  if (w.deleted) return { type: 'DELETED', kv: w.kv, prevKv: w.prev };
  return w.prev ? { type: 'MODIFIED', kv: w.kv, prevKv: w.prev } : { type: 'ADDED', kv: w.kv };
}
