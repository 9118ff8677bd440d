// ReplicaSet and ReplicationController are one controller (as upstream runs them):
// what differs is the resource, the kind and how the selector reads.
import type { LabelSelectorMatcher } from '../../../../api/labels.ts';
import type { KubeObject, PodTemplateSpec } from '../../../../api/types.ts';
import type { ResourceRef } from '../../../../client/types.ts';

export interface ReplicaCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaCondition[];
}

/** The fields a ReplicaSet and a ReplicationController share. */
export type ReplicaOwner = KubeObject & {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: unknown; template?: PodTemplateSpec };
  status?: ReplicaStatus;
};

export interface ReplicaKind {
  ref: ResourceRef;
  kind: string;
  /** The event source component, as upstream names it. */
  component: string;
  selectorOf(owner: ReplicaOwner): LabelSelectorMatcher;
}
