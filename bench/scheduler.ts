// Scheduler benchmark: pods/s and p99 latency (create sent → binding seen in a watch)
// for 10,000 pods on 100, 1,000 and 5,000 Node objects, with and without inter-pod
// affinity, against a real control plane. The scheduler runs in the control plane's
// process over the loopback socket, as in the app; pods are created through the API
// by 64 concurrent writers. A first line per configuration gives the decisions/s of
// the scheduling algorithm alone (cache and framework, no API), to tell the
// scheduler's own cost from the API's. Prints figures, asserts nothing.
// Run: npx tsx bench/scheduler.ts [--quick]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createEventRecorder, createHttpClient, createInformerFactory, R, type Client } from '../client/index.ts';
import { DEFAULT_CONTROLLER_OPTIONS } from '../electron/control-plane/controllers/types.ts';
import { startControlPlane } from '../electron/control-plane/index.ts';
import { schedulePod } from '../electron/control-plane/scheduler/algorithm.ts';
import { SchedulerCache } from '../electron/control-plane/scheduler/cache/cache.ts';
import { Framework } from '../electron/control-plane/scheduler/framework/runtime.ts';
import type { Node, Pod } from '../electron/control-plane/scheduler/framework/types.ts';
import { defaultProfile, startScheduler } from '../electron/control-plane/scheduler/index.ts';
import { registry } from '../electron/control-plane/scheduler/plugins/registry.ts';

const QUICK = process.argv.includes('--quick');
const PODS = QUICK ? 1_000 : 10_000;
const NODE_COUNTS = QUICK ? [100, 1_000] : [100, 1_000, 5_000];
const WRITERS = 64;
/** A configuration still running after this long is cut short and says so. */
const LIMIT_MS = 180_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function node(i: number): Node {
  const allocatable = { cpu: '64', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(i: number, affinity: boolean): Pod {
  const app = `app-${i % 10}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'bench', labels: { app } },
    spec: {
      containers: [{ name: 'c', image: 'registry.example/app:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
      ...(affinity ? { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' } },
      ] } } } : {}),
    },
  };
}

async function inParallel(count: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    while (next < count) await work(next++);
  }));
}

/** The algorithm alone: decide and assume every pod, as the scheduling loop does, without the API. */
function decisionsPerSecond(label: string, nodes: number, affinity: boolean): void {
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.setNode(node(i));
  const fwk = new Framework(defaultProfile(), registry, (p) => p.spec?.priority ?? 0);
  const cursor = { nextStartNodeIndex: 0 };
  const start = performance.now();
  let scheduled = 0;
  for (let i = 0; i < PODS && performance.now() - start < LIMIT_MS; i++) {
    const base = pod(i, affinity);
    const p: Pod = { ...base, metadata: { ...base.metadata, uid: `uid-${i}` } };
    const r = schedulePod(fwk, cache, p, cursor);
    if (r.kind !== 'scheduled') continue;
    cache.assumePod(p, r.node);
    scheduled++;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: algorithm alone ${Math.round(scheduled / seconds)} decisions/s (${scheduled} pods in ${seconds.toFixed(1)} s)`);
}

async function run(nodes: number, affinity: boolean): Promise<void> {
  const label = `${PODS} pods, ${nodes} nodes, ${affinity ? 'with' : 'without'} inter-pod affinity`;
  decisionsPerSecond(label, nodes, affinity);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-bench-sched-'));
  const cp = await startControlPlane({ dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', controllers: false });
  const schedulerClient = createHttpClient(cp.loopback);
  const informers = createInformerFactory(schedulerClient, () => {});
  const writer: Client = createHttpClient(cp.loopback);
  try {
    await writer.create(R.namespaces, undefined, { metadata: { name: 'bench' } });
    await inParallel(nodes, async (i) => {
      const created = await writer.create<Node>(R.nodes, undefined, node(i));
      await writer.updateStatus<Node>(R.nodes, undefined, { ...created, status: node(i).status });
    });
    const scheduler = startScheduler({
      client: schedulerClient,
      informers,
      recorder: (component) => createEventRecorder(schedulerClient, component, undefined, () => {}),
      options: DEFAULT_CONTROLLER_OPTIONS,
      log: (line) => console.error(line),
    });
    informers.start();

    const sentAt = new Map<string, number>();
    const boundAt = new Map<string, number>();
    const { resourceVersion } = await writer.list(R.pods, 'bench', { limit: 1 });
    let allBound: () => void = () => {};
    const done = new Promise<void>((resolve) => (allBound = resolve));
    const watch = writer.watch<Pod>(R.pods, 'bench', { resourceVersion }, ({ object }) => {
      const name = object.metadata.name ?? '';
      if (!object.spec?.nodeName || boundAt.has(name)) return;
      boundAt.set(name, Date.now());
      if (boundAt.size === PODS) allBound();
    }, () => {});

    const start = Date.now();
    await inParallel(PODS, async (i) => {
      sentAt.set(`pod-${i}`, Date.now());
      await writer.create(R.pods, 'bench', pod(i, affinity));
    });
    const created = Date.now();
    const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), LIMIT_MS))]);
    const end = Date.now();
    watch.stop();
    await scheduler.stop();

    const latencies = [...boundAt].map(([name, t]) => t - sentAt.get(name)!).sort((a, b) => a - b);
    const bound = boundAt.size;
    const firstBind = Math.min(...boundAt.values());
    const lastBind = Math.max(...boundAt.values());
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    if (timedOut) console.log(`${label}: cut short after ${LIMIT_MS / 1000} s with ${bound}/${PODS} bound`);
    console.log(
      `${label}: ${Math.round(bound / ((end - start) / 1000))} pods/s end to end `
      + `(${Math.round(bound / Math.max((lastBind - firstBind) / 1000, 0.001))} pods/s between first and last bind; creates took ${((created - start) / 1000).toFixed(1)} s), `
      + `latency p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, control plane RSS ${rss} MiB`,
    );
  } finally {
    informers.stop();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

for (const nodes of NODE_COUNTS) {
  for (const affinity of [false, true]) await run(nodes, affinity);
}
