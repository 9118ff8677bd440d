// From an agent's /stats/summary to metrics.k8s.io objects, as metrics-server
// converts the kubelet's summary: CPU in nanocores, memory as the working set in Ki,
// and nothing at all for an object whose readings are incomplete.
import type { CpuReading, MemoryReading, PodSummary, StatsSummary } from '../../../api/stats.ts';
import type { KubeObject } from '../../../api/types.ts';
import { METRICS_API_VERSION, type NodeMetrics, type PodMetrics, type Usage } from './resources.ts';

function usageOf(cpu: CpuReading | undefined, memory: MemoryReading | undefined): Usage | undefined {
  if (!cpu || !memory) return undefined;
  return { cpu: `${Math.max(0, Math.round(cpu.usageNanoCores))}n`, memory: `${Math.max(0, Math.floor(memory.workingSetBytes / 1024))}Ki` };
}

/** metav1.Time has whole seconds. */
function seconds(time: string): string {
  return new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
}

function metadata(obj: KubeObject, now: Date): KubeObject['metadata'] {
  return {
    name: obj.metadata.name,
    ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
    creationTimestamp: seconds(now.toISOString()),
    ...(obj.metadata.labels ? { labels: obj.metadata.labels } : {}),
  };
}

export function nodeMetricsOf(node: KubeObject, summary: StatsSummary, now = new Date()): NodeMetrics | undefined {
  const usage = usageOf(summary.node.cpu, summary.node.memory);
  if (!usage) return undefined;
  return { kind: 'NodeMetrics', apiVersion: METRICS_API_VERSION, metadata: metadata(node, now), timestamp: seconds(summary.node.cpu!.time), window: summary.window, usage };
}

export function podMetricsOf(pod: KubeObject, summary: PodSummary, window: string, now = new Date()): PodMetrics | undefined {
  const containers: PodMetrics['containers'] = [];
  let newest = '';
  for (const c of summary.containers) {
    const usage = usageOf(c.cpu, c.memory);
    if (!usage) return undefined;
    containers.push({ name: c.name, usage });
    if (c.cpu!.time > newest) newest = c.cpu!.time;
  }
  if (containers.length === 0) return undefined;
  return { kind: 'PodMetrics', apiVersion: METRICS_API_VERSION, metadata: metadata(pod, now), timestamp: seconds(newest), window, containers };
}
