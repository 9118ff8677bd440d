import { describe, expect, it } from 'vitest';
import { StoreError } from '../../electron/control-plane/store/types.ts';
import { obj, openStore, parse } from './helpers.ts';

describe('compare-and-swap', () => {
  it('stamps the revision into the value and rejects a second create', async () => {
    const store = await openStore();
    const kv = await store.create('/pods/a', obj('a'));
    expect(kv).toMatchObject({ key: '/pods/a', revision: 1, createRevision: 1 });
    expect(parse(kv.value).metadata.resourceVersion).toBe('1');
    await expect(store.create('/pods/a', obj('a'))).rejects.toMatchObject({ code: 'exists', key: '/pods/a' });
    expect(store.currentRevision()).toBe(1);
  });

  it('rejects an update with a stale revision and reports the current value', async () => {
    const store = await openStore();
    const v1 = await store.create('/pods/a', obj('a'));
    const v2 = await store.update('/pods/a', v1.revision, obj('a', { n: 2 }));
    expect(v2.createRevision).toBe(v1.revision);
    const err = await store.update('/pods/a', v1.revision, obj('a', { n: 3 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ code: 'conflict', current: v2 });
    await expect(store.update('/pods/missing', 1, obj('x'))).rejects.toMatchObject({ code: 'notfound' });
  });

  it('rejects a delete with a stale revision, accepts an unconditional one', async () => {
    const store = await openStore();
    const v1 = await store.create('/pods/a', obj('a'));
    await store.update('/pods/a', v1.revision, obj('a', { n: 2 }));
    await expect(store.delete('/pods/a', v1.revision)).rejects.toMatchObject({ code: 'conflict' });
    await store.delete('/pods/a');
    expect(await store.get('/pods/a')).toBeUndefined();
    await expect(store.delete('/pods/a')).rejects.toMatchObject({ code: 'notfound' });
  });

  it('lets exactly one of two racing updates win, checked against writes not yet committed', async () => {
    const store = await openStore();
    const v1 = await store.create('/pods/a', obj('a'));
    const results = await Promise.allSettled([
      store.update('/pods/a', v1.revision, obj('a', { by: 'first' })),
      store.update('/pods/a', v1.revision, obj('a', { by: 'second' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    const winner = (results[0] as PromiseFulfilledResult<{ revision: number }>).value;
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', current: winner });
    expect((await store.get('/pods/a'))!.revision).toBe(winner.revision);
  });

  it('hides accepted writes from readers until they commit', async () => {
    const store = await openStore();
    const pending = store.create('/pods/a', obj('a'));
    expect(await store.get('/pods/a')).toBeUndefined();
    expect(store.currentRevision()).toBe(0);
    const kv = await pending;
    expect(await store.get('/pods/a')).toEqual(kv);
  });

  it('applies a txn all-or-nothing with consecutive revisions', async () => {
    const store = await openStore();
    const a = await store.create('/pods/a', obj('a'));
    await store.create('/pods/b', obj('b'));

    await expect(
      store.txn([
        { op: 'update', key: '/pods/a', expectedRevision: a.revision, encode: obj('a', { n: 2 }) },
        { op: 'create', key: '/pods/b', encode: obj('b') },
      ]),
    ).rejects.toMatchObject({ code: 'exists', key: '/pods/b' });
    expect(await store.get('/pods/a')).toEqual(a);
    expect(store.currentRevision()).toBe(2);

    const kvs = await store.txn([
      { op: 'update', key: '/pods/a', expectedRevision: a.revision, encode: obj('a', { n: 2 }) },
      { op: 'delete', key: '/pods/b' },
      { op: 'create', key: '/pods/c', encode: obj('c') },
    ]);
    expect(kvs.map((kv) => kv.revision)).toEqual([3, 4, 5]);
    expect(store.stats().transactions).toBe(3);
    expect((await store.list('/pods/')).items.map((kv) => kv.key)).toEqual(['/pods/a', '/pods/c']);
  });

  it('accepts nothing when an encoder throws', async () => {
    const store = await openStore();
    await expect(
      store.txn([
        { op: 'create', key: '/pods/a', encode: obj('a') },
        {
          op: 'create',
          key: '/pods/b',
          encode: () => {
            throw new Error('cannot encode');
          },
        },
      ]),
    ).rejects.toThrow('cannot encode');
    const kv = await store.create('/pods/a', obj('a'));
    expect(kv.revision).toBe(1);
  });
});
