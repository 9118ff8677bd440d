// The columns of each kind's list, following `kubectl get`'s printers so that a
// row reads the same in the dashboard as in a terminal. Cells are computed from
// the object and the shared clock, never stored.
import type {
  ConfigMap, CronJob, DaemonSet, Deployment, Endpoints, Event, Ingress, Job, KubeObject, Namespace, Node, Pod,
  ReplicaSet, ReplicationController, Secret, Service, StatefulSet,
} from '../../../api/types.ts';
import { ageSince } from '../../../api/meta.ts';
import { podSummary, restartsCell, type PodStatusSummary } from '../../../api/printers/pod.ts';
import { jobCompletions, jobDuration, jobStatus } from '../../../api/printers/job.ts';
import { serviceClusterIP, serviceExternalIP, servicePorts } from '../../../api/printers/service.ts';
import { ingressAddress, ingressHosts, ingressPorts } from '../../../api/printers/ingress.ts';

export type Tone = 'ok' | 'warn' | 'danger';
export type ColumnWidth = readonly [min: number, fr: number];

export interface Column {
  /** Header text; the cell's data-col is this in lower case. */
  readonly name: string;
  /** The cell's text at `now` (unix ms). */
  text(object: KubeObject, now: number): string;
  /** What the column sorts by when its text would sort wrongly (ages, counts); ascending. */
  sortKey?(object: KubeObject): number | string;
  /** Colour of the cell, for status columns. */
  tone?(object: KubeObject): Tone | undefined;
  /** Grid track: at least `min` rem, then a share `fr` of the spare width. */
  readonly width: ColumnWidth;
}

type Typed<T> = {
  text(object: T, now: number): string;
  sortKey?(object: T): number | string;
  tone?(object: T): Tone | undefined;
  width?: ColumnWidth;
};

/** A column over objects of one kind; the list only hands it objects of that kind. */
function column<T>(name: string, spec: Typed<T> | ((object: T, now: number) => string)): Column {
  const typed: Typed<T> = typeof spec === 'function' ? { text: spec } : spec;
  return {
    name,
    width: typed.width ?? [6, 1],
    text: (object, now) => typed.text(object as T, now),
    sortKey: typed.sortKey && ((object) => typed.sortKey!(object as T)),
    tone: typed.tone && ((object) => typed.tone!(object as T)),
  };
}

function numeric<T>(name: string, value: (object: T) => number | undefined): Column {
  return column<T>(name, {
    text: (object) => String(value(object) ?? 0),
    sortKey: (object) => value(object) ?? 0,
    width: [5, 0.6],
  });
}

/** Milliseconds since the epoch, or 0 for a missing or broken timestamp (sorts as oldest). */
export function timeOf(timestamp: string | null | undefined): number {
  const at = timestamp ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(at) ? 0 : at;
}

/** An age column: youngest first when sorted ascending, as one reads a list of recent things. */
function ageColumn<T>(name: string, timestamp: (object: T) => string | null | undefined): Column {
  return column<T>(name, {
    text: (object, now) => ageSince(timestamp(object), now),
    sortKey: (object) => -timeOf(timestamp(object)),
    width: [6.5, 0.5],
  });
}

export const nameColumn = column<KubeObject>('Name', { text: (o) => o.metadata.name ?? '', width: [12, 2.5] });
export const namespaceColumn = column<KubeObject>('Namespace', { text: (o) => o.metadata.namespace ?? '', width: [7, 1] });
const age = ageColumn<KubeObject>('Age', (o) => o.metadata.creationTimestamp);

/** labels.FormatLabels: sorted k=v pairs, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** "a,b,c + 2 more..." as kubectl abbreviates long lists. */
function withMore(list: string[], max = 3): string {
  const text = list.slice(0, max).join(',');
  return list.length > max ? `${text} + ${list.length - max} more...` : text;
}

// Pod objects are replaced, never mutated, on each watch event: a summary per object stays right.
const summaries = new WeakMap<Pod, PodStatusSummary>();
function summaryOf(pod: Pod): PodStatusSummary {
  let summary = summaries.get(pod);
  if (!summary) {
    summary = podSummary(pod);
    summaries.set(pod, summary);
  }
  return summary;
}

const HEALTHY_POD = new Set(['Running', 'Completed', 'Succeeded']);
const STARTING_POD = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'SchedulingGated', 'NotReady']);

