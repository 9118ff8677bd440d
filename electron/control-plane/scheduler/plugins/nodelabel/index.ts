// NodeLabel (upstream's CheckNodeLabelPresence and NodeLabel priority): a profile
// may require labels to be present or absent, and prefer nodes by labels.
// Off unless a profile enables it with arguments.
import { MAX_NODE_SCORE, unresolvable, type Plugin } from '../../framework/types.ts';

export const NAME = 'NodeLabel';
export const REASON = "node(s) didn't have the requested labels";

export interface NodeLabelArgs {
  presentLabels?: string[];
  absentLabels?: string[];
  presentLabelsPreference?: string[];
  absentLabelsPreference?: string[];
}

export function nodeLabel(args: unknown): Plugin {
  const a = (args ?? {}) as NodeLabelArgs;
  const present = a.presentLabels ?? [];
  const absent = a.absentLabels ?? [];
  const preferPresent = a.presentLabelsPreference ?? [];
  const preferAbsent = a.absentLabelsPreference ?? [];
  const has = (labels: Readonly<Record<string, string>>, key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  return {
    name: NAME,
    filter(_state, _pod, node) {
      const labels = node.labels;
      const ok = present.every((k) => has(labels, k)) && absent.every((k) => !has(labels, k));
      return ok ? undefined : unresolvable(REASON);
    },
    score(_state, _pod, node) {
      const size = preferPresent.length + preferAbsent.length;
      if (size === 0) return 0;
      const labels = node.labels;
      const satisfied = preferPresent.filter((k) => has(labels, k)).length + preferAbsent.filter((k) => !has(labels, k)).length;
      return Math.trunc((satisfied * MAX_NODE_SCORE) / size);
    },
  };
}
