// A snapshot with one node replaced: preemption asks "would the pod fit if these
// pods were gone?" without touching the cache.
import type { NodeInfo } from './node-info.ts';
import type { Snapshot } from './types.ts';

export function withNode(base: Snapshot, replacement: NodeInfo): Snapshot {
  const nodes = base.nodes.map((n) => (n.name === replacement.name ? replacement : n));
  return {
    nodes,
    get: (name) => (name === replacement.name ? replacement : base.get(name)),
    namespaceLabels: (ns) => base.namespaceLabels(ns),
    nodesWithImage: (image) => base.nodesWithImage(image),
  };
}