/** Green when running (or done), amber on the way there, red when something is wrong. */
export function podTone(reason: string): Tone {
  if (HEALTHY_POD.has(reason)) return 'ok';
  if (STARTING_POD.has(reason) || /^Init:\d+\/\d+$/.test(reason)) return 'warn';
  return 'danger';
}

export function nodeReady(node: Node): 'True' | 'False' | 'Unknown' {
  const status = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return status === 'True' || status === 'False' ? status : 'Unknown';
}

/** kubectl's node STATUS: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = { True: 'Ready', False: 'NotReady', Unknown: 'Unknown' }[nodeReady(node)];
  return node.spec?.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

/** kubectl's ROLES: node-role.kubernetes.io/<role> labels and the legacy kubernetes.io/role. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].filter(Boolean).sort().join(',');
}

/** kubectl's formatEndpoints: up to three ip:port pairs, then "+ N more...". */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  for (const subset of subsets) {
    const addresses = (subset.addresses ?? []).map((a) => a.ip);
    const ports = subset.ports ?? [];
    if (ports.length === 0) list.push(...addresses);
    for (const port of ports) list.push(...addresses.map((ip) => (ip.includes(':') ? `[${ip}]:${port.port}` : `${ip}:${port.port}`)));
  }
  return withMore(list);
}

/** Events lack apiVersion/kind typing in kubernetes-types' sense of a KubeObject; the events store holds only Events. */
export function asEvent(object: KubeObject): Event {
  return object as unknown as Event;
}

/** What an event is about, and when it last happened, in either event API's fields. */
export function eventObject(event: Event): string {
  const ref = event.involvedObject;
  return ref.name ? `${(ref.kind ?? '').toLowerCase()}/${ref.name}` : (ref.kind ?? '').toLowerCase();
}

export function eventLastSeen(event: Event): string | undefined {
  return event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
}

function readyOf(ready: number | undefined, desired: number | undefined): string {
  return `${ready ?? 0}/${desired ?? 0}`;
}

const readyTone = (ready: number | undefined, desired: number | undefined): Tone | undefined =>
  (ready ?? 0) >= (desired ?? 0) ? 'ok' : 'warn';

const replicaColumns = [
  numeric('Desired', (o: ReplicaSet | ReplicationController) => o.spec?.replicas),
  numeric('Current', (o: ReplicaSet | ReplicationController) => o.status?.replicas),
  numeric('Ready', (o: ReplicaSet | ReplicationController) => o.status?.readyReplicas),
];

