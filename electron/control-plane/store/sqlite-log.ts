// The on-disk log, in the manner of kine: one row per write, the newest row of
// a key being its current value, a delete appending a tombstone row.
import type { Db, SqlParam } from './sqlite-db.ts';
import type { KV, StoreEvent } from './types.ts';
import { prefixEnd } from './key-range.ts';

export interface LogRow {
  revision: number;
  key: string;
  createRevision: number;
  /** Revision of the key's previous row; 0 for a create. */
  prevRevision: number;
  deleted: boolean;
  value: string;
  createdAt: number;
}

export interface LoadedLog {
  live: KV[];
  currentRevision: number;
  compactedRevision: number;
  /** How far the deletions of the last compaction got (it resumes from here). */
  sweptRevision: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS log_key_revision ON log (key, revision);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

// 7 columns × 500 rows stays far below SQLite's bound-parameter limit.
const ROWS_PER_INSERT = 500;

export async function openLog(db: Db): Promise<LoadedLog> {
  await db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
  const [mode] = await db.all<{ journal_mode: string }>('PRAGMA journal_mode');
  if (mode?.journal_mode !== 'wal') throw new Error(`cannot enable WAL journal (got ${mode?.journal_mode})`);
  await db.exec(SCHEMA);
  const live = await db.all<KV>(
    `SELECT l.key, l.value, l.revision, l.create_revision AS createRevision
     FROM (SELECT MAX(revision) AS r FROM log GROUP BY key) m JOIN log l ON l.revision = m.r
     WHERE l.deleted = 0`,
  );
  const [max] = await db.all<{ r: number | null }>('SELECT MAX(revision) AS r FROM log');
  const compactedRevision = await readMeta(db, 'compacted');
  return {
    live,
    // Compaction may delete the newest rows (tombstones), never rows above the
    // compacted revision, so this never goes back.
    currentRevision: Math.max(max?.r ?? 0, compactedRevision),
    compactedRevision,
    sweptRevision: await readMeta(db, 'swept'),
  };
}

export async function appendRows(db: Db, rows: readonly LogRow[]): Promise<void> {
  await transaction(db, async () => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const params: SqlParam[] = [];
      for (const r of chunk) {
        params.push(r.revision, r.key, r.createRevision, r.prevRevision, r.deleted ? 1 : 0, r.value, r.createdAt);
      }
      await db.run(
        `INSERT INTO log (revision, key, create_revision, prev_revision, deleted, value, created_at) VALUES ${chunk
          .map(() => '(?,?,?,?,?,?,?)')
          .join(',')}`,
        params,
      );
    }
  });
}

interface HistoryRow {
  revision: number;
  key: string;
  value: string;
  createRevision: number;
  prevRevision: number;
  deleted: number;
  prevValue: string | null;
  prevCreateRevision: number | null;
}

/** Events for keys under `prefix` with after < revision <= upto, oldest first, at most `limit`. */
export async function readHistory(db: Db, prefix: string, after: number, upto: number, limit: number): Promise<StoreEvent[]> {
  const range = keyRange('l.key', prefix);
  const rows = await db.all<HistoryRow>(
    `SELECT l.revision, l.key, l.value, l.create_revision AS createRevision, l.prev_revision AS prevRevision,
            l.deleted, p.value AS prevValue, p.create_revision AS prevCreateRevision
     FROM log l LEFT JOIN log p ON p.revision = l.prev_revision
     WHERE l.revision > ? AND l.revision <= ?${range.sql}
     ORDER BY l.revision LIMIT ?`,
    [after, upto, ...range.params, limit],
  );
  return rows.map(toEvent);
}

function toEvent(row: HistoryRow): StoreEvent {
  const kv: KV = { key: row.key, value: row.value, revision: row.revision, createRevision: row.createRevision };
  const prevKv: KV | undefined =
    row.prevValue === null
      ? undefined
      : { key: row.key, value: row.prevValue, revision: row.prevRevision, createRevision: row.prevCreateRevision! };
  if (row.deleted) return { type: 'DELETED', kv, prevKv };
  return row.prevRevision === 0 ? { type: 'ADDED', kv } : { type: 'MODIFIED', kv, prevKv };
}

