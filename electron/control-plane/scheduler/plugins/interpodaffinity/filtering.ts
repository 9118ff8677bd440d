// InterPodAffinity's filter: the pod's required affinity must find a matching pod
// in the node's domain, its required anti-affinity must not, and no pod already
// there may have required anti-affinity against it.
import type { Labels } from '../../../../../api/labels.ts';
import { termMatches, type AffinityTerm } from '../../framework/affinity-term.ts';
import { stateKey } from '../../framework/cycle-state.ts';
import { podInfoOf, type PodInfo } from '../../framework/node-info.ts';
import { unresolvable, unschedulable, type Plugin, type Pod, type Snapshot } from '../../framework/types.ts';
import { TopologyCounts } from '../../util/topology-counts.ts';

export const EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const AFFINITY = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

interface FilterState {
  info: PodInfo;
  ownNsLabels: Labels | undefined;
  /** Domains where an existing pod's required anti-affinity selects the incoming pod. */
  existingAntiAffinity: TopologyCounts;
  /** Domains with pods matching all the incoming pod's affinity terms. */
  affinity: TopologyCounts;
  /** Domains with pods matching one of the incoming pod's anti-affinity terms. */
  antiAffinity: TopologyCounts;
}

const FILTER_STATE = stateKey<FilterState>('PreFilterInterPodAffinity');

function matchesAll(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels | undefined): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, pod, nsLabels));
}

function computeState(pod: Pod, snapshot: Snapshot): FilterState {
  const info = podInfoOf(pod);
  const ownNsLabels = snapshot.namespaceLabels(pod.metadata.namespace ?? '');
  const state: FilterState = {
    info,
    ownNsLabels,
    existingAntiAffinity: new TopologyCounts(),
    affinity: new TopologyCounts(),
    antiAffinity: new TopologyCounts(),
  };
  const hasRequired = info.requiredAffinity.length + info.requiredAntiAffinity.length > 0;
  for (const node of snapshot.nodes) {
    const labels = node.labels;
    for (const existing of node.podsWithRequiredAntiAffinity) {
      for (const term of existing.requiredAntiAffinity) {
        if (termMatches(term, pod, ownNsLabels)) state.existingAntiAffinity.addForNode(labels, term.topologyKey, 1);
      }
    }
    if (!hasRequired) continue;
    for (const existing of node.pods) {
      const nsLabels = snapshot.namespaceLabels(existing.pod.metadata.namespace ?? '');
      if (matchesAll(info.requiredAffinity, existing.pod, nsLabels)) {
        for (const term of info.requiredAffinity) state.affinity.addForNode(labels, term.topologyKey, 1);
      }
      for (const term of info.requiredAntiAffinity) {
        if (termMatches(term, existing.pod, nsLabels)) state.antiAffinity.addForNode(labels, term.topologyKey, 1);
      }
    }
  }
  return state;
}

function satisfiesAffinity(state: FilterState, labels: Readonly<Record<string, string>>): boolean {
  let podsExist = true;
  for (const term of state.info.requiredAffinity) {
    const value = labels[term.topologyKey];
    // Every topology key must exist on the node.
    if (value === undefined) return false;
    if (state.affinity.get(term.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: nothing matches anywhere yet,
  // so it may go where its topology keys exist, or it would stay pending forever.
  return state.affinity.size === 0 && matchesAll(state.info.requiredAffinity, state.info.pod, state.ownNsLabels);
}

export const filtering: Pick<Plugin, 'preFilter' | 'filter'> = {
  preFilter(state, pod, snapshot) {
    state.write(FILTER_STATE, computeState(pod, snapshot));
    return undefined;
  },
  filter(state, _pod, node) {
    const s = state.read(FILTER_STATE);
    if (!s) return undefined;
    const labels = node.labels;
    if (s.existingAntiAffinity.anyPositiveForNode(labels)) return unschedulable(EXISTING_ANTI_AFFINITY);
    if (s.info.requiredAffinity.length > 0 && !satisfiesAffinity(s, labels)) return unresolvable(AFFINITY);
    for (const term of s.info.requiredAntiAffinity) {
      const value = labels[term.topologyKey];
      if (value !== undefined && s.antiAffinity.get(term.topologyKey, value) > 0) return unschedulable(ANTI_AFFINITY);
    }
    return undefined;
  },
};
