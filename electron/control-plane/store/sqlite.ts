// The SQLite backend of the Store: current state served from memory, history
// and snapshots from a kine-style log table, writes group-committed.
import type { Encoder, KV, ListOptions, ListResult, Store, StoreEvent, TxnOp, WatchOptions, Watcher } from './types.ts';
import { StoreError } from './types.ts';
import { openDb } from './sqlite-db.ts';
import type { Db } from './sqlite-db.ts';
import { openLog, readHistory, readSnapshot } from './sqlite-log.ts';
import { MemoryState } from './memory-state.ts';
import { Mutex } from './mutex.ts';
import { Writer } from './sqlite-writer.ts';
import type { WriterStats } from './sqlite-writer.ts';
import { Compactor } from './sqlite-compactor.ts';
import { WatchHub } from './watch-hub.ts';
import { WatchSession } from './watch-session.ts';

export interface SqliteStoreOptions {
  path: string;
  /** Batch writes that arrive while a commit is in flight into one transaction (default true). */
  groupCommit?: boolean;
  /** Keep every revision younger than this (default 5 minutes). */
  compactionWindowMs?: number;
  /** Keep at least this many of the newest revisions (default 10,000). */
  compactionMinRevisions?: number;
  /** How often background compaction looks for work (default 1 minute). */
  compactionIntervalMs?: number;
}

export interface SqliteStore extends Store {
  /** Counters for tests and benchmarks. */
  stats(): WriterStats;
}

const HISTORY_PAGE = 1000;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const db = await openDb(options.path);
  try {
    const log = await openLog(db);
    const mutex = new Mutex();
    const compactor = new Compactor(db, mutex, log.compactedRevision, log.sweptRevision);
    const store = new SqliteBackend(db, mutex, new MemoryState(log.live), compactor, options.groupCommit ?? true, log.currentRevision);
    compactor.start(
      {
        windowMs: options.compactionWindowMs ?? 5 * 60_000,
        minRevisions: options.compactionMinRevisions ?? 10_000,
        intervalMs: options.compactionIntervalMs ?? 60_000,
      },
      () => store.currentRevision(),
    );
    return store;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

class SqliteBackend implements SqliteStore {
  private readonly hub = new WatchHub<WatchSession>();
  private readonly writer: Writer;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    mutex: Mutex,
    private readonly memory: MemoryState,
    private readonly compactor: Compactor,
    groupCommit: boolean,
    revision: number,
  ) {
    this.writer = new Writer(db, mutex, memory, groupCommit, revision, (event) => this.hub.publish(event));
  }

  stats(): WriterStats {
    return { ...this.writer.stats };
  }

  currentRevision(): number {
    return this.writer.committedRevision();
  }

  compactedRevision(): number {
    return this.compactor.compactedRevision();
  }

  async get(key: string): Promise<KV | undefined> {
    this.assertOpen();
    return this.memory.get(key);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const current = this.currentRevision();
    const revision = options.revision || current;
    if (revision > current) throw new RangeError(`revision ${revision} is in the future (current ${current})`);
    if (revision === current) return { ...this.memory.list(prefix, options.startAfter, options.limit), revision };
    this.assertNotCompacted(revision);
    const page = await readSnapshot(this.db, prefix, revision, options.startAfter, options.limit);
    // Compaction may have started while we read: only a result it could not touch counts.
    this.assertNotCompacted(revision);
    return { ...page, revision };
  }

  async count(prefix: string): Promise<number> {
    this.assertOpen();
    return this.memory.count(prefix);
  }

  create(key: string, encode: Encoder): Promise<KV> {
    return this.write({ op: 'create', key, encode });
  }

  update(key: string, expectedRevision: number, encode: Encoder): Promise<KV> {
    return this.write({ op: 'update', key, expectedRevision, encode });
  }

  delete(key: string, expectedRevision?: number, encode?: Encoder): Promise<KV> {
    return this.write({ op: 'delete', key, expectedRevision, encode });
  }

  txn(ops: TxnOp[]): Promise<KV[]> {
    if (this.closing) return Promise.reject(closedError());
    return this.writer.accept(ops);
  }

  watch(prefix: string, options: WatchOptions): Watcher {
    const from = options.fromRevision;
    const current = this.currentRevision();
    // Nothing before `current` is wanted when starting from 0 (or from the future).
    const session = new WatchSession(from === 0 ? current : from, options.onEvent, options.onError, (s) =>
      this.hub.remove(prefix, s),
    );
    if (this.closing) {
      queueMicrotask(() => session.fail(closedError()));
      return session;
    }
    if (from !== 0 && from < this.compactedRevision()) {
      queueMicrotask(() => session.fail(this.compactedError(from)));
      return session;
    }
    this.hub.add(prefix, session);
    if (from === 0 || from >= current) session.goLive();
    else void this.replay(prefix, session, current);
    return session;
  }

  async compact(revision: number): Promise<void> {
    this.assertOpen();
    const current = this.currentRevision();
    if (revision > current) throw new RangeError(`cannot compact at future revision ${revision} (current ${current})`);
    await this.compactor.compact(revision);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writer.flush();
      await this.compactor.stop();
      for (const session of this.hub.all()) session.fail(closedError());
      await this.db.close();
    })();
    return this.closing;
  }

  private write(op: TxnOp): Promise<KV> {
    return this.txn([op]).then(([kv]) => kv!);
  }

  /** Delivers the log from the session's position up to `upto` (committed when it registered), then goes live. */
  private async replay(prefix: string, session: WatchSession, upto: number): Promise<void> {
    try {
      while (!session.stopped && session.position < upto) {
        const after = session.position;
        const events: StoreEvent[] = await readHistory(this.db, prefix, after, upto, HISTORY_PAGE);
        // Rows at or below the compacted revision may have vanished under the read.
        if (after < this.compactedRevision()) throw this.compactedError(after);
        for (const event of events) session.deliver(event);
        if (events.length < HISTORY_PAGE) break;
      }
      session.goLive();
    } catch (err) {
      session.fail(err instanceof StoreError ? err : new StoreError('io', `watch replay failed: ${String(err)}`));
    }
  }

  private assertOpen(): void {
    if (this.closing) throw closedError();
  }

  private assertNotCompacted(revision: number): void {
    if (revision < this.compactedRevision()) throw this.compactedError(revision);
  }

  private compactedError(revision: number): StoreError {
    const compacted = this.compactedRevision();
    return new StoreError('compacted', `revision ${revision} is compacted (oldest available ${compacted})`, undefined, compacted);
  }
}

function closedError(): StoreError {
  return new StoreError('closed', 'store is closed');
}
