// Node selection as a pod asks for it: spec.nodeSelector and required node affinity
// (upstream's component-helpers nodeaffinity.RequiredNodeAffinity).
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from '../../../../api/types.ts';
import type { Node, Pod } from '../framework/types.ts';

type Labels = Readonly<Record<string, string>>;

// strconv.ParseInt: Gt/Lt compare integers; anything else never matches.
function asInt(s: string | undefined): number | undefined {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function requirementMatches(r: NodeSelectorRequirement, values: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const v = values[r.key];
  switch (r.operator) {
    case 'In': return has && (r.values ?? []).includes(v!);
    case 'NotIn': return !has || !(r.values ?? []).includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      const have = asInt(v);
      const want = r.values?.length === 1 ? asInt(r.values[0]) : undefined;
      if (have === undefined || want === undefined) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default: return false;
  }
}

/** A term is an AND of its requirements; an empty term matches nothing. */
export function termMatchesNode(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  // metadata.name is the only field a node selector may name.
  const nodeFields = { 'metadata.name': node.metadata.name ?? '' };
  return expressions.every((r) => requirementMatches(r, labels)) && fields.every((r) => requirementMatches(r, nodeFields));
}

/** Terms are ORed. */
export function nodeSelectorMatches(selector: NodeSelector, node: Node): boolean {
  return selector.nodeSelectorTerms.some((t) => termMatchesNode(t, node));
}

/** Whether the node satisfies the pod's nodeSelector and required node affinity. */
export function podMatchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || nodeSelectorMatches(required, node);
}
