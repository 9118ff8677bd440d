// Small ObjectMeta helpers that the control plane, the agent and the dashboard all
// need, with upstream's semantics (client-go cache keys, metav1.GetControllerOf,
// meta.SetStatusCondition, duration.HumanDuration).
import type { ObjectMeta, OwnerReference } from './types.ts';

/** Anything with metadata: KubeObject, or a typed object whose metadata is optional. */
export interface HasMetadata {
  metadata?: ObjectMeta;
}

/** The cache key upstream uses: "namespace/name", or "name" for cluster-scoped objects. */
export function namespacedName(obj: HasMetadata): string {
  const { namespace, name = '' } = obj.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}

/** The owner reference marked as the managing controller, if any. */
export function controllerRef(obj: HasMetadata): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref: OwnerReference) => ref.controller === true);
}

/** Whether owner is obj's controller; identity is the UID, so a re-created owner of the same name is not. */
export function isControlledBy(obj: HasMetadata, owner: HasMetadata): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && controllerRef(obj)?.uid === uid;
}

export function hasFinalizer(obj: HasMetadata, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/** Adds the finalizer in place; true when the object changed (so the caller knows to write it). */
export function addFinalizer(obj: HasMetadata, finalizer: string): boolean {
  if (hasFinalizer(obj, finalizer)) return false;
  const meta = (obj.metadata ??= {});
  meta.finalizers = [...(meta.finalizers ?? []), finalizer];
  return true;
}

/** Removes every copy of the finalizer in place; true when the object changed. */
export function removeFinalizer(obj: HasMetadata, finalizer: string): boolean {
  const meta = obj.metadata;
  if (!meta?.finalizers?.includes(finalizer)) return false;
  meta.finalizers = meta.finalizers.filter((f: string) => f !== finalizer);
  return true;
}

/** What every condition type has: PodCondition, NodeCondition, DeploymentCondition, metav1.Condition… */
export interface ConditionLike {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export function getCondition<T extends { type: string }>(conditions: readonly T[] | undefined, type: string): T | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Makes the condition of next's type equal to next, in place. Its
 * lastTransitionTime moves (to next's, or now) only when the status changes, so
 * it keeps saying since when the condition has held. True when anything changed.
 */
export function setCondition<T extends ConditionLike>(conditions: T[], next: T, now: string): boolean {
  const i = conditions.findIndex((c) => c.type === next.type);
  if (i < 0) {
    conditions.push({ ...next, lastTransitionTime: next.lastTransitionTime ?? now });
    return true;
  }
  const existing = conditions[i]!;
  const lastTransitionTime = existing.status === next.status ? existing.lastTransitionTime : next.lastTransitionTime ?? now;
  const merged: T = { ...next, lastTransitionTime };
  if (lastTransitionTime === undefined) delete merged.lastTransitionTime;
  const before = existing as unknown as Record<string, unknown>;
  const after = merged as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].some((k) => before[k] !== after[k]);
  if (changed) conditions[i] = merged;
  return changed;
}

/** A metav1.Time: RFC 3339 in UTC with whole seconds, as upstream serializes it. */
export function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * Upstream's duration.HumanDuration: two or three significant figures
 * ("59s", "5m3s", "10m", "3h5m", "8h", "2d3h", "3d", "2y45d", "8y").
 * Up to two seconds in the future reads as "0s", to tolerate clock skew.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** The AGE column: how long ago a timestamp was, or "<unknown>" when there is none. */
export function ageSince(timestamp: string | null | undefined, now: Date | number = Date.now()): string {
  const then = timestamp ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(then)) return '<unknown>';
  return humanDuration((typeof now === 'number' ? now : now.getTime()) - then);
}
