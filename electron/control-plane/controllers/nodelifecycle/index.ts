// Node lifecycle controller (upstream's pkg/controller/nodelifecycle): every period it
// marks nodes whose Lease and status went silent for the grace period Unknown, taints
// nodes by their conditions (NoExecute taints at a rate each zone's health allows),
// untaints nodes that came back, and marks the pods of unready nodes not Ready.
// Pods are evicted from NoExecute-tainted nodes by the taint eviction queue.
import { formatTime, getCondition } from '../../../../api/meta.ts';
import { StatusError } from '../../../../api/status.ts';
import { BY_NODE, R } from '../../../../client/types.ts';
import type { Lease, Node, Pod } from '../namespace/objects.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerStarter } from '../types.ts';
import { NODE_LEASE_NAMESPACE, NodeHealth, unknownConditions } from './health.ts';
import { startTaintEviction } from './taint-eviction.ts';
import { noExecuteKey, noScheduleTaints, NOT_READY, UNREACHABLE, withControllerTaints } from './taints.ts';
import { EvictionLimiter, evictionQps, zoneOf, zoneState, type ZoneState } from './zones.ts';

const isConflict = (err: unknown) => err instanceof StatusError && (err.code === 409 || err.code === 404);
const readyStatus = (node: Node) => getCondition(node.status?.conditions, 'Ready')?.status;

export const startNodeLifecycleController: ControllerStarter = (ctx) => {
  const nodes = ctx.informers.informer<Node>(R.nodes);
  const leases = ctx.informers.informer<Lease>(R.leases);
  const pods = ctx.informers.informer<Pod>(R.pods);
  const recorder = ctx.recorder('node-controller');
  const health = new NodeHealth();
  const limiters = new Map<string, EvictionLimiter>();
  const { nodeMonitorGracePeriodMs, resyncPeriodMs } = ctx.options;

  /** Ready becomes Unknown once nothing was heard from the node for the grace period. */
  async function monitorHealth(node: Node, now: number): Promise<Node> {
    const probeTime = health.observe(node, leases.get(NODE_LEASE_NAMESPACE, node.metadata.name!), now);
    if (now - probeTime <= nodeMonitorGracePeriodMs) return node;
    const conditions = unknownConditions(node, formatTime(new Date(now)));
    if (!conditions) return node;
    const updated = await ctx.client.updateStatus<Node>(R.nodes, undefined, { ...node, status: { ...node.status, conditions } });
    recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    ctx.log(`node-controller: node ${node.metadata.name} stopped posting status, marked Unknown`);
    return updated;
  }

  /** The zone's eviction limiter, replaced when the zone's state changes its rate. */
  function limiterOf(zone: string, state: ZoneState, size: number, now: number): EvictionLimiter {
    const qps = evictionQps(state, size);
    let limiter = limiters.get(zone);
    if (!limiter || limiter.qps !== qps) limiters.set(zone, (limiter = new EvictionLimiter(qps, now)));
    return limiter;
  }

  async function reconcileTaints(node: Node, limiter: EvictionLimiter, allDisrupted: boolean, now: number): Promise<void> {
    const has = (key: string) => node.spec?.taints?.some((t) => t.key === key && t.effect === 'NoExecute') ?? false;
    let noExecute = noExecuteKey(node);
    // With every zone down the fault is more likely ours: take NoExecute taints off rather than evict everything.
    if (allDisrupted) noExecute = undefined;
    // A new NoExecute taint waits for its zone's rate; swapping not-ready for unreachable does not.
    else if (noExecute && !has(NOT_READY) && !has(UNREACHABLE) && !limiter.tryAccept(now)) noExecute = undefined;
    const taints = withControllerTaints(node, noScheduleTaints(node), noExecute, formatTime(new Date(now)));
    if (JSON.stringify(taints) === JSON.stringify(node.spec?.taints ?? [])) return;
    await ctx.client.update<Node>(R.nodes, undefined, { ...node, spec: { ...node.spec, taints } });
  }

  /** Pods of a node that is not Ready are not Ready either (upstream's MarkPodsNotReady). */
  async function markPodsNotReady(node: Node, now: number): Promise<void> {
    for (const pod of pods.byIndex(BY_NODE, node.metadata.name!)) {
      const conditions = pod.status?.conditions ?? [];
      if (getCondition(conditions, 'Ready')?.status !== 'True') continue;
      const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: formatTime(new Date(now)) } : c));
      try {
        await ctx.client.updateStatus<Pod>(R.pods, pod.metadata.namespace, { ...pod, status: { ...pod.status, conditions: next } });
        recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  }

  async function monitor(): Promise<void> {
    const now = Date.now();
    const current: Node[] = [];
    for (const node of nodes.list()) {
      try {
        current.push(await monitorHealth(node, now));
      } catch (err) {
        // A node changed since the cache saw it: the next pass looks again.
        if (!isConflict(err)) throw err;
      }
    }
    health.retain(new Set(current.map((n) => n.metadata.name!)));
    const zones = new Map<string, Node[]>();
    for (const node of current) zones.set(zoneOf(node), [...(zones.get(zoneOf(node)) ?? []), node]);
    const states = new Map([...zones].map(([zone, members]) => [zone, zoneState(members)]));
    const allDisrupted = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
    for (const [zone, members] of zones) {
      const limiter = limiterOf(zone, states.get(zone)!, members.length, now);
      for (const node of members) {
        try {
          await reconcileTaints(node, limiter, allDisrupted, now);
          if (readyStatus(node) !== 'True') await markPodsNotReady(node, now);
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
    }
  }

  const eviction = startTaintEviction(ctx);
  const monitorLoop = runQueueWorker({
    name: 'node-controller',
    informers: [nodes, leases, pods],
    log: ctx.log,
    periodic: { periodMs: resyncPeriodMs, run: monitor },
  });
  return {
    async stop() {
      await Promise.all([monitorLoop.stop(), eviction.stop()]);
    },
  };
};
