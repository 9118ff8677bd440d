// Cluster CPU and memory use against what the nodes can give to pods, from
// metrics.k8s.io's NodeMetrics and the Nodes' allocatable.
import type { KubeObject, Node } from '../../../api/types.ts';
import { parseQuantity } from '../../../api/quantity.ts';

export interface NodeMetrics extends KubeObject {
  timestamp?: string;
  window?: string;
  usage: { cpu?: string; memory?: string };
}

export interface Resources {
  /** Cores. */
  cpu: number;
  /** Bytes. */
  memory: number;
}

function quantityOr0(value: string | undefined): number {
  if (!value) return 0;
  try {
    return parseQuantity(value);
  } catch {
    return 0;
  }
}

export function totalUsage(metrics: readonly NodeMetrics[]): Resources {
  return metrics.reduce((sum, m) => ({ cpu: sum.cpu + quantityOr0(m.usage.cpu), memory: sum.memory + quantityOr0(m.usage.memory) }), { cpu: 0, memory: 0 });
}

export function totalAllocatable(nodes: Iterable<Node>): Resources {
  const sum = { cpu: 0, memory: 0 };
  for (const node of nodes) {
    const allocatable = node.status?.allocatable ?? node.status?.capacity ?? {};
    sum.cpu += quantityOr0(allocatable.cpu);
    sum.memory += quantityOr0(allocatable.memory);
  }
  return sum;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units with one decimal: "1.2 GiB", "512 B". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Cores, in millicores below one: "250m", "1.25". */
export function formatCores(cores: number): string {
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return String(Math.round(cores * 100) / 100);
}

/** Share of a total as "12.5%"; "–" when there is nothing to share. */
export function formatPercent(part: number, total: number): string {
  if (!(total > 0)) return '–';
  return `${(Math.round((part / total) * 1000) / 10).toFixed(1)}%`;
}
