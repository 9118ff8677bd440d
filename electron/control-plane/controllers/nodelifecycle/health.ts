// When each node last showed it was alive, by this controller's own clock: a node's
// Lease renewTime or Ready heartbeat counts only as "it changed", so clock skew
// between machines does not matter, and after a restart every node gets a full grace
// period again (as upstream's nodeHealthMap).
import { getCondition } from '../../../../api/meta.ts';
import type { NodeCondition } from '../../../../api/types.ts';
import type { Lease, Node } from '../namespace/objects.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The conditions the kubelet owns and the controller sets to Unknown when it goes silent. */
export const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface Observed {
  renewTime: string | undefined;
  heartbeat: string | undefined;
  probeTime: number;
}

export class NodeHealth {
  private readonly observed = new Map<string, Observed>();

  /** Notes the node's current signs of life; returns when it last changed. */
  observe(node: Node, lease: Lease | undefined, now: number): number {
    const name = node.metadata.name!;
    const renewTime = lease?.spec?.renewTime;
    const heartbeat = getCondition(node.status?.conditions, 'Ready')?.lastHeartbeatTime;
    const prior = this.observed.get(name);
    const changed = !prior || prior.renewTime !== renewTime || prior.heartbeat !== heartbeat;
    const probeTime = changed ? now : prior.probeTime;
    this.observed.set(name, { renewTime, heartbeat, probeTime });
    return probeTime;
  }

  /** Drops nodes that no longer exist. */
  retain(names: Set<string>): void {
    for (const name of this.observed.keys()) if (!names.has(name)) this.observed.delete(name);
  }
}

/**
 * The node's conditions with every kubelet condition Unknown, or undefined when Ready
 * already is (upstream's tryUpdateNodeHealth for a node past its grace period).
 */
export function unknownConditions(node: Node, now: string): NodeCondition[] | undefined {
  const conditions = node.status?.conditions ?? [];
  if (getCondition(conditions, 'Ready')?.status === 'Unknown') return undefined;
  const next = conditions.filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  for (const type of KUBELET_CONDITIONS) {
    const old = getCondition(conditions, type);
    next.push(old
      ? { ...old, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: old.status === 'Unknown' ? old.lastTransitionTime : now }
      : { type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata.creationTimestamp, lastTransitionTime: now });
  }
  return next;
}
