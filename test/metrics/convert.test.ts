// metrics.k8s.io objects from an agent's summary, as metrics-server makes them.
import { describe, expect, it } from 'vitest';
import type { PodSummary, StatsSummary } from '../../api/stats.ts';
import type { KubeObject } from '../../api/types.ts';
import { nodeMetricsOf, podMetricsOf } from '../../electron/control-plane/metrics/convert.ts';
import { nodeMetricsDef, podMetricsDef, type PodMetrics } from '../../electron/control-plane/metrics/resources.ts';

const T = '2026-01-02T03:04:05.678Z';
const cpu = (n: number) => ({ time: T, usageNanoCores: n, usageCoreNanoSeconds: 0 });
const memory = (b: number) => ({ time: T, workingSetBytes: b, usageBytes: b });
const node: KubeObject = { metadata: { name: 'n1', labels: { zone: 'a' } } };
const pod: KubeObject = { metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } } };
const NOW = new Date('2026-01-02T03:05:00.999Z');

describe('metrics conversion', () => {
  it('node usage is nanocores and working-set Ki at whole seconds', () => {
    const summary: StatsSummary = { node: { nodeName: 'n1', startTime: T, cpu: cpu(2.6), memory: memory(1536 + 1023) }, pods: [], window: '10.5s' };
    expect(nodeMetricsOf(node, summary, NOW)).toEqual({
      kind: 'NodeMetrics', apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'n1', labels: { zone: 'a' }, creationTimestamp: '2026-01-02T03:05:00Z' },
      timestamp: '2026-01-02T03:04:05Z', window: '10.5s', usage: { cpu: '3n', memory: '2Ki' },
    });
  });

  it('a node or pod with a missing reading has no metrics at all', () => {
    expect(nodeMetricsOf(node, { node: { nodeName: 'n1', startTime: T, cpu: cpu(1) }, pods: [], window: '10s' })).toBeUndefined();
    const partial: PodSummary = { podRef: { namespace: 'prod', name: 'web', uid: 'u' }, startTime: T, containers: [
      { name: 'a', startTime: T, cpu: cpu(1), memory: memory(1024) },
      { name: 'b', startTime: T, memory: memory(1024) },
    ] };
    expect(podMetricsOf(pod, partial, '10s')).toBeUndefined();
    expect(podMetricsOf(pod, { ...partial, containers: [] }, '10s')).toBeUndefined();
  });

  it('pod metrics list every container, and tables sum them', () => {
    const summary: PodSummary = { podRef: { namespace: 'prod', name: 'web', uid: 'u' }, startTime: T, containers: [
      { name: 'a', startTime: T, cpu: cpu(1_000_000), memory: memory(4096) },
      { name: 'b', startTime: T, cpu: cpu(500), memory: memory(2048) },
    ] };
    const m = podMetricsOf(pod, summary, '10s', NOW) as PodMetrics;
    expect(m.metadata).toEqual({ name: 'web', namespace: 'prod', labels: { app: 'web' }, creationTimestamp: '2026-01-02T03:05:00Z' });
    expect(m.containers).toEqual([{ name: 'a', usage: { cpu: '1000000n', memory: '4Ki' } }, { name: 'b', usage: { cpu: '500n', memory: '2Ki' } }]);
    expect(podMetricsDef.row(m, NOW)).toEqual(['web', '1000500n', '6Ki', '10s']);
    expect(nodeMetricsDef.columns.map((c) => c.name)).toEqual(['Name', 'CPU', 'Memory', 'Window']);
  });
});
