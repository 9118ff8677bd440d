// NodeAffinity: spec.nodeSelector and required node affinity filter nodes;
// preferred terms add their weights to the score of the nodes they match.
import { defaultNormalizeScore } from '../../framework/normalize.ts';
import { unresolvable, type Plugin } from '../../framework/types.ts';
import { podMatchesNodeSelectorAndAffinity, termMatchesNode } from '../../util/node-selector.ts';

export const NAME = 'NodeAffinity';
export const REASON = "node(s) didn't match Pod's node affinity/selector";

export function nodeAffinity(): Plugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      return node.node && podMatchesNodeSelectorAndAffinity(pod, node.node) ? undefined : unresolvable(REASON);
    },
    score(_state, pod, node) {
      const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      let score = 0;
      for (const term of preferred) {
        if (term.weight !== 0 && node.node && termMatchesNode(term.preference, node.node)) score += term.weight;
      }
      return score;
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, false);
    },
  };
}
