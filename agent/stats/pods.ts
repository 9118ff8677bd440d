// Per-container readings from the runtime, turned into rates and grouped into pods by
// the identity labels every container carries (as the kubelet's summary provider does).
import type { ContainerSummary, CpuReading, MemoryReading, PodSummary } from '../../api/stats.ts';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type ContainerStats, type ContainerStatus } from '../runtime/types.ts';

/** CPU rates from cumulative usage: between two readings, or since the container started for its first. */
export class CpuRates {
  private previous = new Map<string, { t: number; usage: number }>();

  /** Nanocores over the last window; undefined when there is no window to average over yet. */
  rate(id: string, t: number, usage: number, startedAt: number): number | undefined {
    const before = this.previous.get(id) ?? (startedAt > 0 && startedAt < t ? { t: startedAt, usage: 0 } : undefined);
    this.previous.set(id, { t, usage });
    if (!before || t <= before.t || usage < before.usage) return undefined;
    return Math.round(((usage - before.usage) * 1000) / (t - before.t));
  }

  /** Forgets what is gone, so the map holds only live containers. */
  retain(ids: Set<string>): void {
    for (const id of this.previous.keys()) if (!ids.has(id)) this.previous.delete(id);
  }
}

const rfc3339 = (ms: number) => new Date(ms).toISOString();

export function podSummaries(containers: ContainerStatus[], stats: ContainerStats[], rates: CpuRates): PodSummary[] {
  const byId = new Map(containers.map((c) => [c.id, c]));
  const pods = new Map<string, PodSummary & { started: number }>();
  for (const s of stats) {
    const c = byId.get(s.containerId);
    const uid = c?.labels[LABEL_POD_UID];
    const namespace = c?.labels[LABEL_POD_NAMESPACE];
    const name = c?.labels[LABEL_POD_NAME];
    if (!c || !uid || !namespace || !name) continue;
    const time = rfc3339(s.timestamp);
    const nanoCores = rates.rate(s.containerId, s.timestamp, s.cpuUsageCoreNanoSeconds, c.startedAt);
    const container: ContainerSummary = {
      name: c.labels[LABEL_CONTAINER_NAME] ?? c.name,
      startTime: rfc3339(c.startedAt || c.createdAt),
      memory: memoryOf(time, s),
    };
    if (nanoCores !== undefined) container.cpu = { time, usageNanoCores: nanoCores, usageCoreNanoSeconds: s.cpuUsageCoreNanoSeconds };
    let pod = pods.get(uid);
    if (!pod) pods.set(uid, (pod = { podRef: { name, namespace, uid }, startTime: container.startTime, containers: [], started: c.startedAt || c.createdAt }));
    pod.containers.push(container);
    if ((c.startedAt || c.createdAt) < pod.started) {
      pod.started = c.startedAt || c.createdAt;
      pod.startTime = container.startTime;
    }
  }
  rates.retain(new Set(stats.map((s) => s.containerId)));
  return [...pods.values()].map(({ started: _started, ...pod }) => ({ ...pod, ...totals(pod.containers) }));
}

function memoryOf(time: string, s: ContainerStats): MemoryReading {
  const m: MemoryReading = { time, workingSetBytes: s.memoryWorkingSetBytes, usageBytes: s.memoryUsageBytes };
  if (s.memoryRssBytes !== undefined) m.rssBytes = s.memoryRssBytes;
  return m;
}

/** The pod's own readings: the sums of its containers', when every container has one. */
function totals(containers: ContainerSummary[]): { cpu?: CpuReading; memory?: MemoryReading } {
  const out: { cpu?: CpuReading; memory?: MemoryReading } = {};
  const time = containers[0]?.memory?.time ?? new Date().toISOString();
  if (containers.every((c) => c.cpu)) {
    out.cpu = {
      time,
      usageNanoCores: containers.reduce((n, c) => n + c.cpu!.usageNanoCores, 0),
      usageCoreNanoSeconds: containers.reduce((n, c) => n + c.cpu!.usageCoreNanoSeconds, 0),
    };
  }
  out.memory = {
    time,
    workingSetBytes: containers.reduce((n, c) => n + (c.memory?.workingSetBytes ?? 0), 0),
    usageBytes: containers.reduce((n, c) => n + (c.memory?.usageBytes ?? 0), 0),
  };
  return out;
}
