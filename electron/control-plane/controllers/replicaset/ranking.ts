// Which pods a scale-down removes first: upstream's ActivePodsWithRanks order
// (controller_utils.go), with the LogarithmicScaleDown and PodDeletionCost
// behaviour upstream enables by default.
import { isPodActive, isPodReady, podReadySince, type Pod } from './pod.ts';

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The annotation as an int32; 0 when absent or malformed, as upstream. */
function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.[DELETION_COST];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

function timeOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

// log2 of the age in nanoseconds (as Go's time.Duration), -1 for no age: times
// within the same power-of-two bucket count as equally old, so a scale-down does
// not always pick the very newest pods (which could all sit on one node).
function logRank(t: number, now: number): number {
  const ns = (now - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

/** Negative when a goes before b: newer first, missing times first; same bucket falls back to UID order. */
function compareTimes(a: Pod, b: Pod, ta: number | undefined, tb: number | undefined, now: number): number {
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
  const diff = logRank(ta, now) - logRank(tb, now);
  if (diff !== 0) return diff;
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * Negative when a should be deleted before b. `rank` is how many related
 * active pods share a pod's node (pods doubled up on a node go first).
 */
export function compareForDeletion(a: Pod, b: Pod, rank: (pod: Pod) => number, now: number): number {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  // 1. Unassigned before assigned.
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;
  // 2. Pending before Unknown before Running.
  const phaseA = PHASE_ORDINAL[a.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  // 3. Not ready before ready.
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  // 4. Lower deletion cost first.
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  // 5. Doubled up before alone.
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB) return rankB - rankA;
  // 6. Ready for less time first.
  if (readyA && readyB) {
    const byReady = compareTimes(a, b, podReadySince(a), podReadySince(b), now);
    if (byReady !== 0) return byReady;
  }
  // 7. More restarts first.
  const restartsA = maxRestarts(a);
  const restartsB = maxRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  // 8. Newer first.
  return compareTimes(a, b, timeOf(a.metadata.creationTimestamp), timeOf(b.metadata.creationTimestamp), now);
}

/**
 * The `count` pods to delete from `pods`, ranked against `related` (the pods of
 * the owner and of its siblings under the same controller) as upstream's getPodsToDelete.
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], count: number, now: number): Pod[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: Pod) => onNode.get(pod.spec?.nodeName ?? '') ?? 0;
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank, now)).slice(0, count);
}
