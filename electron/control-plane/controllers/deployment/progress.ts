// A Deployment's status and conditions (upstream's sync.go calculateStatus and
// progress.go): Available says whether enough replicas serve, Progressing whether
// the rollout moves, finished, or gave up after progressDeadlineSeconds.
import { formatTime } from '../../../../api/meta.ts';
import {
  actualReplicas, availableReplicas, desiredOf, maxUnavailable, readyReplicas, specReplicas,
} from './replicasets.ts';
import type { DeploymentCondition, DeploymentObject, DeploymentStatus, ReplicaSetObject } from './types.ts';

export const PROGRESSING = 'Progressing';
export const AVAILABLE = 'Available';
export const REPLICA_FAILURE = 'ReplicaFailure';

export const Reason = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  FailedReplicaSetCreate: 'ReplicaSetCreateError',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(type: string, status: string, reason: string, message: string, now: number): DeploymentCondition {
  const t = formatTime(new Date(now));
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

/**
 * Upstream's SetDeploymentCondition, in place: a condition with the same status
 * and reason is left as it is (its times too); a new reason with the same status
 * keeps the transition time.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = current && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

export function hasProgressDeadline(d: DeploymentObject): boolean {
  const deadline = d.spec.progressDeadlineSeconds;
  return deadline !== undefined && deadline !== 2 ** 31 - 1;
}

/** Every replica updated and available, and the status is about the current spec. */
export function deploymentComplete(d: DeploymentObject, status: DeploymentStatus): boolean {
  const desired = desiredOf(d);
  return (status.updatedReplicas ?? 0) === desired && (status.replicas ?? 0) === desired
    && (status.availableReplicas ?? 0) === desired && (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** Something moved since the stored status: more updated, fewer old, more ready or more available replicas. */
export function deploymentProgressing(d: DeploymentObject, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldStale = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newStale = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newStale < oldStale
    || (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

/** When the Progressing condition runs out of time (ms since the epoch), if it can. */
export function progressDeadline(d: DeploymentObject, status: DeploymentStatus): number | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const cond = getCondition(status, PROGRESSING);
  if (!cond || cond.reason === Reason.NewReplicaSetAvailable || cond.reason === Reason.ProgressDeadlineExceeded) return undefined;
  return Date.parse(cond.lastUpdateTime ?? '') + d.spec.progressDeadlineSeconds! * 1000;
}

export function deploymentTimedOut(d: DeploymentObject, status: DeploymentStatus, now: number): boolean {
  if (getCondition(status, PROGRESSING)?.reason === Reason.ProgressDeadlineExceeded) return hasProgressDeadline(d);
  const deadline = progressDeadline(d, status);
  return deadline !== undefined && deadline < now;
}

/** Counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(d: DeploymentObject, allRSs: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, now: number): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicas(allRSs),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicas(allRSs) - available),
    conditions: [...(d.status?.conditions ?? [])],
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= desiredOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/**
 * calculateStatus plus the Progressing condition of a rollout (upstream's
 * syncRolloutStatus) and the ReplicaSets' create failures.
 */
export function rolloutStatus(d: DeploymentObject, allRSs: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, now: number): DeploymentStatus {
  const status = calculateStatus(d, allRSs, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(status, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition(PROGRESSING, 'True', Reason.NewReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      // Progress refreshes lastUpdateTime (the deadline counts from it) even when the reason stays.
      const cond = newCondition(PROGRESSING, 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, now);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, PROGRESSING);
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition(PROGRESSING, 'False', Reason.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = allRSs.flatMap((rs) => rs?.status?.conditions?.filter((c) => c.type === REPLICA_FAILURE && c.status === 'True') ?? [])[0];
  if (failure) {
    setCondition(status, newCondition(REPLICA_FAILURE, failure.status, failure.reason ?? '', failure.message ?? '', Date.parse(failure.lastTransitionTime ?? '') || now));
  } else {
    removeCondition(status, REPLICA_FAILURE);
  }
  return status;
}
