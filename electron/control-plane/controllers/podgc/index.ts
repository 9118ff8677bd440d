// Pod garbage collector (upstream's pkg/controller/podgc): on each pass it force-deletes
// pods bound to nodes that no longer exist, pods stuck terminating past their grace
// period on nodes that are not Ready, terminating pods that were never scheduled, and
// the oldest finished pods beyond a threshold.
import { getCondition } from '../../../../api/meta.ts';
import { StatusError } from '../../../../api/status.ts';
import { R } from '../../../../client/types.ts';
import type { Client } from '../../../../client/types.ts';
import type { Node, Pod } from '../namespace/objects.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerStarter } from '../types.ts';

/** Finished pods kept before the oldest are deleted (upstream's terminated-pod-gc-threshold). */
export const TERMINATED_POD_THRESHOLD = 12_500;

const isTerminated = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
/** Not Ready: Ready False or Unknown; a node missing from the cache counts as Ready, so its pods are left alone. */
const isNotReady = (node: Node | undefined) => node !== undefined && getCondition(node.status?.conditions, 'Ready')?.status !== 'True';

/** A starter keeping at most `terminatedPodThreshold` finished pods. */
export function podGCController(terminatedPodThreshold: number): ControllerStarter {
  return (ctx) => {
    const pods = ctx.informers.informer<Pod>(R.pods);
    const nodes = ctx.informers.informer<Node>(R.nodes);

    async function nodeExists(name: string): Promise<boolean> {
      if (nodes.get(undefined, name)) return true;
      // The cache may not have seen a node that was just created: only the server can say it is gone.
      try {
        await ctx.client.get(R.nodes, undefined, name);
        return true;
      } catch (err) {
        if (err instanceof StatusError && err.code === 404) return false;
        throw err;
      }
    }

    async function collect(): Promise<void> {
      const now = Date.now();
      const doomed: Pod[] = [];
      const finished: Pod[] = [];
      const known = new Map<string, Promise<boolean>>();
      const exists = (name: string) => known.get(name) ?? known.set(name, nodeExists(name)).get(name)!;
      for (const pod of pods.list()) {
        const nodeName = pod.spec?.nodeName;
        const deletion = pod.metadata.deletionTimestamp;
        if (deletion && !nodeName) doomed.push(pod);
        else if (nodeName && !(await exists(nodeName))) doomed.push(pod);
        else if (deletion && nodeName && Date.parse(deletion) < now && isNotReady(nodes.get(undefined, nodeName))) doomed.push(pod);
        else if (isTerminated(pod) && !deletion) finished.push(pod);
      }
      const excess = finished.length - terminatedPodThreshold;
      if (excess > 0) {
        finished.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
        doomed.push(...finished.slice(0, excess));
      }
      const results = await Promise.allSettled(doomed.map((pod) => forceDelete(ctx.client, pod)));
      for (const r of results) if (r.status === 'rejected') ctx.log(`pod-garbage-collector: ${(r.reason as Error).message}`);
    }

    return runQueueWorker({
      name: 'pod-garbage-collector',
      informers: [pods, nodes],
      log: ctx.log,
      periodic: { periodMs: ctx.options.resyncPeriodMs, run: collect },
    });
  };
}

async function forceDelete(client: Client, pod: Pod): Promise<void> {
  try {
    await client.delete(R.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
  } catch (err) {
    // Gone already, or a new pod of the same name that the next pass judges afresh.
    if (err instanceof StatusError && (err.code === 404 || err.code === 409)) return;
    throw err;
  }
}

export const startPodGCController: ControllerStarter = podGCController(TERMINATED_POD_THRESHOLD);
