// How much of one resource a node would have allocated with the pod added: the
// input of both resource scorers (upstream's noderesources resourceAllocationScorer).
import type { NodeInfo } from '../../framework/node-info.ts';
import type { Resource } from '../../framework/resources.ts';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export function amountOf(r: Resource, name: string): number {
  switch (name) {
    case 'cpu': return r.milliCPU;
    case 'memory': return r.memory;
    case 'ephemeral-storage': return r.ephemeralStorage;
    default: return r.scalar.get(name) ?? 0;
  }
}

export interface Allocation {
  spec: ResourceSpec;
  requested: number;
  allocatable: number;
}

/** Per resource the node has: what is requested once the pod is there, and what is allocatable. */
export function allocationWithPod(node: NodeInfo, nodeRequested: Resource, podRequest: Resource, resources: readonly ResourceSpec[]): Allocation[] {
  const out: Allocation[] = [];
  for (const spec of resources) {
    const allocatable = amountOf(node.allocatable, spec.name);
    // A resource the node does not offer says nothing about this node.
    if (allocatable === 0) continue;
    out.push({ spec, allocatable, requested: amountOf(nodeRequested, spec.name) + amountOf(podRequest, spec.name) });
  }
  return out;
}
