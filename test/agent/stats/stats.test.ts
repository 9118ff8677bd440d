// The agent's stats against the fake runtime: real readings of this machine, pod
// readings grouped from the runtime's labels, and a history that grows and stays bounded.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeRuntime, type FakeRuntime } from '../../../agent/runtime/fake/index.ts';
import type { ContainerConfig, PodSandboxConfig } from '../../../agent/runtime/types.ts';
import { defaultInterface, startStats, type Stats } from '../../../agent/stats/index.ts';
import { History } from '../../../agent/stats/history.ts';
import { CpuRates } from '../../../agent/stats/pods.ts';
import { eventually } from '../../helpers/eventually.ts';

const IMAGE = 'flotilla.test/busybox:1';

function sandboxConfig(name: string, uid: string): PodSandboxConfig {
  return { metadata: { uid, namespace: 'default', name, attempt: 0 }, hostname: name, hostNetwork: false, portMappings: [], labels: {}, annotations: {} };
}

function containerConfig(name: string): ContainerConfig {
  return {
    name, attempt: 0, image: IMAGE, command: ['sleep', 'infinity'], args: [], env: [], mounts: [], ports: [],
    tty: false, stdin: false, stdinOnce: false, resources: {}, securityContext: {}, labels: {}, annotations: {},
  };
}

async function runPod(runtime: FakeRuntime, name: string, uid: string, containers: string[]): Promise<void> {
  const sandbox = sandboxConfig(name, uid);
  const id = await runtime.runPodSandbox(sandbox);
  for (const c of containers) await runtime.startContainer(await runtime.createContainer(id, containerConfig(c), sandbox));
}

describe('startStats', () => {
  let dir: string;
  let runtime: FakeRuntime;
  let stats: Stats;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-stats-'));
    runtime = createFakeRuntime({ agentId: 'stats-test', nodeName: 'n1', log: (l) => logs.push(l), behaviour: { images: [IMAGE] } });
    await runPod(runtime, 'web', 'uid-web', ['app', 'sidecar']);
    stats = await startStats({ runtime, nodeName: 'n1', dataDir: dir, intervalSeconds: 0.05, log: (l) => logs.push(l) });
  });

  afterAll(async () => {
    stats.stop();
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the node: cpu, memory, the data dir\'s filesystem, the default interface', async () => {
    const s = await stats.summary();
    expect(s.node.nodeName).toBe('n1');
    expect(s.window).toBe('0.05s');
    expect(s.node.cpu!.usageCoreNanoSeconds).toBeGreaterThan(0);
    expect(s.node.cpu!.usageNanoCores).toBeGreaterThanOrEqual(0);
    expect(s.node.memory!.workingSetBytes).toBeGreaterThan(0);
    expect(s.node.memory!.availableBytes! + s.node.memory!.workingSetBytes).toBe(os.totalmem());
    expect(s.node.fs!.capacityBytes).toBeGreaterThan(s.node.fs!.availableBytes);
    expect(s.node.fs!.availableBytes).toBeGreaterThan(0);
    expect(Date.parse(s.node.startTime)).toBeLessThan(Date.now());
    const latest = stats.latestNode();
    expect(latest.cpuCores).toBe(os.cpus().length);
    const iface = await defaultInterface();
    expect(latest.network?.interface).toBe(iface);
    if (iface) expect(latest.network!.rxBytes + latest.network!.txBytes).toBeGreaterThan(0);
    if (process.platform === 'linux') expect(latest.pids!.running).toBeGreaterThan(0);
  });

  it('groups container readings into pods by the runtime\'s labels, with rates', async () => {
    const pod = await eventually('pod web in the summary', async () => (await stats.summary()).pods.find((p) => p.podRef.name === 'web'));
    expect(pod.podRef).toEqual({ name: 'web', namespace: 'default', uid: 'uid-web' });
    expect(pod.containers.map((c) => c.name).sort()).toEqual(['app', 'sidecar']);
    for (const c of pod.containers) {
      expect(c.cpu!.usageNanoCores).toBeGreaterThan(0);
      expect(c.memory!.workingSetBytes).toBeGreaterThan(0);
    }
    expect(pod.cpu!.usageNanoCores).toBe(pod.containers[0]!.cpu!.usageNanoCores + pod.containers[1]!.cpu!.usageNanoCores);
    expect(pod.memory!.workingSetBytes).toBe(pod.containers[0]!.memory!.workingSetBytes + pod.containers[1]!.memory!.workingSetBytes);
  });

  it('keeps a history of the node and of each pod that grows with each sample', async () => {
    const first = stats.history();
    const later = await eventually('three more samples', () => {
      const h = stats.history();
      return h.node.length >= first.node.length + 3 ? h : undefined;
    });
    expect(later.intervalSeconds).toBe(0.05);
    expect(later.pods['default/web']!.uid).toBe('uid-web');
    expect(later.pods['default/web']!.points.length).toBeGreaterThan(0);
    const times = later.node.map((p) => p.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(later.node.at(-1)!.memoryWorkingSetBytes).toBeGreaterThan(0);
  });
});

describe('History', () => {
  it('drops samples older than its window, and pods with none left', () => {
    const h = new History('n1', 10, 30_000);
    const point = (t: number) => ({ t, cpuNanoCores: 1, memoryWorkingSetBytes: 2 });
    h.add(point(0), [{ key: 'default/a', uid: 'a1', point: point(0) }]);
    h.add(point(10_000), [{ key: 'default/b', uid: 'b1', point: point(10_000) }]);
    h.add(point(30_000), []);
    expect(h.snapshot().node.map((p) => p.t)).toEqual([10_000, 30_000]);
    expect(Object.keys(h.snapshot().pods)).toEqual(['default/b']);
    h.add(point(40_000), [{ key: 'default/b', uid: 'b2', point: point(40_000) }]);
    expect(h.snapshot().pods['default/b']).toEqual({ uid: 'b2', points: [point(40_000)] });
    expect(h.snapshot().node.map((p) => p.t)).toEqual([30_000, 40_000]);
  });
});

describe('CpuRates', () => {
  it('turns cumulative usage into nanocores, from the container start for its first reading', () => {
    const r = new CpuRates();
    expect(r.rate('c', 2_000, 1e9, 1_000)).toBe(1e9);
    expect(r.rate('c', 3_000, 1.5e9, 1_000)).toBe(5e8);
    expect(r.rate('d', 3_000, 1e9, 0)).toBeUndefined();
    r.retain(new Set(['d']));
    expect(r.rate('c', 4_000, 2e9, 0)).toBeUndefined();
  });
});
