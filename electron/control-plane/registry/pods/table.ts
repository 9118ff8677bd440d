// The pods table as `kubectl get pods` prints it; the READY, STATUS and RESTARTS
// logic lives in api/printers/pod.ts, which the dashboard shares.
import type { Pod } from '../../../../api/types.ts';
import { podSummary, restartsCell } from '../../../../api/printers/pod.ts';
import type { TableCell, TableColumn } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, wideColumn } from '../common/columns.ts';

export const podColumns: TableColumn[] = [
  nameColumn,
  column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'The aggregate status of the containers in this pod.'),
  column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  ageColumn,
  wideColumn('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
  wideColumn('Node', 'NodeName indicates in which node this pod is scheduled.'),
  wideColumn('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.'),
  wideColumn('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.'),
];

export function podRow(pod: Pod, now: Date): TableCell[] {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const summary = podSummary(pod);

  const gates = spec?.readinessGates ?? [];
  const gatesTrue = gates.filter((g) => (status.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True').length;

  return [
    pod.metadata?.name ?? '',
    `${summary.ready}/${summary.total}`,
    summary.reason,
    restartsCell(summary, now),
    ageOf(pod.metadata, now),
    status.podIPs?.[0]?.ip || '<none>',
    spec?.nodeName || '<none>',
    status.nominatedNodeName || '<none>',
    gates.length > 0 ? `${gatesTrue}/${gates.length}` : '<none>',
  ];
}