export interface SnapshotPage {
  items: KV[];
  more: boolean;
  remaining: number;
}

/** Live keys under `prefix` as of `revision`: each key's newest row at or below it, unless a tombstone. */
export async function readSnapshot(
  db: Db,
  prefix: string,
  revision: number,
  startAfter: string | undefined,
  limit: number | undefined,
): Promise<SnapshotPage> {
  const snapshot = (after: string | undefined) => {
    const range = keyRange('key', prefix, after);
    return {
      sql: `FROM (SELECT MAX(revision) AS r FROM log WHERE revision <= ?${range.sql} GROUP BY key) m
            JOIN log l ON l.revision = m.r WHERE l.deleted = 0`,
      params: [revision, ...range.params],
    };
  };
  const page = snapshot(startAfter);
  const rows = await db.all<KV>(
    `SELECT l.key, l.value, l.revision, l.create_revision AS createRevision ${page.sql} ORDER BY l.key LIMIT ?`,
    [...page.params, limit ? limit + 1 : -1],
  );
  if (!limit || rows.length <= limit) return { items: rows, more: false, remaining: 0 };
  const items = rows.slice(0, limit);
  const rest = snapshot(items[items.length - 1]!.key);
  const [count] = await db.all<{ n: number }>(`SELECT COUNT(*) AS n ${rest.sql}`, rest.params);
  return { items, more: true, remaining: count?.n ?? 0 };
}

/** Persists the compaction target before any row goes, so a restart never serves a half-swept range. */
export async function recordCompaction(db: Db, revision: number): Promise<void> {
  await transaction(db, () => writeMeta(db, 'compacted', revision));
}

/**
 * Deletes, for the writes in (lo, hi], the rows they superseded and the
 * tombstones themselves. Within the compacted range this leaves exactly each
 * live key's newest row; a superseded row always has a successor pointing at it.
 */
export async function sweepChunk(db: Db, lo: number, hi: number): Promise<void> {
  await transaction(db, async () => {
    await db.run(
      'DELETE FROM log WHERE revision IN (SELECT prev_revision FROM log WHERE revision > ? AND revision <= ? AND prev_revision > 0)',
      [lo, hi],
    );
    await db.run('DELETE FROM log WHERE revision > ? AND revision <= ? AND deleted = 1', [lo, hi]);
    await writeMeta(db, 'swept', hi);
  });
}

/** The newest revision at or below `maxRevision` written at or before `before` (ms), or 0. */
export async function newestRevisionBefore(db: Db, maxRevision: number, before: number): Promise<number> {
  const [row] = await db.all<{ revision: number }>(
    'SELECT revision FROM log WHERE revision <= ? AND created_at <= ? ORDER BY revision DESC LIMIT 1',
    [maxRevision, before],
  );
  return row?.revision ?? 0;
}

async function transaction(db: Db, body: () => Promise<void>): Promise<void> {
  await db.run('BEGIN IMMEDIATE');
  try {
    await body();
    await db.run('COMMIT');
  } catch (err) {
    // SQLite may already have rolled back on its own; then this fails harmlessly.
    await db.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function keyRange(column: string, prefix: string, startAfter?: string): { sql: string; params: SqlParam[] } {
  let sql = '';
  const params: SqlParam[] = [];
  if (prefix) {
    sql += ` AND ${column} >= ?`;
    params.push(prefix);
  }
  const end = prefixEnd(prefix);
  if (end !== undefined) {
    sql += ` AND ${column} < ?`;
    params.push(end);
  }
  if (startAfter !== undefined) {
    sql += ` AND ${column} > ?`;
    params.push(startAfter);
  }
  return { sql, params };
}

async function readMeta(db: Db, name: string): Promise<number> {
  const [row] = await db.all<{ value: number }>('SELECT value FROM meta WHERE name = ?', [name]);
  return row?.value ?? 0;
}

function writeMeta(db: Db, name: string, value: number): Promise<void> {
  return db.run('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [
    name,
    value,
  ]);
}
