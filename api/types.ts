// The resource model shared by the control plane, the agent and the dashboard.
// Upstream's own field names and docs come from kubernetes-types; this module is
// the one place the rest of the code imports them from.
export type * from 'kubernetes-types/core/v1.js';
export type {
  ObjectMeta, ListMeta, OwnerReference, LabelSelector, LabelSelectorRequirement,
  ManagedFieldsEntry, Time, MicroTime, Status, StatusCause, StatusDetails, Condition,
  APIResource, APIResourceList, APIGroup, APIGroupList, APIVersions, DeleteOptions, Preconditions,
} from 'kubernetes-types/meta/v1.js';
export type {
  Deployment, DeploymentSpec, DeploymentStatus, DeploymentCondition, ReplicaSet, ReplicaSetSpec,
  ReplicaSetStatus, StatefulSet, DaemonSet, ControllerRevision,
} from 'kubernetes-types/apps/v1.js';
export type { Job, JobSpec, JobStatus, CronJob } from 'kubernetes-types/batch/v1.js';
export type { Lease } from 'kubernetes-types/coordination/v1.js';
export type { Eviction } from 'kubernetes-types/policy/v1.js';
export type { Scale } from 'kubernetes-types/autoscaling/v1.js';
export type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
export type { Ingress } from 'kubernetes-types/networking/v1.js';

import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Upstream marks server-set metadata readonly for clients; the server and controllers set it. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Any API object: what the store holds and the server returns. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: Writable<ObjectMeta>;
  [field: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

/** Group, version and kind of an object, as in upstream's schema.GroupVersionKind. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
