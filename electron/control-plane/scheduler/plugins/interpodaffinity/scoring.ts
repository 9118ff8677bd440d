// InterPodAffinity's score: domains gain the weights of preferred affinity terms
// (the incoming pod's towards pods there, and theirs towards it) and lose those of
// preferred anti-affinity; existing pods' required affinity to the pod counts too.
import type { Labels } from '../../../../../api/labels.ts';
import { termMatches, type WeightedAffinityTerm } from '../../framework/affinity-term.ts';
import { stateKey } from '../../framework/cycle-state.ts';
import { minMaxNormalizeScore } from '../../framework/normalize.ts';
import { podInfoOf, type PodInfo } from '../../framework/node-info.ts';
import type { Plugin, Pod } from '../../framework/types.ts';
import { TopologyCounts } from '../../util/topology-counts.ts';

/** Upstream's default hardPodAffinityWeight. */
const HARD_POD_AFFINITY_WEIGHT = 1;

const SCORE_STATE = stateKey<TopologyCounts>('PreScoreInterPodAffinity');

function addWeighted(
  scores: TopologyCounts, terms: readonly WeightedAffinityTerm[], target: Pod, nsLabels: Labels | undefined, nodeLabels: Labels, sign: number,
): void {
  for (const term of terms) {
    if (termMatches(term, target, nsLabels)) scores.addForNode(nodeLabels, term.topologyKey, sign * term.weight);
  }
}

function scoreExisting(scores: TopologyCounts, incoming: PodInfo, existing: PodInfo, nodeLabels: Labels, nsOf: (pod: Pod) => Labels | undefined): void {
  const existingNs = nsOf(existing.pod);
  const incomingNs = nsOf(incoming.pod);
  addWeighted(scores, incoming.preferredAffinity, existing.pod, existingNs, nodeLabels, 1);
  addWeighted(scores, incoming.preferredAntiAffinity, existing.pod, existingNs, nodeLabels, -1);
  for (const term of existing.requiredAffinity) {
    if (termMatches(term, incoming.pod, incomingNs)) scores.addForNode(nodeLabels, term.topologyKey, HARD_POD_AFFINITY_WEIGHT);
  }
  addWeighted(scores, existing.preferredAffinity, incoming.pod, incomingNs, nodeLabels, 1);
  addWeighted(scores, existing.preferredAntiAffinity, incoming.pod, incomingNs, nodeLabels, -1);
}

export const scoring: Pick<Plugin, 'preScore' | 'score' | 'normalizeScore'> = {
  preScore(state, pod, _feasible, snapshot) {
    const incoming = podInfoOf(pod);
    const hasPreferred = incoming.preferredAffinity.length + incoming.preferredAntiAffinity.length > 0;
    const nsOf = (p: Pod) => snapshot.namespaceLabels(p.metadata.namespace ?? '');
    const scores = new TopologyCounts();
    for (const node of snapshot.nodes) {
      // Without preferences of its own, only pods with affinity terms can score the pod.
      for (const existing of hasPreferred ? node.pods : node.podsWithAffinity) {
        scoreExisting(scores, incoming, existing, node.labels, nsOf);
      }
    }
    state.write(SCORE_STATE, scores);
  },
  score(state, _pod, node) {
    return state.read(SCORE_STATE)?.sumForNode(node.labels) ?? 0;
  },
  normalizeScore(_state, _pod, scores) {
    minMaxNormalizeScore(scores);
  },
};
