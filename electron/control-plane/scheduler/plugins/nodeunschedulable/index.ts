// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
import { unresolvable, type Plugin } from '../../framework/types.ts';
import { toleratedBy } from '../../util/taints.ts';

export const NAME = 'NodeUnschedulable';
export const REASON = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export function nodeUnschedulable(): Plugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (!node.node?.spec?.unschedulable) return undefined;
      return toleratedBy(UNSCHEDULABLE_TAINT, pod.spec?.tolerations) ? undefined : unresolvable(REASON);
    },
  };
}
