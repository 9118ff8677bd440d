// metrics.k8s.io/v1beta1 as metrics-server serves it: read-only NodeMetrics and
// PodMetrics, computed from the agents' stats on request, never stored.
import type { KubeObject } from '../../../api/types.ts';
import type { ResourceDef, TableCell } from '../registry/types.ts';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

export interface Usage {
  cpu: string;
  memory: string;
}

export interface NodeMetrics extends KubeObject {
  timestamp: string;
  window: string;
  usage: Usage;
}

export interface PodMetrics extends KubeObject {
  timestamp: string;
  window: string;
  containers: { name: string; usage: Usage }[];
}

const columns: ResourceDef['columns'] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
  { name: 'CPU', type: 'string', description: 'CPU usage', priority: 0 },
  { name: 'Memory', type: 'string', description: 'Memory usage', priority: 0 },
  { name: 'Window', type: 'string', description: 'Interval the usage was measured over', priority: 0 },
];

function podTotals(m: PodMetrics): [string, string] {
  const cpu = m.containers.reduce((sum, c) => sum + Number(c.usage.cpu.replace(/n$/, '')), 0);
  const memory = m.containers.reduce((sum, c) => sum + Number(c.usage.memory.replace(/Ki$/, '')), 0);
  return [`${cpu}n`, `${memory}Ki`];
}

/** Only for discovery and `kubectl get nodes.metrics.k8s.io`: there is nothing to write. */
export const nodeMetricsDef: ResourceDef = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  resource: 'nodes',
  singular: '',
  kind: 'NodeMetrics',
  namespaced: false,
  verbs: ['get', 'list'],
  definition: 'io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics',
  columns,
  row: (obj): TableCell[] => {
    const m = obj as NodeMetrics;
    return [m.metadata.name ?? '', m.usage.cpu, m.usage.memory, m.window];
  },
};

export const podMetricsDef: ResourceDef = {
  group: METRICS_GROUP,
  version: METRICS_VERSION,
  resource: 'pods',
  singular: '',
  kind: 'PodMetrics',
  namespaced: true,
  verbs: ['get', 'list'],
  definition: 'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics',
  columns,
  row: (obj): TableCell[] => {
    const m = obj as PodMetrics;
    return [m.metadata.name ?? '', ...podTotals(m), m.window];
  },
};

export const METRICS_RESOURCES: readonly ResourceDef[] = [nodeMetricsDef, podMetricsDef];
