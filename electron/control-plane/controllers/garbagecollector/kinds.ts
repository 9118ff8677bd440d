// The resources the garbage collector knows: those it watches for ownerReferences,
// and the kinds an ownerReference may name, each with how to address it.
import { parseApiVersion, type KubeObject } from '../../../../api/types.ts';
import { R, type ResourceRef } from '../../../../client/types.ts';

export interface KnownKind {
  kind: string;
  ref: ResourceRef;
  namespaced: boolean;
  /** Watched for dependents; owners of the other kinds are looked up when asked. */
  watched: boolean;
}

const kind = (name: string, ref: ResourceRef, namespaced = true, watched = true): KnownKind => ({ kind: name, ref, namespaced, watched });

export const KNOWN_KINDS: KnownKind[] = [
  kind('Pod', R.pods),
  kind('ReplicaSet', R.replicasets),
  kind('Deployment', R.deployments),
  kind('ReplicationController', R.replicationcontrollers),
  kind('StatefulSet', R.statefulsets),
  kind('DaemonSet', R.daemonsets),
  kind('ControllerRevision', R.controllerrevisions),
  kind('Job', R.jobs),
  kind('CronJob', R.cronjobs),
  kind('Service', R.services),
  kind('Endpoints', R.endpoints),
  kind('EndpointSlice', R.endpointslices),
  kind('ConfigMap', R.configmaps),
  kind('ServiceAccount', R.serviceaccounts),
  kind('PersistentVolumeClaim', R.persistentvolumeclaims),
  kind('PodDisruptionBudget', R.poddisruptionbudgets),
  kind('Lease', R.leases),
  kind('Node', R.nodes, false, false),
  kind('Namespace', R.namespaces, false, false),
];

export function kindOf(apiVersion: string, kindName: string): KnownKind | undefined {
  const { group } = parseApiVersion(apiVersion);
  return KNOWN_KINDS.find((k) => k.kind === kindName && k.ref.group === group);
}

/** The work queue key of an object: its resource, namespace and name. */
export function keyOf(known: KnownKind, namespace: string | undefined, name: string): string {
  return `${known.kind}.${known.ref.group}|${known.namespaced ? namespace ?? '' : ''}|${name}`;
}

export function parseKey(key: string): { known: KnownKind; namespace: string | undefined; name: string } {
  const [kindGroup = '', namespace = '', name = ''] = key.split('|');
  const known = KNOWN_KINDS.find((k) => `${k.kind}.${k.ref.group}` === kindGroup)!;
  return { known, namespace: namespace || undefined, name };
}

export const objectKey = (known: KnownKind, obj: KubeObject) => keyOf(known, obj.metadata.namespace, obj.metadata.name!);
