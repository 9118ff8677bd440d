// PodTopologySpread's filter (DoNotSchedule): placing the pod in a node's domain
// may not make that domain exceed the least-loaded domain by more than maxSkew.
import { stateKey } from '../../framework/cycle-state.ts';
import { unresolvable, unschedulable, type Plugin } from '../../framework/types.ts';
import { constraintsOf, countMatching, hasAllTopologyKeys, nodeIncluded, type Constraint } from './constraints.ts';

export const CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const NODE_LABEL_NOT_MATCH = `${CONSTRAINTS_NOT_MATCH} (missing required label)`;

interface FilterState {
  constraints: Constraint[];
  /** Per constraint: domain value → matching pods. */
  counts: Map<string, number>[];
  /** Per constraint: the smallest count over its domains (Infinity with no domain). */
  minMatch: number[];
}

const FILTER_STATE = stateKey<FilterState>('PreFilterPodTopologySpread');

export const filtering: Pick<Plugin, 'preFilter' | 'filter'> = {
  preFilter(state, pod, snapshot) {
    const constraints = constraintsOf(pod, 'DoNotSchedule');
    if (constraints.length === 0) return undefined;
    const counts = constraints.map(() => new Map<string, number>());
    for (const node of snapshot.nodes) {
      if (!hasAllTopologyKeys(node, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!nodeIncluded(c, pod, node)) return;
        const value = node.labels[c.topologyKey]!;
        counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + countMatching(c, pod.metadata.namespace, node));
      });
    }
    const minMatch = counts.map((m) => Math.min(Infinity, ...m.values()));
    state.write(FILTER_STATE, { constraints, counts, minMatch });
    return undefined;
  },
  filter(state, pod, node) {
    const s = state.read(FILTER_STATE);
    if (!s) return undefined;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const value = node.labels[c.topologyKey];
      if (value === undefined) return unresolvable(NODE_LABEL_NOT_MATCH);
      const self = c.selector.matches(pod.metadata.labels) ? 1 : 0;
      const skew = (s.counts[i]!.get(value) ?? 0) + self - s.minMatch[i]!;
      if (skew > c.maxSkew) return unschedulable(CONSTRAINTS_NOT_MATCH);
    }
    return undefined;
  },
};
