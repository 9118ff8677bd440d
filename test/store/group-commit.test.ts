import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { obj, openStore, tempDir } from './helpers.ts';

function exec(path: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path);
    db.exec(sql, (err) => db.close(() => (err ? reject(err) : resolve())));
  });
}

describe('group commit', () => {
  it('commits 500 concurrent writes in far fewer transactions', async () => {
    const store = await openStore();
    const kvs = await Promise.all(Array.from({ length: 500 }, (_, i) => store.create(`/pods/p${i}`, obj(`p${i}`))));
    expect(new Set(kvs.map((kv) => kv.revision)).size).toBe(500);
    expect(store.stats().writes).toBe(500);
    expect(store.stats().transactions).toBeLessThan(50);
  });

  it('commits every write on its own when disabled', async () => {
    const store = await openStore({ groupCommit: false });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/pods/p${i}`, obj(`p${i}`))));
    expect(store.stats()).toEqual({ transactions: 50, writes: 50 });
  });

  describe('when a commit fails', () => {
    async function storeWithFaultyDisk(groupCommit: boolean) {
      const path = join(await tempDir(), 'store.db');
      const store = await openStore({ path, groupCommit });
      // A trigger stands in for a failing disk: any row whose value mentions "boom" aborts its transaction.
      await exec(
        path,
        `CREATE TRIGGER boom BEFORE INSERT ON log WHEN NEW.value LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`,
      );
      return { store, path, heal: () => exec(path, 'DROP TRIGGER boom') };
    }

    it('fails the whole batch with io and keeps memory equal to disk', async () => {
      const { store } = await storeWithFaultyDisk(true);
      const x = await store.create('/pods/x', obj('x'));
      const results = await Promise.allSettled([
        store.update('/pods/x', x.revision, obj('x', { v: 2 })),
        store.create('/pods/y', obj('y', { boom: true })),
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'))).toEqual(['io', 'io']);
      expect(await store.get('/pods/x')).toEqual(x);
      expect(await store.get('/pods/y')).toBeUndefined();
      expect(store.currentRevision()).toBe(x.revision);
      // The failed update no longer counts for CAS.
      const x2 = await store.update('/pods/x', x.revision, obj('x', { v: 3 }));
      expect(x2.revision).toBeGreaterThan(x.revision);
    });

    it('fails the writes queued behind it on the same keys, and only those', async () => {
      const { store, path, heal } = await storeWithFaultyDisk(false);
      const failed = store.create('/pods/y', obj('y', { boom: true }));
      const dependent = store.delete('/pods/y');
      const unrelated = store.create('/pods/z', obj('z'));
      await expect(failed).rejects.toMatchObject({ code: 'io' });
      await expect(dependent).rejects.toMatchObject({ code: 'io' });
      const z = await unrelated;
      expect(await store.get('/pods/y')).toBeUndefined();
      expect(await store.get('/pods/z')).toEqual(z);

      await heal();
      const y = await store.create('/pods/y', obj('y', { boom: true }));
      expect(y.revision).toBeGreaterThan(z.revision);
      const before = await store.list('');
      expect(before.items.map((kv) => kv.key)).toEqual(['/pods/y', '/pods/z']);
      await store.close();
      const reopened = await openStore({ path });
      expect(await reopened.list('')).toEqual(before);
    });
  });
});
