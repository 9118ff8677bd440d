// Pod state as the workload controllers read it (upstream's podutil.IsPodReady,
// IsPodAvailable and controller.IsPodActive).
import type { KubeObject, PodCondition, PodSpec, PodStatus } from '../../../../api/types.ts';

export type Pod = KubeObject & { spec?: PodSpec; status?: PodStatus };

/** Not finished and not being deleted: the pods that count towards replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** When the pod became Ready, in ms since the epoch; undefined when not ready (or the time is unknown). */
export function podReadySince(pod: Pod): number | undefined {
  const cond = readyCondition(pod);
  if (cond?.status !== 'True' || !cond.lastTransitionTime) return undefined;
  return Date.parse(cond.lastTransitionTime);
}

/**
 * Ready for at least minReadySeconds. As upstream, a ready pod without a
 * transition time is available only when minReadySeconds is 0.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}