/** Columns after Name (and Namespace) and before Age, by plural. */
const KIND_COLUMNS: Record<string, { columns: Column[]; trailing?: Column[] }> = {
  pods: {
    columns: [
      column<Pod>('Ready', {
        text: (p) => `${summaryOf(p).ready}/${summaryOf(p).total}`,
        tone: (p) => (summaryOf(p).ready === summaryOf(p).total ? undefined : 'warn'),
        width: [4.5, 0.5],
      }),
      column<Pod>('Status', { text: (p) => summaryOf(p).reason, tone: (p) => podTone(summaryOf(p).reason), width: [8, 1.2] }),
      column<Pod>('Restarts', { text: (p, now) => restartsCell(summaryOf(p), now), sortKey: (p) => summaryOf(p).restarts, width: [5, 0.7] }),
    ],
    trailing: [
      column<Pod>('Node', (p) => p.spec?.nodeName || '<none>'),
      column<Pod>('IP', { text: (p) => p.status?.podIPs?.[0]?.ip || p.status?.podIP || '<none>', width: [7, 0.8] }),
    ],
  },
  deployments: {
    columns: [
      column<Deployment>('Ready', {
        text: (d) => readyOf(d.status?.readyReplicas, d.spec?.replicas),
        tone: (d) => readyTone(d.status?.readyReplicas, d.spec?.replicas),
        width: [4.5, 0.6],
      }),
      numeric('Up-to-date', (d: Deployment) => d.status?.updatedReplicas),
      numeric('Available', (d: Deployment) => d.status?.availableReplicas),
    ],
  },
  replicasets: { columns: replicaColumns },
  replicationcontrollers: { columns: replicaColumns },
  statefulsets: {
    columns: [column<StatefulSet>('Ready', {
      text: (s) => readyOf(s.status?.readyReplicas, s.spec?.replicas),
      tone: (s) => readyTone(s.status?.readyReplicas, s.spec?.replicas),
    })],
  },
  daemonsets: {
    columns: [
      numeric('Desired', (d: DaemonSet) => d.status?.desiredNumberScheduled),
      numeric('Current', (d: DaemonSet) => d.status?.currentNumberScheduled),
      numeric('Ready', (d: DaemonSet) => d.status?.numberReady),
      numeric('Up-to-date', (d: DaemonSet) => d.status?.updatedNumberScheduled),
      numeric('Available', (d: DaemonSet) => d.status?.numberAvailable),
      column<DaemonSet>('Node selector', (d) => formatLabels(d.spec?.template.spec?.nodeSelector)),
    ],
  },
  jobs: {
    columns: [
      column<Job>('Status', {
        text: jobStatus,
        tone: (j) => ({ Complete: 'ok', Failed: 'danger', FailureTarget: 'danger' } as Record<string, Tone>)[jobStatus(j)],
      }),
      column<Job>('Completions', jobCompletions),
      column<Job>('Duration', { text: jobDuration, width: [5, 0.6] }),
    ],
  },
  cronjobs: {
    columns: [
      column<CronJob>('Schedule', (c) => c.spec?.schedule ?? ''),
      column<CronJob>('Suspend', (c) => (c.spec?.suspend ? 'True' : 'False')),
      numeric('Active', (c: CronJob) => c.status?.active?.length),
      column<CronJob>('Last schedule', {
        text: (c, now) => (c.status?.lastScheduleTime ? ageSince(c.status.lastScheduleTime, now) : '<none>'),
        sortKey: (c) => -timeOf(c.status?.lastScheduleTime),
      }),
    ],
  },
  services: {
    columns: [
      column<Service>('Type', (s) => s.spec?.type ?? ''),
      column<Service>('Cluster-IP', serviceClusterIP),
      column<Service>('External-IP', serviceExternalIP),
      column<Service>('Ports', { text: servicePorts, width: [8, 1.2] }),
    ],
  },
  endpoints: { columns: [column<Endpoints>('Endpoints', { text: formatEndpoints, width: [12, 2] })] },
  ingresses: {
    columns: [
      column<Ingress>('Class', (i) => i.spec?.ingressClassName ?? '<none>'),
      column<Ingress>('Hosts', ingressHosts),
      column<Ingress>('Address', ingressAddress),
      column<Ingress>('Ports', ingressPorts),
    ],
  },
  configmaps: { columns: [numeric('Data', (c: ConfigMap) => Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length)] },
  secrets: {
    columns: [
      column<Secret>('Type', { text: (s) => s.type ?? 'Opaque', width: [10, 1.5] }),
      numeric('Data', (s: Secret) => Object.keys(s.data ?? {}).length),
    ],
  },
  namespaces: {
    columns: [column<Namespace>('Status', { text: (n) => n.status?.phase ?? '', tone: (n) => (n.status?.phase === 'Terminating' ? 'warn' : 'ok') })],
  },
  nodes: {
    columns: [
      column<Node>('Status', { text: nodeStatus, tone: (n) => (nodeReady(n) === 'True' ? (n.spec?.unschedulable ? 'warn' : 'ok') : 'danger') }),
      column<Node>('Roles', nodeRoles),
      column<Node>('Version', (n) => n.status?.nodeInfo?.kubeletVersion ?? ''),
    ],
  },
};

/** kubectl get events: no name, newest first by Last seen. */
const eventColumns: Column[] = [
  ageColumn<Event>('Last seen', eventLastSeen),
  column<Event>('Type', { text: (e) => e.type ?? '', tone: (e) => (e.type === 'Warning' ? 'warn' : undefined), width: [6.5, 0.5] }),
  column<Event>('Reason', { text: (e) => e.reason ?? '', width: [11, 1] }),
  column<Event>('Object', { text: eventObject, width: [14, 1.5] }),
  column<Event>('Message', { text: (e) => (e.message ?? '').trim(), width: [16, 4] }),
  numeric('Count', (e: Event) => e.series?.count ?? e.count ?? 1),
];

/** The list columns of a kind; Namespace only when the list spans namespaces. */
export function columnsFor(plural: string, withNamespace: boolean): Column[] {
  const namespace = withNamespace ? [namespaceColumn] : [];
  if (plural === 'events') return [...namespace, ...eventColumns];
  const kind = KIND_COLUMNS[plural] ?? { columns: [] };
  return [nameColumn, ...namespace, ...kind.columns, age, ...(kind.trailing ?? [])];
}

/** The column a kind's list is sorted by until the user picks one. */
export function defaultSort(plural: string): string {
  return plural === 'events' ? 'Last seen' : 'Name';
}
