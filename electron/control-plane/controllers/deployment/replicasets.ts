// Reading a Deployment's ReplicaSets (upstream's deployment_util.go): which one
// is new, counts, orderings and the rolling-update fenceposts.
import type { PodTemplateSpec } from '../../../../api/types.ts';
import { scaledValue } from '../../registry/common/intorpercent.ts';
import { canonicalJson } from './hash.ts';
import type { DeploymentObject, ReplicaSetObject } from './types.ts';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';

export const replicasOf = (rs: ReplicaSetObject) => rs.spec.replicas ?? 0;
export const desiredOf = (d: DeploymentObject) => d.spec.replicas ?? 1;

/** The revision annotation as a number; 0 when absent or not a number. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const raw = obj.metadata.annotations?.[REVISION];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0;
}

export function maxRevision(rss: readonly ReplicaSetObject[]): number {
  return Math.max(0, ...rss.map(revisionOf));
}

const time = (rs: ReplicaSetObject) => Date.parse(rs.metadata.creationTimestamp ?? '') || 0;

/** Older first; the name breaks ties (upstream's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const diff = time(a) - time(b);
  if (diff !== 0) return diff;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first, older first among equals (where scale-downs take from). */
export const bySizeOlder = (a: ReplicaSetObject, b: ReplicaSetObject) => replicasOf(b) - replicasOf(a) || byCreation(a, b);
/** Larger first, newer first among equals (where scale-ups go). */
export const bySizeNewer = (a: ReplicaSetObject, b: ReplicaSetObject) => replicasOf(b) - replicasOf(a) || byCreation(b, a);
/** Lower revision first, then older first (what history cleanup removes first). */
export const byRevision = (a: ReplicaSetObject, b: ReplicaSetObject) => revisionOf(a) - revisionOf(b) || byCreation(a, b);

export const activeOnly = (rss: readonly (ReplicaSetObject | undefined)[]) =>
  rss.filter((rs): rs is ReplicaSetObject => rs !== undefined && replicasOf(rs) > 0);

const sum = (rss: readonly (ReplicaSetObject | undefined)[], f: (rs: ReplicaSetObject) => number) =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
/** Replicas asked for (spec). */
export const specReplicas = (rss: readonly (ReplicaSetObject | undefined)[]) => sum(rss, replicasOf);
/** Replicas that exist (status). */
export const actualReplicas = (rss: readonly (ReplicaSetObject | undefined)[]) => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicas = (rss: readonly (ReplicaSetObject | undefined)[]) => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicas = (rss: readonly (ReplicaSetObject | undefined)[]) => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

function withoutHash(template: PodTemplateSpec | undefined): unknown {
  const labels = { ...template?.metadata?.labels };
  delete labels[POD_TEMPLATE_HASH];
  return { ...template, metadata: { ...template?.metadata, labels } };
}

/**
 * Upstream's EqualIgnoreHash: the templates differ in nothing but the
 * pod-template-hash label (and, as Go's semantic equality, in nothing but nulls).
 */
export function templatesEqual(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

/** The oldest ReplicaSet whose template is the Deployment's (there can be several after a hash collision). */
export function findNewReplicaSet(d: DeploymentObject, rss: readonly ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rss].sort(byCreation).find((rs) => templatesEqual(rs.spec.template, d.spec.template));
}

export function isRollingUpdate(d: DeploymentObject): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * Upstream's ResolveFenceposts: surge rounds up, unavailability down; when both
 * come to 0 (rounding down a small percentage), one pod may be unavailable, or
 * the rollout could never move.
 */
export function fenceposts(d: DeploymentObject): { maxSurge: number; maxUnavailable: number } {
  const rolling = d.spec.strategy?.rollingUpdate;
  const desired = desiredOf(d);
  const maxSurge = scaledValue(rolling?.maxSurge, desired, true);
  const maxUnavailable = scaledValue(rolling?.maxUnavailable, desired, false);
  return maxSurge === 0 && maxUnavailable === 0 ? { maxSurge, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
}

export function maxSurge(d: DeploymentObject): number {
  return isRollingUpdate(d) ? fenceposts(d).maxSurge : 0;
}

export function maxUnavailable(d: DeploymentObject): number {
  if (!isRollingUpdate(d) || desiredOf(d) === 0) return 0;
  return Math.min(fenceposts(d).maxUnavailable, desiredOf(d));
}
