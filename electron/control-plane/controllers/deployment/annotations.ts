// The annotations a Deployment keeps on its ReplicaSets (upstream's
// deployment_util.go): the revision (what `kubectl rollout history` and `undo`
// read), the revisions a rolled-back-to ReplicaSet had before, and the
// Deployment's size when the ReplicaSet was last scaled (for proportional scaling).
import type { DeploymentObject, ReplicaSetObject } from './types.ts';
import { REVISION, desiredOf, maxSurge, revisionOf } from './replicasets.ts';

export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Upstream's default limit on the revision-history annotation, in characters. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/** Deployment annotations that describe the Deployment itself and are not copied to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

function annotationsOf(obj: { metadata: { annotations?: Record<string, string> } }): Record<string, string> {
  return (obj.metadata.annotations ??= {});
}

function intAnnotation(rs: ReplicaSetObject, key: string): number | undefined {
  const raw = rs.metadata.annotations?.[key];
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

export const desiredReplicasAnnotation = (rs: ReplicaSetObject) => intAnnotation(rs, DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: ReplicaSetObject) => intAnnotation(rs, MAX_REPLICAS);

export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObject, desired: number, max: number): boolean {
  return desiredReplicasAnnotation(rs) !== desired || maxReplicasAnnotation(rs) !== max;
}

/** Records the Deployment's size (and size with surge) on rs, in place; true when that changed it. */
export function setReplicasAnnotations(rs: ReplicaSetObject, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  const annotations = annotationsOf(rs);
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(max);
  return true;
}

/**
 * Brings the new ReplicaSet's annotations up to date in place (upstream's
 * SetNewReplicaSetAnnotations): the Deployment's own annotations, the new
 * revision, and, when an older revision is being reused (a rollback), that
 * revision appended to the history. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObject, rs: ReplicaSetObject, newRevision: number, exists: boolean): boolean {
  const annotations = annotationsOf(rs);
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (NOT_COPIED.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  const hadRevision = annotations[REVISION] !== undefined;
  const oldRevision = revisionOf(rs);
  if (oldRevision < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (hadRevision) appendRevisionHistory(annotations, String(oldRevision));
  }
  if (!exists && setReplicasAnnotations(rs, desiredOf(d), desiredOf(d) + maxSurge(d))) changed = true;
  return changed;
}

// Oldest entries fall off the front to keep the annotation within its limit.
function appendRevisionHistory(annotations: Record<string, string>, revision: string): void {
  const history = annotations[REVISION_HISTORY];
  if (!history) {
    annotations[REVISION_HISTORY] = revision;
    return;
  }
  const entries = history.split(',');
  let length = history.length + revision.length + 1;
  let start = 0;
  while (length > MAX_REVISION_HISTORY_CHARS && start < entries.length) length -= entries[start++]!.length + 1;
  if (length <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY] = [...entries.slice(start), revision].join(',');
}

/** Sets the Deployment's revision annotation in place; true when it changed. */
export function setDeploymentRevision(d: DeploymentObject, revision: string): boolean {
  const annotations = annotationsOf(d);
  if (annotations[REVISION] === revision) return false;
  annotations[REVISION] = revision;
  return true;
}
