// Zone health and the rate at which a zone's nodes may be tainted for eviction
// (upstream's ComputeZoneState, setLimiterInZone and RateLimitedTimedQueue): a zone
// that lost most of its nodes is more likely cut off from us than broken, so
// evicting there slows down, and stops when every zone looks down.
import { getCondition } from '../../../../api/meta.ts';
import type { Node } from '../namespace/objects.ts';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** Upstream's defaults: node-eviction-rate, secondary-node-eviction-rate, unhealthy-zone-threshold, large-cluster-size-threshold. */
export const EVICTION_QPS = 0.1;
export const SECONDARY_EVICTION_QPS = 0.01;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
export const LARGE_CLUSTER_THRESHOLD = 50;

export const zoneOf = (node: Node) => node.metadata.labels?.[ZONE_LABEL] ?? '';

export function zoneState(nodes: Node[]): ZoneState {
  const notReady = nodes.filter((n) => getCondition(n.status?.conditions, 'Ready')?.status !== 'True').length;
  const ready = nodes.length - notReady;
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / nodes.length >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** Evictions per second in a zone of this state and size. */
export function evictionQps(state: ZoneState, zoneSize: number): number {
  if (state === 'PartialDisruption') return zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0;
  return EVICTION_QPS;
}

/** A token bucket of burst 1 (upstream's flowcontrol limiter for node evictions); a rate of 0 never accepts. */
export class EvictionLimiter {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    now: number,
  ) {
    this.tokens = qps > 0 ? 1 : 0;
    this.last = now;
  }

  tryAccept(now: number): boolean {
    this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
