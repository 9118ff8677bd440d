import { describe, expect, it } from 'vitest';
import { obj, openStore } from './helpers.ts';

const name = (i: number) => String(i).padStart(3, '0');

describe('list', () => {
  it('lists a prefix in key order and counts it', async () => {
    const store = await openStore();
    await Promise.all([
      store.create('/pods/ns1/b', obj('b')),
      store.create('/pods/ns1/a', obj('a')),
      store.create('/pods/ns2/c', obj('c')),
      store.create('/pods0', obj('not a pod')),
      store.create('/services/ns1/a', obj('svc')),
    ]);
    const all = await store.list('/pods/');
    expect(all.items.map((kv) => kv.key)).toEqual(['/pods/ns1/a', '/pods/ns1/b', '/pods/ns2/c']);
    expect(all).toMatchObject({ revision: 5, more: false, remaining: 0 });
    expect(await store.count('/pods/')).toBe(3);
    expect(await store.count('/pods/ns1/')).toBe(2);
    expect(await store.count('')).toBe(5);
    expect((await store.list('/nothing/')).items).toEqual([]);
  });

  it('pages with startAfter and limit, reporting more and remaining', async () => {
    const store = await openStore();
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.create(`/pods/${name(i)}`, obj(name(i)))));
    await store.create('/secrets/x', obj('x'));

    const keys: string[] = [];
    const pages: { more: boolean; remaining: number }[] = [];
    let startAfter: string | undefined;
    for (;;) {
      const page = await store.list('/pods/', { limit: 10, startAfter });
      keys.push(...page.items.map((kv) => kv.key));
      pages.push({ more: page.more, remaining: page.remaining });
      if (!page.more) break;
      startAfter = page.items[page.items.length - 1]!.key;
    }
    expect(keys).toEqual(Array.from({ length: 25 }, (_, i) => `/pods/${name(i)}`));
    expect(pages).toEqual([
      { more: true, remaining: 15 },
      { more: true, remaining: 5 },
      { more: false, remaining: 0 },
    ]);
    const exact = await store.list('/pods/', { limit: 25 });
    expect(exact).toMatchObject({ more: false, remaining: 0 });
  });

  it('reads an old snapshot from the log, with paging', async () => {
    const store = await openStore();
    const a = await store.create('/pods/a', obj('a', { v: 1 }));
    await store.create('/pods/b', obj('b'));
    await store.create('/pods/c', obj('c'));
    const snapshotRevision = store.currentRevision();
    await store.update('/pods/a', a.revision, obj('a', { v: 2 }));
    await store.delete('/pods/b');
    await store.create('/pods/d', obj('d'));

    const now = await store.list('/pods/');
    expect(now.items.map((kv) => kv.key)).toEqual(['/pods/a', '/pods/c', '/pods/d']);

    const then = await store.list('/pods/', { revision: snapshotRevision });
    expect(then.revision).toBe(snapshotRevision);
    expect(then.items.map((kv) => [kv.key, kv.revision])).toEqual([
      ['/pods/a', 1],
      ['/pods/b', 2],
      ['/pods/c', 3],
    ]);
    expect(then.items[0]).toEqual(a);

    const page = await store.list('/pods/', { revision: snapshotRevision, limit: 1, startAfter: '/pods/a' });
    expect(page.items.map((kv) => kv.key)).toEqual(['/pods/b']);
    expect(page).toMatchObject({ more: true, remaining: 1 });
  });

  it('fails a snapshot list below the compacted revision', async () => {
    const store = await openStore();
    const a = await store.create('/pods/a', obj('a'));
    await store.update('/pods/a', a.revision, obj('a', { v: 2 }));
    await store.create('/pods/b', obj('b'));
    await store.compact(2);
    await expect(store.list('/pods/', { revision: 1 })).rejects.toMatchObject({ code: 'compacted', current: 2 });
    const atCompacted = await store.list('/pods/', { revision: 2 });
    expect(atCompacted.items.map((kv) => [kv.key, kv.revision])).toEqual([['/pods/a', 2]]);
  });

  it('serves 100k keys quickly', async () => {
    const store = await openStore();
    const ops = Array.from({ length: 100_000 }, (_, i) => ({
      op: 'create' as const,
      key: `/pods/ns${i % 10}/${String(i).padStart(6, '0')}`,
      encode: obj(String(i)),
    }));
    for (let i = 0; i < ops.length; i += 10_000) await store.txn(ops.slice(i, i + 10_000));
    const started = performance.now();
    let listed = 0;
    for (let i = 0; i < 100; i++) {
      const page = await store.list('/pods/ns5/', { limit: 500, startAfter: `/pods/ns5/${String(i * 97).padStart(6, '0')}` });
      listed += page.items.length;
    }
    const elapsed = performance.now() - started;
    expect(listed).toBe(100 * 500);
    expect(await store.count('/pods/ns5/')).toBe(10_000);
    expect(elapsed).toBeLessThan(1000);
  }, 60_000);
});
