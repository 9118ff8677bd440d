// NodeResourcesFit: the pod's requests must fit in what the node has left
// (allocatable minus the requests of the pods already there); as a score,
// LeastAllocated prefers emptier nodes and MostAllocated fuller ones.
import { podInfoOf } from '../../framework/node-info.ts';
import { isZero, type Resource } from '../../framework/resources.ts';
import { MAX_NODE_SCORE, unschedulable, type Plugin } from '../../framework/types.ts';
import { allocationWithPod, DEFAULT_RESOURCES, type Allocation, type ResourceSpec } from './allocation.ts';

export const NAME = 'NodeResourcesFit';
export const TOO_MANY_PODS = 'Too many pods';

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

export interface FitArgs {
  scoringStrategy?: { type?: ScoringStrategy; resources?: ResourceSpec[] };
}

/** Names of the resources the pod asks for more of than the node has left. */
export function insufficientResources(request: Resource, allocatable: Resource, requested: Resource): string[] {
  const short: string[] = [];
  if (request.milliCPU > 0 && request.milliCPU > allocatable.milliCPU - requested.milliCPU) short.push('cpu');
  if (request.memory > 0 && request.memory > allocatable.memory - requested.memory) short.push('memory');
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > allocatable.ephemeralStorage - requested.ephemeralStorage) {
    short.push('ephemeral-storage');
  }
  for (const [name, v] of request.scalar) {
    if (v > 0 && v > (allocatable.scalar.get(name) ?? 0) - (requested.scalar.get(name) ?? 0)) short.push(name);
  }
  return short;
}

const scorers: Record<ScoringStrategy, (a: Allocation) => number> = {
  LeastAllocated: ({ requested, allocatable }) =>
    requested > allocatable ? 0 : Math.trunc(((allocatable - requested) * MAX_NODE_SCORE) / allocatable),
  MostAllocated: ({ requested, allocatable }) => Math.trunc((Math.min(requested, allocatable) * MAX_NODE_SCORE) / allocatable),
};

export function nodeResourcesFit(args: unknown): Plugin {
  const strategy = (args as FitArgs | undefined)?.scoringStrategy;
  const scorer = scorers[strategy?.type ?? 'LeastAllocated'];
  const resources = strategy?.resources ?? DEFAULT_RESOURCES;
  return {
    name: NAME,
    filter(_state, pod, node) {
      const reasons: string[] = [];
      if (node.pods.length + 1 > node.allowedPodNumber) reasons.push(TOO_MANY_PODS);
      const request = podInfoOf(pod).requests;
      if (!isZero(request)) {
        for (const name of insufficientResources(request, node.allocatable, node.requested)) reasons.push(`Insufficient ${name}`);
      }
      return reasons.length > 0 ? unschedulable(...reasons) : undefined;
    },
    score(_state, pod, node) {
      // Scoring counts pods without requests as using the defaults, so that
      // BestEffort pods do not all pile onto one node.
      const allocation = allocationWithPod(node, node.nonZeroRequested, podInfoOf(pod).nonZeroRequests, resources);
      let total = 0;
      let weights = 0;
      for (const a of allocation) {
        total += scorer(a) * a.spec.weight;
        weights += a.spec.weight;
      }
      return weights === 0 ? 0 : Math.trunc(total / weights);
    },
  };
}
