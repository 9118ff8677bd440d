// Pod (anti-)affinity terms compiled once per pod: the namespaces a term looks in
// and its label selector, as upstream's framework.AffinityTerm.
import { labelSelectorFromObject, type LabelSelectorMatcher, type Labels } from '../../../../api/labels.ts';
import type { PodAffinityTerm, WeightedPodAffinityTerm } from '../../../../api/types.ts';
import type { Pod } from './types.ts';

export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** Null selector: selects no namespace beyond `namespaces`. */
  readonly namespaceSelector: LabelSelectorMatcher;
  readonly selector: LabelSelectorMatcher;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** Whether the term selects `pod` (living in a namespace labelled `nsLabels`). */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels | undefined): boolean {
  const inNamespace = term.namespaces.has(pod.metadata.namespace ?? '') || term.namespaceSelector.matches(nsLabels);
  return inNamespace && term.selector.matches(pod.metadata.labels);
}

function compile(owner: Pod, term: PodAffinityTerm): AffinityTerm {
  // Neither namespaces nor a namespaceSelector: the term looks in the owner's own namespace.
  const namespaces = !term.namespaces?.length && !term.namespaceSelector ? [owner.metadata.namespace ?? ''] : (term.namespaces ?? []);
  return {
    namespaces: new Set(namespaces),
    namespaceSelector: labelSelectorFromObject(term.namespaceSelector),
    selector: labelSelectorFromObject(term.labelSelector),
    topologyKey: term.topologyKey,
  };
}

export function compileTerms(owner: Pod, terms: readonly PodAffinityTerm[] | undefined): AffinityTerm[] {
  return (terms ?? []).map((t) => compile(owner, t));
}

export function compileWeightedTerms(owner: Pod, terms: readonly WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] {
  return (terms ?? []).map((t) => ({ ...compile(owner, t.podAffinityTerm), weight: t.weight }));
}
