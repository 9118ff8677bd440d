// DefaultPreemption (PostFilter): when a pod fits nowhere, find the node where
// deleting lower-priority pods makes it fit at the least cost, and nominate it.
// The plugin only decides; the scheduler deletes the victims.
import { fitErrorMessage } from '../../framework/fit-error.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import type { FrameworkHandle, Plugin, Pod, Snapshot, Status } from '../../framework/types.ts';
import { selectVictimsOnNode } from './victims.ts';

export const NAME = 'DefaultPreemption';
export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';

// Upstream's defaults: dry-run at least 10% of the candidates, and at least 100.
const MIN_CANDIDATE_PERCENTAGE = 10;
const MIN_CANDIDATES = 100;

interface Candidate {
  node: string;
  victims: PodInfo[];
}

/** Upstream's eligibility checks, with their messages. */
function ineligibility(handle: FrameworkHandle, pod: Pod, snapshot: Snapshot): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    // Victims chosen earlier are still going away: wait for them rather than pick more.
    const priority = handle.priorityOf(pod);
    const terminating = snapshot.get(nominated)?.pods.some((p) => p.pod.metadata.deletionTimestamp && handle.priorityOf(p.pod) < priority);
    if (terminating) return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/**
 * Cheapest first, as upstream's pickOneNodeForPreemption: the lowest highest-priority
 * victim, then the lowest sum of priorities, then the fewest victims.
 */
function cost(handle: FrameworkHandle, c: Candidate): number[] {
  const priorities = c.victims.map((v) => handle.priorityOf(v.pod));
  // Offset by 2^31 so that negative priorities still add up to a larger cost with more victims.
  const sum = priorities.reduce((s, p) => s + p + 2 ** 31, 0);
  return [Math.max(-Infinity, ...priorities), sum, c.victims.length];
}

function cheaper(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function numCandidates(potential: number): number {
  return Math.min(potential, Math.max(Math.trunc((potential * MIN_CANDIDATE_PERCENTAGE) / 100), MIN_CANDIDATES));
}

export function defaultPreemption(_args: unknown, handle: FrameworkHandle): Plugin {
  return {
    name: NAME,
    postFilter(_state, pod, snapshot, statuses) {
      const notEligible = ineligibility(handle, pod, snapshot);
      if (notEligible) return { message: `preemption: ${notEligible}` };
      const results = new Map<string, Status>();
      const potential: NodeInfo[] = [];
      for (const node of snapshot.nodes) {
        const status = statuses.get(node.name);
        // Removing pods cannot fix what no pod caused.
        if (status?.code === 'UnschedulableAndUnresolvable') results.set(node.name, { code: status.code, reasons: [NOT_HELPFUL], plugin: NAME });
        else potential.push(node);
      }
      const candidates: Candidate[] = [];
      const wanted = numCandidates(potential.length);
      for (const node of potential) {
        if (candidates.length >= wanted) break;
        const selection = selectVictimsOnNode(handle, pod, node, snapshot);
        if ('victims' in selection) candidates.push({ node: node.name, victims: selection.victims });
        else results.set(node.name, selection.status);
      }
      if (candidates.length === 0) {
        // An earlier nomination no longer holds: clear it.
        return { nominatedNodeName: '', message: `preemption: ${fitErrorMessage(snapshot.nodes.length, { statuses: results })}` };
      }
      let best = candidates[0]!;
      let bestCost = cost(handle, best);
      for (const c of candidates.slice(1)) {
        const cCost = cost(handle, c);
        if (cheaper(cCost, bestCost)) [best, bestCost] = [c, cCost];
      }
      return { nominatedNodeName: best.node, victims: best.victims };
    },
  };
}
