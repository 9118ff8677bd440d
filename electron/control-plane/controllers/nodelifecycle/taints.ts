// The taints a node's conditions call for (upstream's doNoScheduleTaintingPass and the
// NoExecute taints of TaintBasedEvictions), and whether a pod tolerates taints.
import { getCondition } from '../../../../api/meta.ts';
import type { Taint, Toleration } from '../../../../api/types.ts';
import type { Node } from '../namespace/objects.ts';

export const NOT_READY = 'node.kubernetes.io/not-ready';
export const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** Condition type → [taint key when True, …when False, …when Unknown] for NoSchedule taints. */
const NO_SCHEDULE: Record<string, [string | undefined, string | undefined, string | undefined]> = {
  Ready: [undefined, NOT_READY, UNREACHABLE],
  MemoryPressure: ['node.kubernetes.io/memory-pressure', undefined, undefined],
  DiskPressure: ['node.kubernetes.io/disk-pressure', undefined, undefined],
  PIDPressure: ['node.kubernetes.io/pid-pressure', undefined, undefined],
  NetworkUnavailable: ['node.kubernetes.io/network-unavailable', undefined, undefined],
};
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const CONTROLLER_KEYS = new Set([...Object.values(NO_SCHEDULE).flat(), UNSCHEDULABLE].filter((k) => k !== undefined));
const STATUS_INDEX: Record<string, number> = { True: 0, False: 1, Unknown: 2 };

export function noScheduleTaints(node: Node): Taint[] {
  const keys: string[] = [];
  for (const [type, byStatus] of Object.entries(NO_SCHEDULE)) {
    const status = getCondition(node.status?.conditions, type)?.status;
    const key = status === undefined ? undefined : byStatus[STATUS_INDEX[status] ?? -1];
    if (key) keys.push(key);
  }
  if (node.spec?.unschedulable) keys.push(UNSCHEDULABLE);
  return keys.map((key) => ({ key, effect: 'NoSchedule' }));
}

/** The NoExecute taint key Ready calls for: not-ready when False, unreachable when Unknown. */
export function noExecuteKey(node: Node): string | undefined {
  const status = getCondition(node.status?.conditions, 'Ready')?.status;
  if (status === 'False') return NOT_READY;
  if (status === 'Unknown') return UNREACHABLE;
  return undefined;
}

const isControllerTaint = (t: Taint) =>
  (t.effect === 'NoSchedule' && CONTROLLER_KEYS.has(t.key)) || (t.effect === 'NoExecute' && (t.key === NOT_READY || t.key === UNREACHABLE));

/**
 * The node's taints with the controller's own replaced by `noSchedule` and the
 * NoExecute taint `noExecute` (if any), keeping an unchanged taint's timeAdded.
 */
export function withControllerTaints(node: Node, noSchedule: Taint[], noExecute: string | undefined, now: string): Taint[] {
  const current = node.spec?.taints ?? [];
  const keep = current.filter((t) => !isControllerTaint(t));
  const existing = (key: string, effect: string) => current.find((t) => t.key === key && t.effect === effect);
  const wanted = noSchedule.map((t) => existing(t.key, t.effect) ?? t);
  if (noExecute) wanted.push(existing(noExecute, 'NoExecute') ?? { key: noExecute, effect: 'NoExecute', timeAdded: now });
  return [...keep, ...wanted];
}

export const noExecuteTaints = (node: Node | undefined): Taint[] => (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

/** Upstream's ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}
