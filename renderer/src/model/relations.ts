// How objects point at each other, for the detail page's Related and Events tabs:
// owner references both ways, a Service's selector and Endpoints, an object's events.
import type { Event, KubeObject, LabelSelector, Pod, Service } from '../../../api/types.ts';
import { formatLabelSelector } from '../../../api/labels.ts';
import { kindOf, type KindInfo } from '../api/kinds.ts';
import { timeOf, eventLastSeen } from './columns.ts';

/** Which kinds a kind's controller creates, so that their stores are watched for owned objects. */
export const OWNED_KINDS: Readonly<Record<string, readonly string[]>> = {
  deployments: ['replicasets'],
  replicasets: ['pods'],
  replicationcontrollers: ['pods'],
  statefulsets: ['pods'],
  daemonsets: ['pods'],
  jobs: ['pods'],
  cronjobs: ['jobs'],
};

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  /** Absent for kinds the dashboard has no page for. */
  info?: KindInfo;
}

export function ownersOf(object: KubeObject): ObjectRef[] {
  return (object.metadata.ownerReferences ?? []).map((ref) => {
    const info = kindOf(ref);
    return { kind: ref.kind, name: ref.name, namespace: info?.namespaced ? object.metadata.namespace : undefined, info };
  });
}

/** Objects among `candidates` whose owner references name `uid`. */
export function ownedBy(uid: string | undefined, candidates: Iterable<KubeObject>): KubeObject[] {
  if (!uid) return [];
  const out: KubeObject[] = [];
  for (const object of candidates) if (object.metadata.ownerReferences?.some((ref) => ref.uid === uid)) out.push(object);
  return out.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

/** Pods a Service sends traffic to: its namespace, every selector label matching. A Service without a selector selects none. */
export function podsSelectedBy(service: Service, pods: Iterable<Pod>): Pod[] {
  const selector = Object.entries(service.spec?.selector ?? {});
  if (selector.length === 0) return [];
  const namespace = service.metadata?.namespace;
  const out: Pod[] = [];
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    if (pod.metadata?.namespace === namespace && selector.every(([key, value]) => labels[key] === value)) out.push(pod);
  }
  return out.sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** The events about the object with this uid, newest first. */
export function eventsAbout(uid: string | undefined, events: Iterable<Event>): Event[] {
  if (!uid) return [];
  const out: Event[] = [];
  for (const event of events) if (event.involvedObject?.uid === uid) out.push(event);
  return out.sort((a, b) => timeOf(eventLastSeen(b)) - timeOf(eventLastSeen(a)));
}

/** A workload's pod selector as a label selector string; ReplicationControllers select by a plain label map. */
export function selectorText(selector: LabelSelector | Readonly<Record<string, string>> | null | undefined): string {
  if (!selector) return '';
  if ('matchLabels' in selector || 'matchExpressions' in selector) return formatLabelSelector(selector as LabelSelector);
  return Object.entries(selector as Record<string, string>).map(([key, value]) => `${key}=${value}`).join(',');
}
