// NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be
// used in similar proportions, scoring (1 - standard deviation of the fractions).
import { podInfoOf } from '../../framework/node-info.ts';
import { MAX_NODE_SCORE, type Plugin } from '../../framework/types.ts';
import { allocationWithPod, DEFAULT_RESOURCES, type ResourceSpec } from './allocation.ts';

export const NAME = 'NodeResourcesBalancedAllocation';

export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

export function balancedAllocation(args: unknown): Plugin {
  const resources = (args as BalancedAllocationArgs | undefined)?.resources ?? DEFAULT_RESOURCES;
  return {
    name: NAME,
    score(_state, pod, node) {
      const fractions = allocationWithPod(node, node.requested, podInfoOf(pod).requests, resources)
        .map((a) => Math.min(a.requested / a.allocatable, 1));
      if (fractions.length === 0) return 0;
      const mean = fractions.reduce((s, f) => s + f, 0) / fractions.length;
      const std = Math.sqrt(fractions.reduce((s, f) => s + (f - mean) ** 2, 0) / fractions.length);
      return Math.trunc((1 - std) * MAX_NODE_SCORE);
    },
  };
}
