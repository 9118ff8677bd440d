import sqlite3 from 'sqlite3';

export type SqlParam = string | number | null;

/**
 * Promise face of one sqlite3 connection. node-sqlite3 may run queued statements
 * in any order, so callers that need ordering (a transaction) await each call.
 */
export interface Db {
  run(sql: string, params?: readonly SqlParam[]): Promise<void>;
  all<Row>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function openDb(path: string): Promise<Db> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(wrap(db))));
  });
}

function wrap(db: sqlite3.Database): Db {
  return {
    run: (sql, params = []) =>
      new Promise((resolve, reject) => {
        db.run(sql, params, (err: Error | null) => (err ? reject(err) : resolve()));
      }),
    all: <Row>(sql: string, params: readonly SqlParam[] = []) =>
      new Promise<Row[]>((resolve, reject) => {
        db.all(sql, params, (err: Error | null, rows: Row[]) => (err ? reject(err) : resolve(rows)));
      }),
    exec: (sql) =>
      new Promise((resolve, reject) => {
        db.exec(sql, (err) => (err ? reject(err) : resolve()));
      }),
    close: () =>
      new Promise((resolve, reject) => {
        db.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
