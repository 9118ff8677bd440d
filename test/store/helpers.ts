import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openSqliteStore } from '../../electron/control-plane/store/sqlite.ts';
import type { SqliteStore, SqliteStoreOptions } from '../../electron/control-plane/store/sqlite.ts';
import type { Encoder, StoreEvent } from '../../electron/control-plane/store/types.ts';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-store-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store on `path` (a fresh temp file by default) that is closed after the test. */
export async function openStore(options: Partial<SqliteStoreOptions> = {}): Promise<SqliteStore> {
  const path = options.path ?? join(await tempDir(), 'store.db');
  const store = await openSqliteStore({ ...options, path });
  cleanups.push(() => store.close());
  return store;
}

/** An object whose JSON carries its resourceVersion, as the registry will store it. */
export function obj(name: string, data: Record<string, unknown> = {}): Encoder {
  return (revision) => JSON.stringify({ metadata: { name, resourceVersion: String(revision) }, ...data });
}

export function parse(value: string): { metadata: { name: string; resourceVersion: string }; [k: string]: unknown } {
  return JSON.parse(value) as ReturnType<typeof parse>;
}

export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function revisions(events: readonly StoreEvent[]): number[] {
  return events.map((e) => e.kv.revision);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
