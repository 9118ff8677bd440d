import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import type { KV, StoreError } from '../../electron/control-plane/store/types.ts';
import { obj, openStore, tempDir, until } from './helpers.ts';

function rowsAtOrBelow(path: string, revision: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path);
    db.get('SELECT COUNT(*) AS n FROM log WHERE revision <= ?', [revision], (err, row: { n: number }) =>
      db.close(() => (err ? reject(err) : resolve(row.n))),
    );
  });
}

describe('compaction', () => {
  it('drops old revisions in the background, keeps live keys, and is remembered across restart', async () => {
    const path = join(await tempDir(), 'store.db');
    const store = await openStore({ path, compactionWindowMs: 0, compactionMinRevisions: 10, compactionIntervalMs: 10 });
    const kvs: KV[] = [];
    for (let i = 0; i < 10; i++) kvs.push(await store.create(`/pods/p${i}`, obj(`p${i}`)));
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 10; i++) kvs[i] = await store.update(kvs[i]!.key, kvs[i]!.revision, obj(`p${i}`, { round }));
    }
    for (let i = 5; i < 10; i++) await store.delete(`/pods/p${i}`);
    const current = store.currentRevision();
    expect(current).toBe(65);

    await until(() => store.compactedRevision() === current - 10);
    const compacted = store.compactedRevision();
    // The sweep follows the recorded revision: wait until at most one row per key is left at or below it.
    for (let n = await rowsAtOrBelow(path, compacted); n > 10; n = await rowsAtOrBelow(path, compacted)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const errors: StoreError[] = [];
    store.watch('/pods/', { fromRevision: 1, onEvent: () => undefined, onError: (e) => errors.push(e) });
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 'compacted', current: compacted });
    await expect(store.list('/pods/', { revision: compacted - 1 })).rejects.toMatchObject({ code: 'compacted' });

    const live = await store.list('/pods/');
    expect(live.items).toEqual(kvs.slice(0, 5));
    // Revision 55: p0..p4 from the last update round (51..55), p5..p9 from the one before (46..50).
    const snapshot = await store.list('/pods/', { revision: compacted });
    expect(snapshot.items.map((kv) => kv.revision)).toEqual([51, 52, 53, 54, 55, 46, 47, 48, 49, 50]);
    await store.close();

    const reopened = await openStore({ path });
    expect(reopened.compactedRevision()).toBe(compacted);
    expect(reopened.currentRevision()).toBe(current);
    expect((await reopened.list('/pods/')).items).toEqual(kvs.slice(0, 5));
  });

  it('keeps revisions inside the time window even when they are more than minRevisions behind', async () => {
    const store = await openStore({ compactionWindowMs: 60_000, compactionMinRevisions: 1, compactionIntervalMs: 10 });
    for (let i = 0; i < 20; i++) await store.create(`/pods/p${i}`, obj(`p${i}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.compactedRevision()).toBe(0);
  });

  it('compacts in chunks without losing writes made meanwhile', async () => {
    const path = join(await tempDir(), 'store.db');
    const store = await openStore({ path });
    let kv = await store.create('/pods/hot', obj('hot'));
    for (let i = 0; i < 3000; i += 100) {
      const batch = [];
      for (let j = 0; j < 100; j++) batch.push(store.create(`/pods/tmp${i + j}`, obj('tmp')));
      await Promise.all(batch);
      await Promise.all(Array.from({ length: 100 }, (_, j) => store.delete(`/pods/tmp${i + j}`)));
    }
    const target = store.currentRevision();
    const compaction = store.compact(target);
    const during = [];
    for (let i = 0; i < 20; i++) {
      kv = await store.update(kv.key, kv.revision, obj('hot', { i }));
      during.push(kv.revision);
    }
    await compaction;
    expect(store.compactedRevision()).toBe(target);
    expect((await store.list('/pods/')).items).toEqual([kv]);
    expect(during).toEqual([...during].sort((a, b) => a - b));
    // Only the hot key's create survives at or below the target: it is superseded by rows above it.
    expect(await rowsAtOrBelow(path, target)).toBe(1);
  });

  it('finishes an interrupted sweep after a restart', async () => {
    const path = join(await tempDir(), 'store.db');
    const store = await openStore({ path });
    const keys = Array.from({ length: 15_000 }, (_, i) => `/pods/tmp${i}`);
    for (let i = 0; i < keys.length; i += 5000) {
      await store.txn(keys.slice(i, i + 5000).map((key) => ({ op: 'create' as const, key, encode: obj(key) })));
    }
    for (let i = 0; i < keys.length; i += 5000) {
      await store.txn(keys.slice(i, i + 5000).map((key) => ({ op: 'delete' as const, key })));
    }
    const kept = await store.create('/pods/kept', obj('kept'));
    const target = store.currentRevision() - 1;
    const compaction = store.compact(target).catch((e: unknown) => e);
    while (store.compactedRevision() !== target) await new Promise((resolve) => setImmediate(resolve));
    await store.close();
    expect(await compaction).toMatchObject({ code: 'closed' });
    expect(await rowsAtOrBelow(path, target)).toBeGreaterThan(0);

    const reopened = await openStore({ path });
    expect(reopened.compactedRevision()).toBe(target);
    for (let n = await rowsAtOrBelow(path, target); n > 0; n = await rowsAtOrBelow(path, target)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await reopened.list('/pods/')).items).toEqual([kept]);
  }, 30_000);
});
