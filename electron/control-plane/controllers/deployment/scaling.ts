// How big each ReplicaSet of a Deployment should be (upstream's sync.go scale and
// deployment_util.go): the new ReplicaSet's next size in a rollout, and the
// proportional split of a resize across the ReplicaSets of an unfinished rollout.
import { maxReplicasAnnotation, desiredReplicasAnnotation } from './annotations.ts';
import {
  activeOnly, byCreation, bySizeNewer, bySizeOlder, desiredOf, isRollingUpdate, maxSurge, replicasOf, specReplicas,
} from './replicasets.ts';
import { scaledValue } from '../../registry/common/intorpercent.ts';
import type { DeploymentObject, ReplicaSetObject } from './types.ts';

/** The size the new ReplicaSet may grow to now (upstream's NewRSNewReplicas). */
export function newReplicaSetReplicas(d: DeploymentObject, allRSs: readonly (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject): number {
  const desired = desiredOf(d);
  if (!isRollingUpdate(d)) return desired;
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, desired, true);
  const current = specReplicas(allRSs);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, desired - replicasOf(newRS));
}

/** The new ReplicaSet has all the Deployment's replicas, all available. */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredOf(d);
  return desiredReplicasAnnotation(rs) === desired && replicasOf(rs) === desired && (rs.status?.availableReplicas ?? 0) === desired;
}

/**
 * The one ReplicaSet with pods, or the newest when none has any; undefined when
 * several have pods (a rollout is under way).
 */
export function findActiveOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeOnly([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

// Go's math.Round: halves away from zero.
const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** What rs gains (or loses) of a resize: its share of the Deployment by the size it was last scaled for. */
function fraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  if (desiredOf(d) === 0) return -replicasOf(rs);
  const target = desiredOf(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((replicasOf(rs) * target) / annotated) - replicasOf(rs);
}

function proportion(rs: ReplicaSetObject, d: DeploymentObject, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  const share = fraction(rs, d);
  return toAdd > 0 ? Math.min(share, allowed) : Math.max(share, allowed);
}

export interface ScaleStep {
  rs: ReplicaSetObject;
  size: number;
}

/**
 * The sizes a resize in the middle of a rolling update gives each active
 * ReplicaSet, in upstream's order: each keeps its share, and what rounding leaves
 * over goes to (or comes from) the largest, newest on the way up, oldest on the way down.
 */
export function proportionalSizes(d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[]): ScaleStep[] {
  const active = activeOnly([...oldRSs, newRS]);
  const allowed = desiredOf(d) > 0 ? desiredOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicas(active);
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);
  let added = 0;
  const steps = active.map((rs) => {
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return { rs, size: replicasOf(rs) + p };
  });
  if (steps.length > 0 && toAdd !== 0) steps[0]!.size = Math.max(0, steps[0]!.size + toAdd - added);
  return steps;
}
