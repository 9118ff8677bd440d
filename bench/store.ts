// Store write throughput: 32 concurrent writers creating keys with 1 KB values,
// with group commit, without, and (when an `etcd` binary is on PATH) etcd itself.
// Prints figures; asserts nothing.  Run: npx tsx bench/store.ts
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { openSqliteStore } from '../electron/control-plane/store/sqlite.ts';
import { freePort } from '../test/helpers/net.ts';

const WRITERS = 32;
const PHASE_MS = 5000;
const PHASE_MAX_WRITES = 20_000;
const VALUE = 'x'.repeat(1024);

type CreateFn = (key: string, value: string) => Promise<unknown>;

/** Runs WRITERS loops of sequential creates until the time or write budget is spent; returns writes/s. */
async function measure(create: CreateFn): Promise<{ writes: number; perSecond: number }> {
  let started = 0;
  let done = 0;
  const begin = performance.now();
  const deadline = begin + PHASE_MS;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      while (performance.now() < deadline && started < PHASE_MAX_WRITES) {
        const i = started++;
        await create(`/registry/bench/w${w}-${i}`, VALUE);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  return { writes: done, perSecond: done / seconds };
}

async function flotilla(groupCommit: boolean): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-bench-'));
  try {
    const store = await openSqliteStore({ path: join(dir, 'store.db'), groupCommit });
    const result = await measure((key, value) => store.create(key, (revision) => `{"rv":"${revision}","v":"${value}"}`));
    const { transactions } = store.stats();
    await store.close();
    const label = groupCommit ? 'group commit   ' : 'no group commit';
    console.log(
      `flotilla ${label}: ${result.perSecond.toFixed(0).padStart(7)} writes/s (${result.writes} writes, ` +
        `${(result.writes / transactions).toFixed(1)} writes per transaction)`,
    );
    return result.perSecond;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function waitForEtcd(client: Etcd3, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`etcd exited with ${child.exitCode}`);
    try {
      await client.get('/registry/ping').string();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function etcd(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-bench-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const child = spawn(
    'etcd',
    [
      '--name=bench',
      `--data-dir=${join(dir, 'data')}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=bench=${peerUrl}`,
      '--listen-metrics-urls=',
    ],
    { stdio: 'ignore' },
  );
  const client = new Etcd3({ hosts: clientUrl });
  try {
    await waitForEtcd(client, child);
    // A create is a transaction in etcd too (the apiserver's "key must not exist").
    const result = await measure((key, value) =>
      client.if(key, 'Create', '==', 0).then(client.put(key).value(value)).commit(),
    );
    console.log(`etcd                    : ${result.perSecond.toFixed(0).padStart(7)} writes/s (${result.writes} writes)`);
    return result.perSecond;
  } finally {
    client.close();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

const grouped = await flotilla(true);
const single = await flotilla(false);
console.log(`group commit speed-up  : ${(grouped / single).toFixed(1)}x`);

if (spawnSync('sh', ['-c', 'command -v etcd']).status === 0) {
  const etcdRate = await etcd();
  console.log(`flotilla ÷ etcd        : ${(grouped / etcdRate).toFixed(2)}`);
} else {
  console.log('etcd comparison skipped: no `etcd` on PATH (install it with `apt-get install etcd-server`).');
}
