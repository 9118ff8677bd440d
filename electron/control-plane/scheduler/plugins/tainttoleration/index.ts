// TaintToleration: NoSchedule and NoExecute taints keep out pods that do not
// tolerate them; untolerated PreferNoSchedule taints lower a node's score.
import { defaultNormalizeScore } from '../../framework/normalize.ts';
import { unresolvable, type Plugin } from '../../framework/types.ts';
import { findUntoleratedTaint, isNoScheduleOrNoExecute, toleratedBy } from '../../util/taints.ts';

export const NAME = 'TaintToleration';
export const REASON = 'node(s) had untolerated taint(s)';

export function taintToleration(): Plugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const taint = findUntoleratedTaint(node.node?.spec?.taints, pod.spec?.tolerations, isNoScheduleOrNoExecute);
      return taint ? unresolvable(REASON) : undefined;
    },
    score(_state, pod, node) {
      // Only tolerations that could apply to PreferNoSchedule count here.
      const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      return (node.node?.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !toleratedBy(t, tolerations)).length;
    },
    normalizeScore(_state, _pod, scores) {
      // More untolerated taints is worse.
      defaultNormalizeScore(scores, true);
    },
  };
}
