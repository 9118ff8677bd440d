// The kinds the dashboard shows, and where each lives in the API.
import type { KubeObject } from '../../../api/types.ts';
import { apiVersionOf, parseApiVersion } from '../../../api/types.ts';

export interface KindInfo {
  /** Route segment and store id: the plural resource name. */
  readonly plural: string;
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  /** Sidebar and heading text. */
  readonly title: string;
  readonly section: 'Cluster' | 'Workloads' | 'Network' | 'Config';
}

export const KINDS: readonly KindInfo[] = [
  { plural: 'nodes', kind: 'Node', group: '', version: 'v1', namespaced: false, title: 'Nodes', section: 'Cluster' },
  { plural: 'namespaces', kind: 'Namespace', group: '', version: 'v1', namespaced: false, title: 'Namespaces', section: 'Cluster' },
  { plural: 'events', kind: 'Event', group: '', version: 'v1', namespaced: true, title: 'Events', section: 'Cluster' },
  { plural: 'pods', kind: 'Pod', group: '', version: 'v1', namespaced: true, title: 'Pods', section: 'Workloads' },
  { plural: 'deployments', kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true, title: 'Deployments', section: 'Workloads' },
  { plural: 'replicasets', kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true, title: 'ReplicaSets', section: 'Workloads' },
  { plural: 'replicationcontrollers', kind: 'ReplicationController', group: '', version: 'v1', namespaced: true, title: 'ReplicationControllers', section: 'Workloads' },
  { plural: 'statefulsets', kind: 'StatefulSet', group: 'apps', version: 'v1', namespaced: true, title: 'StatefulSets', section: 'Workloads' },
  { plural: 'daemonsets', kind: 'DaemonSet', group: 'apps', version: 'v1', namespaced: true, title: 'DaemonSets', section: 'Workloads' },
  { plural: 'jobs', kind: 'Job', group: 'batch', version: 'v1', namespaced: true, title: 'Jobs', section: 'Workloads' },
  { plural: 'cronjobs', kind: 'CronJob', group: 'batch', version: 'v1', namespaced: true, title: 'CronJobs', section: 'Workloads' },
  { plural: 'services', kind: 'Service', group: '', version: 'v1', namespaced: true, title: 'Services', section: 'Network' },
  { plural: 'endpoints', kind: 'Endpoints', group: '', version: 'v1', namespaced: true, title: 'Endpoints', section: 'Network' },
  { plural: 'ingresses', kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', namespaced: true, title: 'Ingresses', section: 'Network' },
  { plural: 'configmaps', kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, title: 'ConfigMaps', section: 'Config' },
  { plural: 'secrets', kind: 'Secret', group: '', version: 'v1', namespaced: true, title: 'Secrets', section: 'Config' },
];

const byPlural = new Map(KINDS.map((info) => [info.plural, info]));
const byKind = new Map(KINDS.map((info) => [`${apiVersionOf(info.group, info.version)}/${info.kind}`, info]));

export function kindByPlural(plural: string): KindInfo | undefined {
  return byPlural.get(plural);
}

/** The kind of an object by its apiVersion and kind, e.g. an owner reference's. */
export function kindOf(ref: { apiVersion?: string; kind?: string }): KindInfo | undefined {
  return byKind.get(`${ref.apiVersion ?? ''}/${ref.kind ?? ''}`);
}

/** /api/v1/namespaces/NS/pods/NAME/SUB, or the collection when name is absent; namespace is ignored for cluster kinds. */
export function resourcePath(info: KindInfo, namespace?: string, name?: string, subresource?: string): string {
  const prefix = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  let path = prefix;
  if (info.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${info.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** The API path of an object (from its own apiVersion/kind/metadata), or undefined for kinds the dashboard does not know. */
export function objectPath(object: KubeObject, subresource?: string): string | undefined {
  const info = kindOf(object);
  return info && resourcePath(info, object.metadata.namespace, object.metadata.name, subresource);
}

/** API path for any apiVersion/kind with its plural, for objects created from YAML whose kind the dashboard has no page for. */
export function pathFor(apiVersion: string, plural: string, namespace: string | undefined, name?: string): string {
  const { group, version } = parseApiVersion(apiVersion);
  return resourcePath({ plural, kind: '', group, version, namespaced: namespace !== undefined, title: '', section: 'Cluster' }, namespace, name);
}

/** Store key of an object: NAMESPACE/NAME, or /NAME for cluster-scoped ones. */
export function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

/** Dashboard route of an object's detail page. */
export function detailRoute(info: KindInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `/r/${info.plural}/${namespace ?? 'default'}/${name}` : `/r/${info.plural}/_/${name}`;
}
