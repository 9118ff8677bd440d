// PodTopologySpread's score (ScheduleAnyway): fewer matching pods in a node's
// domains is better; each constraint is weighted by log(domains + 2) so that
// constraints over many domains do not drown those over few.
import { stateKey } from '../../framework/cycle-state.ts';
import { MAX_NODE_SCORE, type Plugin } from '../../framework/types.ts';
import { constraintsOf, countMatching, hasAllTopologyKeys, nodeIncluded, type Constraint } from './constraints.ts';

interface ScoreState {
  constraints: Constraint[];
  counts: Map<string, number>[];
  weights: number[];
  /** Feasible nodes lacking a topology key: scored 0. */
  ignored: Set<string>;
}

const SCORE_STATE = stateKey<ScoreState>('PreScorePodTopologySpread');

export const scoring: Pick<Plugin, 'preScore' | 'score' | 'normalizeScore'> = {
  preScore(state, pod, feasible, snapshot) {
    const constraints = constraintsOf(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return;
    const counts = constraints.map(() => new Map<string, number>());
    const ignored = new Set<string>();
    // The domains are those of the feasible nodes; pods are counted across the cluster.
    for (const node of feasible) {
      if (!hasAllTopologyKeys(node, constraints)) {
        ignored.add(node.name);
        continue;
      }
      constraints.forEach((c, i) => counts[i]!.set(node.labels[c.topologyKey]!, 0));
    }
    for (const node of snapshot.nodes) {
      if (!hasAllTopologyKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        const value = node.labels[c.topologyKey]!;
        const current = counts[i]!.get(value);
        if (current === undefined || !nodeIncluded(c, pod, node)) return;
        counts[i]!.set(value, current + countMatching(c, pod.metadata.namespace, node));
      });
    }
    const weights = counts.map((m) => Math.log(m.size + 2));
    state.write(SCORE_STATE, { constraints, counts, weights, ignored });
  },
  score(state, _pod, node) {
    const s = state.read(SCORE_STATE);
    if (!s || s.ignored.has(node.name)) return 0;
    let score = 0;
    s.constraints.forEach((c, i) => {
      const count = s.counts[i]!.get(node.labels[c.topologyKey]!) ?? 0;
      score += count * s.weights[i]! + (c.maxSkew - 1);
    });
    return Math.round(score);
  },
  normalizeScore(state, _pod, scores) {
    const s = state.read(SCORE_STATE);
    if (!s) return;
    const counted = scores.filter((x) => !s.ignored.has(x.name));
    const min = Math.min(...counted.map((x) => x.score));
    const max = Math.max(0, ...counted.map((x) => x.score));
    for (const x of scores) {
      if (s.ignored.has(x.name)) x.score = 0;
      else if (max === 0) x.score = MAX_NODE_SCORE;
      else x.score = Math.trunc((MAX_NODE_SCORE * (max + min - x.score)) / max);
    }
  },
};
