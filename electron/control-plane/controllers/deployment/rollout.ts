// The two rollout strategies (upstream's rolling.go and recreate.go). Each call
// takes one step from the current state and returns; the ReplicaSets' and pods'
// events bring the Deployment back for the next step.
import type { Pod } from '../replicaset/pod.ts';
import { deploymentComplete } from './progress.ts';
import {
  activeOnly, actualReplicas, availableReplicas, byCreation, desiredOf, maxUnavailable, replicasOf, specReplicas,
} from './replicasets.ts';
import { newReplicaSetReplicas } from './scaling.ts';
import type { DeploymentSync } from './sync.ts';
import type { ReplicaSetObject } from './types.ts';

export async function rolloutRolling(s: DeploymentSync): Promise<void> {
  const sets = await s.replicaSets(true);
  const { newRS, oldRSs } = sets;
  if (newRS && await reconcileNew(s, [...oldRSs, newRS], newRS)) return s.syncRolloutStatus(sets);
  if (newRS && await reconcileOld(s, [...oldRSs, newRS], activeOnly(oldRSs), newRS)) return s.syncRolloutStatus(sets);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(sets);
}

/** Grows the new ReplicaSet as far as maxSurge allows (or shrinks it to the Deployment's size). */
async function reconcileNew(s: DeploymentSync, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  const desired = desiredOf(s.d);
  if (replicasOf(newRS) === desired) return false;
  const size = replicasOf(newRS) > desired ? desired : newReplicaSetReplicas(s.d, allRSs, newRS);
  return (await s.scaleAndRecord(newRS, size)).scaled;
}

/**
 * Shrinks old ReplicaSets as far as maxUnavailable allows: first their
 * unavailable pods (they serve nothing), then available ones down to
 * replicas − maxUnavailable available in all.
 */
async function reconcileOld(s: DeploymentSync, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], newRS: ReplicaSetObject): Promise<boolean> {
  if (specReplicas(oldRSs) === 0) return false;
  const minAvailable = desiredOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  // Pods that may go: all there are, less the minimum, less new pods that do not serve yet.
  const maxScaledDown = specReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { cleaned, olds } = await cleanupUnhealthy(s, oldRSs, maxScaledDown);
  const scaled = await scaleDownAvailable(s, [...olds, newRS], olds);
  return cleaned + scaled > 0;
}

async function cleanupUnhealthy(s: DeploymentSync, oldRSs: ReplicaSetObject[], maxCleanup: number): Promise<{ cleaned: number; olds: ReplicaSetObject[] }> {
  const olds = [...oldRSs].sort(byCreation);
  let cleaned = 0;
  for (let i = 0; i < olds.length && cleaned < maxCleanup; i++) {
    const rs = olds[i]!;
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxCleanup - cleaned, unhealthy);
    olds[i] = (await s.scaleAndRecord(rs, replicasOf(rs) - count)).rs;
    cleaned += count;
  }
  return { cleaned, olds };
}

async function scaleDownAvailable(s: DeploymentSync, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[]): Promise<number> {
  const minAvailable = desiredOf(s.d) - maxUnavailable(s.d);
  const available = availableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaled >= total) break;
    if (replicasOf(rs) === 0) continue;
    const count = Math.min(replicasOf(rs), total - scaled);
    await s.scaleAndRecord(rs, replicasOf(rs) - count);
    scaled += count;
  }
  return scaled;
}

/**
 * Recreate: every old pod gone (not merely scaled to zero: terminating pods still
 * run) before the new ReplicaSet is created and scaled up.
 */
export async function rolloutRecreate(s: DeploymentSync, podsByOwner: ReadonlyMap<string, readonly Pod[]>): Promise<void> {
  let sets = await s.replicaSets(false);
  let scaledDown = false;
  for (const rs of activeOnly(sets.oldRSs)) {
    if ((await s.scaleAndRecord(rs, 0)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(sets.newRS, sets.oldRSs, podsByOwner)) return s.syncRolloutStatus(sets);
  if (!sets.newRS) sets = await s.replicaSets(true);
  if (sets.newRS) await s.scaleAndRecord(sets.newRS, desiredOf(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(sets.oldRSs);
  return s.syncRolloutStatus(sets);
}

function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[], podsByOwner: ReadonlyMap<string, readonly Pod[]>): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByOwner) {
    if (uid === newRS?.metadata.uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}
