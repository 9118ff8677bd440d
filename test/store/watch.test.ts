import { describe, expect, it } from 'vitest';
import type { StoreError, StoreEvent } from '../../electron/control-plane/store/types.ts';
import type { SqliteStore } from '../../electron/control-plane/store/sqlite.ts';
import { obj, openStore, parse, range, revisions, until } from './helpers.ts';

function collect(store: SqliteStore, prefix: string, fromRevision: number) {
  const events: StoreEvent[] = [];
  const errors: StoreError[] = [];
  const watcher = store.watch(prefix, {
    fromRevision,
    onEvent: (e) => events.push(e),
    onError: (e) => errors.push(e),
  });
  return { events, errors, watcher };
}

describe('watch', () => {
  it('replays history after fromRevision, then continues live', async () => {
    const store = await openStore();
    const a = await store.create('/pods/a', obj('a'));
    const a2 = await store.update('/pods/a', a.revision, obj('a', { v: 2 }));
    await store.create('/nodes/n', obj('n'));
    const w = collect(store, '/pods/', 1);
    await store.create('/pods/b', obj('b'));
    await until(() => w.events.length === 2);
    expect(w.events).toEqual([
      { type: 'MODIFIED', kv: a2, prevKv: a },
      { type: 'ADDED', kv: expect.objectContaining({ key: '/pods/b', revision: 4 }) },
    ]);
    expect(w.errors).toEqual([]);
  });

  it('from revision 0 sends only new events', async () => {
    const store = await openStore();
    await store.create('/pods/a', obj('a'));
    const w = collect(store, '/pods/', 0);
    await store.create('/pods/b', obj('b'));
    await until(() => w.events.length === 1);
    expect(revisions(w.events)).toEqual([2]);
  });

  it('DELETED carries the last value re-stamped, and prevKv', async () => {
    const store = await openStore();
    const a = await store.create('/pods/a', obj('a', { phase: 'Running' }));
    const live = collect(store, '/pods/', 0);
    const tombstone = await store.delete('/pods/a', a.revision, obj('a', { phase: 'Running' }));
    expect(parse(tombstone.value)).toEqual({ metadata: { name: 'a', resourceVersion: '2' }, phase: 'Running' });
    expect(tombstone).toMatchObject({ revision: 2, createRevision: 1 });
    const replay = collect(store, '/pods/', 1);
    await until(() => live.events.length === 1 && replay.events.length === 1);
    const expected: StoreEvent = { type: 'DELETED', kv: tombstone, prevKv: a };
    expect(live.events).toEqual([expected]);
    expect(replay.events).toEqual([expected]);

    const unstamped = await store.create('/pods/b', obj('b'));
    const bTombstone = await store.delete('/pods/b');
    expect(bTombstone.value).toBe(unstamped.value);
  });

  it('has no gap and no duplicate when started in the middle of a burst of writes', async () => {
    const store = await openStore();
    const acked: number[] = [];
    let watch: ReturnType<typeof collect> | undefined;
    let fromRevision = 0;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 250; i++) {
        const kv = await store.create(`/pods/w${w}-${i}`, obj(`${w}-${i}`));
        acked.push(kv.revision);
        if (acked.length === 1000) {
          fromRevision = acked[500]!;
          watch = collect(store, '/pods/', fromRevision);
        }
      }
    });
    await Promise.all(writers);
    const last = store.currentRevision();
    expect(last).toBe(2000);
    await until(() => watch!.events.length >= last - fromRevision);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(revisions(watch!.events)).toEqual(range(fromRevision + 1, last));
    expect(watch!.errors).toEqual([]);
  });

  it('delivers each event to every watcher of a matching prefix and to no other', async () => {
    const store = await openStore();
    const watchers = Array.from({ length: 120 }, (_, i) => {
      const prefix = i % 3 === 0 ? `/pods/ns${i % 40}/` : i % 3 === 1 ? `/pods/` : `/services/ns${i % 40}/`;
      return { prefix, ...collect(store, prefix, 0) };
    });
    const keys = Array.from({ length: 200 }, (_, i) => (i % 2 ? `/pods/ns${i % 40}/p${i}` : `/services/ns${i % 40}/s${i}`));
    await Promise.all(keys.map((key) => store.create(key, obj(key))));
    for (const w of watchers) {
      const expected = keys.filter((k) => k.startsWith(w.prefix)).length;
      await until(() => w.events.length === expected);
      expect(w.events.every((e) => e.kv.key.startsWith(w.prefix))).toBe(true);
      expect(revisions(w.events)).toEqual([...revisions(w.events)].sort((a, b) => a - b));
    }
  });

  it('stops delivering after stop()', async () => {
    const store = await openStore();
    const w = collect(store, '/pods/', 0);
    await store.create('/pods/a', obj('a'));
    w.watcher.stop();
    await store.create('/pods/b', obj('b'));
    expect(revisions(w.events)).toEqual([1]);
  });

  it('reports compacted for a revision below the compacted one, and replays from the compacted one', async () => {
    const store = await openStore();
    const a = await store.create('/pods/a', obj('a'));
    const a2 = await store.update('/pods/a', a.revision, obj('a', { v: 2 }));
    const a3 = await store.update('/pods/a', a2.revision, obj('a', { v: 3 }));
    await store.compact(2);
    const gone = collect(store, '/pods/', 1);
    await until(() => gone.errors.length === 1);
    expect(gone.errors[0]).toMatchObject({ code: 'compacted', current: 2 });
    expect(gone.events).toEqual([]);

    const kept = collect(store, '/pods/', 2);
    await until(() => kept.events.length === 1);
    expect(kept.events).toEqual([{ type: 'MODIFIED', kv: a3, prevKv: a2 }]);
  });

  it('ends watches with closed when the store closes', async () => {
    const store = await openStore();
    const w = collect(store, '/pods/', 0);
    await store.close();
    expect(w.errors.map((e) => e.code)).toEqual(['closed']);
    await expect(store.get('/pods/a')).rejects.toMatchObject({ code: 'closed' });
    await expect(store.create('/pods/a', obj('a'))).rejects.toMatchObject({ code: 'closed' });
  });

  it('drops a watcher whose handler throws without failing the write', async () => {
    const store = await openStore();
    const errors: StoreError[] = [];
    store.watch('/pods/', {
      fromRevision: 0,
      onEvent: () => {
        throw new Error('consumer bug');
      },
      onError: (e) => errors.push(e),
    });
    await store.create('/pods/a', obj('a'));
    await store.create('/pods/b', obj('b'));
    expect(errors).toHaveLength(1);
  });
});
