// The status a ReplicaSet or ReplicationController reports, from the pods it owns
// (upstream's calculateStatus).
import { labelsEqualSelector } from '../../../../api/labels.ts';
import { formatTime } from '../../../../api/meta.ts';
import { isEqual } from '../../registry/common/equal.ts';
import { messageOf } from './errors.ts';
import type { ReplicaOwner, ReplicaStatus } from './kind.ts';
import { isPodAvailable, isPodReady, podReadySince, type Pod } from './pod.ts';

export const REPLICA_FAILURE = 'ReplicaFailure';

/**
 * `pods` are the active pods the owner controls; `manageError` the failure of
 * this sync's creates or deletes, reported as the ReplicaFailure condition.
 */
export function calculateStatus(owner: ReplicaOwner, pods: readonly Pod[], manageError: unknown, now: number): ReplicaStatus {
  const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
  const templateLabels = labelsEqualSelector(owner.spec?.template?.metadata?.labels);
  const status: ReplicaStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => templateLabels.matches(p.metadata.labels)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReadySeconds, now)).length,
  };
  if (owner.status?.observedGeneration !== undefined) status.observedGeneration = owner.status.observedGeneration;
  const others = (owner.status?.conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE);
  const failure = owner.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && failure === undefined) {
    // The direction of the failed change names it, as upstream does.
    const diff = pods.length - (owner.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : undefined;
    status.conditions = [...others, {
      type: REPLICA_FAILURE, status: 'True', ...(reason ? { reason } : {}), message: messageOf(manageError), lastTransitionTime: formatTime(new Date(now)),
    }];
  } else if (manageError !== undefined) {
    status.conditions = [...others, failure!];
  } else if (others.length > 0) {
    status.conditions = others;
  }
  return status;
}

/** Whether the owner's stored status (and observedGeneration) already says this. */
export function statusIsCurrent(owner: ReplicaOwner, status: ReplicaStatus): boolean {
  const current = owner.status ?? { replicas: 0 };
  const comparable = (s: ReplicaStatus) => ({
    replicas: s.replicas ?? 0,
    fullyLabeledReplicas: s.fullyLabeledReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    conditions: s.conditions ?? [],
  });
  return isEqual(comparable(current), comparable(status)) && current.observedGeneration === owner.metadata.generation;
}

/** When the next ready-but-not-yet-available pod becomes available (ms since the epoch), if any. */
export function nextAvailableAt(owner: ReplicaOwner, pods: readonly Pod[], now: number): number | undefined {
  const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
  if (minReadySeconds === 0) return undefined;
  const times = pods
    .filter((p) => !isPodAvailable(p, minReadySeconds, now))
    .map(podReadySince)
    .filter((t): t is number => t !== undefined)
    .map((t) => t + minReadySeconds * 1000);
  return times.length > 0 ? Math.min(...times) : undefined;
}
