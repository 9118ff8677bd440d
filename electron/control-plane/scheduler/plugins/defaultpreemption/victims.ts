// Which pods must go for the preemptor to fit on one node (upstream's
// SelectVictimsOnNode): remove every lower-priority pod; if the pod then fits,
// add them back most important first, keeping each that still lets it fit.
import { CycleState } from '../../framework/cycle-state.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import { withNode } from '../../framework/overlay.ts';
import type { FrameworkHandle, Pod, Snapshot, Status } from '../../framework/types.ts';

export const NO_VICTIMS = 'No preemption victims found for incoming pod';

function startTime(p: PodInfo): string {
  return p.pod.status?.startTime ?? p.pod.metadata.creationTimestamp ?? '';
}

/** Higher priority first; among equals, the pod that has run longer. */
export function moreImportant(handle: FrameworkHandle, a: PodInfo, b: PodInfo): number {
  const byPriority = handle.priorityOf(b.pod) - handle.priorityOf(a.pod);
  if (byPriority !== 0) return byPriority;
  const ta = startTime(a);
  const tb = startTime(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function fits(handle: FrameworkHandle, pod: Pod, node: NodeInfo, snapshot: Snapshot): Status | undefined {
  const state = new CycleState();
  const view = withNode(snapshot, node);
  return handle.runPreFilter(state, pod, view) ?? handle.runFilter(state, pod, node);
}

export type VictimSelection = { victims: PodInfo[] } | { status: Status };

export function selectVictimsOnNode(handle: FrameworkHandle, pod: Pod, node: NodeInfo, snapshot: Snapshot): VictimSelection {
  const priority = handle.priorityOf(pod);
  const trial = node.clone();
  const potential = node.pods.filter((p) => handle.priorityOf(p.pod) < priority);
  if (potential.length === 0) {
    return { status: { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS], plugin: 'DefaultPreemption' } };
  }
  for (const p of potential) trial.removePod(p.uid);
  const status = fits(handle, pod, trial, snapshot);
  if (status) return { status };
  const victims: PodInfo[] = [];
  for (const p of [...potential].sort((a, b) => moreImportant(handle, a, b))) {
    trial.addPod(p);
    if (fits(handle, pod, trial, snapshot)) {
      trial.removePod(p.uid);
      victims.push(p);
    }
  }
  return { victims };
}
