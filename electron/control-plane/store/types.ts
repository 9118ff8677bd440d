// The Store contract: a revisioned key-value log in the manner of etcd. The SQLite
// backend implements it today; an etcd backend must implement it unchanged.

/** One stored value. `revision` is the global revision of the write that produced it. */
export interface KV {
  key: string;
  /** The object's JSON, with metadata.resourceVersion already equal to `revision`. */
  value: string;
  revision: number;
  /** Revision of the write that created the key (the key's first row since its last delete). */
  createRevision: number;
}

/**
 * Builds a value once its revision is known, so the stored JSON carries its own
 * resourceVersion. Called synchronously, exactly once per accepted write.
 */
export type Encoder = (revision: number) => string;

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  /** For ADDED/MODIFIED the new value; for DELETED the last value, re-stamped with the delete's revision. */
  kv: KV;
  /** The value before this write (MODIFIED and DELETED), so watchers can tell selector transitions. */
  prevKv?: KV;
}

export interface ListOptions {
  /** Only keys strictly greater than this one (pagination). */
  startAfter?: string;
  /** At most this many items; `more` says whether there were others. */
  limit?: number;
  /** Read a past snapshot; fails with StoreError('compacted') if that revision is gone. Default: now. */
  revision?: number;
}

export interface ListResult {
  items: KV[];
  /** The revision the list is consistent at. */
  revision: number;
  more: boolean;
  /** Keys after the last returned item, when `more`. */
  remaining: number;
}

export type TxnOp =
  | { op: 'create'; key: string; encode: Encoder }
  | { op: 'update'; key: string; expectedRevision: number; encode: Encoder }
  | { op: 'delete'; key: string; expectedRevision?: number; encode?: Encoder };

export interface WatchOptions {
  /** Deliver every event with revision > fromRevision (0: only new events). */
  fromRevision: number;
  onEvent: (event: StoreEvent) => void;
  /** Called once if the watch cannot go on (e.g. 'compacted'); no events follow. */
  onError: (error: StoreError) => void;
}

export interface Watcher {
  stop(): void;
}

export type StoreErrorCode = 'exists' | 'notfound' | 'conflict' | 'compacted' | 'closed' | 'io';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly key?: string,
    /** For 'conflict': the current value; for 'compacted': the oldest revision still available. */
    readonly current?: KV | number,
  ) {
    super(message);
  }
}

export interface Store {
  /** Newest committed revision (what a list or get right now is consistent at). */
  currentRevision(): number;
  /** Oldest revision a watch or a snapshot list may start from. */
  compactedRevision(): number;

  get(key: string): Promise<KV | undefined>;
  /** Keys beginning with `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Count of live keys under a prefix. */
  count(prefix: string): Promise<number>;

  create(key: string, encode: Encoder): Promise<KV>;
  /** Compare-and-swap on the key's current revision. */
  update(key: string, expectedRevision: number, encode: Encoder): Promise<KV>;
  /** Deletes the key (compare-and-swap when expectedRevision is given); resolves with the tombstone. */
  delete(key: string, expectedRevision?: number, encode?: Encoder): Promise<KV>;
  /** All operations commit together or none does. Results in op order. */
  txn(ops: TxnOp[]): Promise<KV[]>;

  /** Events for keys beginning with `prefix`, replaying the log from `fromRevision`, then live; no gap, no duplicate. */
  watch(prefix: string, options: WatchOptions): Watcher;

  /** Drops history at or below `revision` (keeps each live key's newest row). */
  compact(revision: number): Promise<void>;
  /** Flushes pending writes and closes. */
  close(): Promise<void>;
}
