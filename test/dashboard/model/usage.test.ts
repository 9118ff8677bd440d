// Cluster CPU and memory: NodeMetrics summed against the nodes' allocatable.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../api/types.ts';
import { formatBytes, formatCores, formatPercent, totalAllocatable, totalUsage, type NodeMetrics } from '../../../renderer/src/model/usage.ts';

const metrics = (cpu: string, memory: string): NodeMetrics => ({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n' }, usage: { cpu, memory } });

describe('cluster usage', () => {
  it('sums node usage from quantities', () => {
    expect(totalUsage([metrics('250m', '512Mi'), metrics('1500000000n', '1Gi')])).toEqual({ cpu: 1.75, memory: 1.5 * 1024 ** 3 });
    expect(totalUsage([])).toEqual({ cpu: 0, memory: 0 });
  });

  it('sums allocatable, falling back to capacity, and skips what does not parse', () => {
    const nodes = [
      { metadata: { name: 'a' }, status: { allocatable: { cpu: '4', memory: '8Gi' }, capacity: { cpu: '8', memory: '16Gi' } } },
      { metadata: { name: 'b' }, status: { capacity: { cpu: '2', memory: 'lots' } } },
      { metadata: { name: 'c' } },
    ] as Node[];
    expect(totalAllocatable(nodes)).toEqual({ cpu: 6, memory: 8 * 1024 ** 3 });
  });

  it('formats bytes, cores and shares for the cards', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(1.2 * 1024 ** 3)]).toEqual(['512 B', '1.5 KiB', '1.2 GiB']);
    expect([formatCores(0.25), formatCores(1.256), formatCores(8)]).toEqual(['250m', '1.26', '8']);
    expect([formatPercent(1, 8), formatPercent(1, 0), formatPercent(0, 4)]).toEqual(['12.5%', '–', '0.0%']);
  });
});
