// Topology spread constraints compiled for one pod, and the pod counts per domain
// they are judged by (upstream's podtopologyspread common.go).
import { labelSelectorFromObject, type LabelSelectorMatcher } from '../../../../../api/labels.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { Pod } from '../../framework/types.ts';
import { podMatchesNodeSelectorAndAffinity } from '../../util/node-selector.ts';
import { findUntoleratedTaint, isNoScheduleOrNoExecute } from '../../util/taints.ts';

export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelectorMatcher;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
}

export function constraintsOf(pod: Pod, when: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  return (pod.spec?.topologySpreadConstraints ?? [])
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: labelSelectorFromObject(c.labelSelector),
      // Upstream's defaults: node affinity is honoured, taints are ignored.
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
    }));
}

/** Whether a node's pods count towards the constraint's domains at all. */
export function nodeIncluded(c: Constraint, pod: Pod, node: NodeInfo): boolean {
  if (!node.node) return false;
  if (c.honorNodeAffinity && !podMatchesNodeSelectorAndAffinity(pod, node.node)) return false;
  if (c.honorNodeTaints && findUntoleratedTaint(node.node.spec?.taints, pod.spec?.tolerations, isNoScheduleOrNoExecute)) return false;
  return true;
}

export function hasAllTopologyKeys(node: NodeInfo, constraints: readonly Constraint[]): boolean {
  const labels = node.labels;
  return constraints.every((c) => labels[c.topologyKey] !== undefined);
}

/** Pods on the node the constraint selects: same namespace, not terminating. */
export function countMatching(c: Constraint, namespace: string | undefined, node: NodeInfo): number {
  let n = 0;
  for (const p of node.pods) {
    const meta = p.pod.metadata;
    if (meta.namespace === namespace && !meta.deletionTimestamp && c.selector.matches(meta.labels)) n++;
  }
  return n;
}
