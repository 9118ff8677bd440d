// The FailedScheduling message, as upstream's FitError.Error():
// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node
// affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
import type { Status } from './types.ts';

export interface Diagnosis {
  /** Why each rejected node was rejected. */
  statuses: ReadonlyMap<string, Status>;
  /** A PreFilter rejection applies to every node and replaces the per-node histogram. */
  preFilterMsg?: string;
  /** What PostFilter (preemption) said; appended as is. */
  postFilterMsg?: string;
}

/** "count reason" for each distinct reason, sorted as strings (so "10 …" sorts before "2 …", as upstream). */
export function reasonHistogram(statuses: ReadonlyMap<string, Status>): string[] {
  const counts = new Map<string, number>();
  for (const status of statuses.values()) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort();
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(d.statuses);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
