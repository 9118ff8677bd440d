// One scheduling decision over a snapshot (upstream's schedule_one.go schedulePod):
// PreFilter, Filter on enough nodes, Score, pick the best. Pure: no API calls.
import { CycleState } from './framework/cycle-state.ts';
import type { Diagnosis } from './framework/fit-error.ts';
import type { NodeInfo } from './framework/node-info.ts';
import type { Framework } from './framework/runtime.ts';
import type { Pod, Snapshot, Status } from './framework/types.ts';

/** Upstream's floor on feasible nodes to find, and on the adaptive percentage. */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** Where the next cycle starts its walk over the nodes, so every node gets its turn. */
export interface Cursor {
  nextStartNodeIndex: number;
}

export type ScheduleResult =
  | { kind: 'scheduled'; node: string; evaluatedNodes: number; feasibleNodes: number }
  | { kind: 'unschedulable'; state: CycleState; diagnosis: Diagnosis; message?: string };

/**
 * How many feasible nodes are enough to stop filtering: all of a small cluster;
 * otherwise `percentage`, or when 0 an adaptive 50% − nodes/125 (at least 5%), and at least 100.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let p = percentage;
  if (p <= 0) p = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE);
  return Math.max(Math.trunc((numAllNodes * p) / 100), MIN_FEASIBLE_NODES_TO_FIND);
}

function findFeasible(fwk: Framework, state: CycleState, pod: Pod, snapshot: Snapshot, cursor: Cursor, statuses: Map<string, Status>): NodeInfo[] {
  const nodes = snapshot.nodes;
  const toFind = numFeasibleNodesToFind(fwk.profile.percentageOfNodesToScore, nodes.length);
  const start = cursor.nextStartNodeIndex % nodes.length;
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
    const node = nodes[(start + i) % nodes.length]!;
    const status = fwk.runFilter(state, pod, node);
    if (status) statuses.set(node.name, status);
    else feasible.push(node);
  }
  cursor.nextStartNodeIndex = (start + feasible.length + statuses.size) % nodes.length;
  return feasible;
}

/** The highest total; ties broken uniformly at random (reservoir sampling, as upstream's selectHost). */
export function selectHost(nodes: readonly NodeInfo[], totals: readonly number[], random: () => number): string {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < nodes.length; i++) {
    if (totals[i]! > totals[best]!) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (random() * ties < 1) best = i;
    }
  }
  return nodes[best]!.name;
}

export function schedulePod(fwk: Framework, snapshot: Snapshot, pod: Pod, cursor: Cursor, random: () => number = Math.random): ScheduleResult {
  const state = new CycleState();
  const statuses = new Map<string, Status>();
  if (snapshot.nodes.length === 0) return { kind: 'unschedulable', state, diagnosis: { statuses }, message: NO_NODES_AVAILABLE };
  const rejected = fwk.runPreFilter(state, pod, snapshot);
  if (rejected) {
    for (const node of snapshot.nodes) statuses.set(node.name, rejected);
    return { kind: 'unschedulable', state, diagnosis: { statuses, preFilterMsg: rejected.reasons.join(', ') } };
  }
  // A pod that preempted waits for its nominated node: try it first.
  const nominated = pod.status?.nominatedNodeName ? snapshot.get(pod.status.nominatedNodeName) : undefined;
  if (nominated?.node && !fwk.runFilter(state, pod, nominated)) {
    return { kind: 'scheduled', node: nominated.name, evaluatedNodes: 1, feasibleNodes: 1 };
  }
  const feasible = findFeasible(fwk, state, pod, snapshot, cursor, statuses);
  if (feasible.length === 0) return { kind: 'unschedulable', state, diagnosis: { statuses } };
  const evaluatedNodes = feasible.length + statuses.size;
  if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
  const totals = fwk.runScore(state, pod, feasible, snapshot);
  return { kind: 'scheduled', node: selectHost(feasible, totals, random), evaluatedNodes, feasibleNodes: feasible.length };
}
