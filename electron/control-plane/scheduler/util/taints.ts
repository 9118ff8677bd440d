// Taints and tolerations (upstream's v1helper toleration matching).
import type { Taint, Toleration } from '../../../../api/types.ts';

/** Whether one toleration tolerates one taint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  // An empty key with Exists tolerates every taint.
  if (t.key && t.key !== taint.key) return false;
  if (!t.key && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

export function toleratedBy(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}

/** The first taint passing `relevant` that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  relevant: (t: Taint) => boolean,
): Taint | undefined {
  return (taints ?? []).find((taint) => relevant(taint) && !toleratedBy(taint, tolerations));
}

/** Taints the scheduler must respect when placing a pod. */
export function isNoScheduleOrNoExecute(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}
