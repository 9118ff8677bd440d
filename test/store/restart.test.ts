import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { obj, openStore, tempDir } from './helpers.ts';

const writerScript = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));

describe('restart', () => {
  it('keeps every object and keeps revisions increasing across close and reopen', async () => {
    const path = join(await tempDir(), 'store.db');
    const store = await openStore({ path });
    const kvs = await Promise.all(Array.from({ length: 100 }, (_, i) => store.create(`/pods/p${i}`, obj(`p${i}`))));
    await Promise.all(kvs.slice(0, 30).map((kv) => store.update(kv.key, kv.revision, obj(kv.key, { v: 2 }))));
    await Promise.all(kvs.slice(50, 60).map((kv) => store.delete(kv.key)));
    // The newest write is a delete, so the highest revision is only a tombstone row.
    await store.delete('/pods/p99');
    const before = await store.list('');
    const revision = store.currentRevision();
    await store.close();

    const reopened = await openStore({ path });
    expect(reopened.currentRevision()).toBe(revision);
    expect(await reopened.list('')).toEqual(before);
    expect(await reopened.count('/pods/')).toBe(89);
    const next = await reopened.create('/pods/new', obj('new'));
    expect(next.revision).toBe(revision + 1);
  });

  it('keeps the revision after the newest rows were compacted away', async () => {
    const path = join(await tempDir(), 'store.db');
    const store = await openStore({ path });
    await store.create('/pods/a', obj('a'));
    await store.delete('/pods/a');
    await store.compact(store.currentRevision());
    await store.close();

    const reopened = await openStore({ path });
    expect(reopened.currentRevision()).toBe(2);
    expect(reopened.compactedRevision()).toBe(2);
    expect((await reopened.create('/pods/a', obj('a'))).revision).toBe(3);
  });

  it('survives kill -9 with every acknowledged write', async () => {
    const path = join(await tempDir(), 'store.db');
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: { key: string; revision: number }[] = [];
    let buffered = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') continue;
        const [key, revision] = line.split(' ');
        acked.push({ key: key!, revision: Number(revision) });
      }
      if (acked.length >= 3000) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(3000);

    const store = await openStore({ path });
    const seen = new Set<number>();
    for (const { key, revision } of acked) {
      const kv = await store.get(key);
      expect(kv?.revision, key).toBe(revision);
      expect(JSON.parse(kv!.value).metadata.resourceVersion).toBe(String(revision));
      expect(seen.has(revision)).toBe(false);
      seen.add(revision);
    }
    // Each writer's sequential writes got strictly increasing revisions.
    const byWriter = new Map<string, number[]>();
    for (const { key, revision } of acked) {
      const writer = key.slice(0, key.lastIndexOf('-'));
      byWriter.set(writer, [...(byWriter.get(writer) ?? []), revision]);
    }
    for (const revs of byWriter.values()) expect(revs).toEqual([...revs].sort((a, b) => a - b));

    const recovered = store.currentRevision();
    expect(recovered).toBeGreaterThanOrEqual(Math.max(...seen));
    const next = await store.create('/pods/after-crash', obj('after'));
    expect(next.revision).toBe(recovered + 1);
  }, 60_000);
});
