// NoExecute taint eviction (upstream's taint manager): a pod on a node with NoExecute
// taints it does not tolerate is deleted at once; one that tolerates them for
// tolerationSeconds is deleted that long after the taint was added.
import { namespacedName } from '../../../../api/meta.ts';
import { StatusError } from '../../../../api/status.ts';
import type { Taint, Toleration } from '../../../../api/types.ts';
import { BY_NODE, R } from '../../../../client/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { splitKey } from '../endpoints/pods.ts';
import type { Node, Pod } from '../namespace/objects.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerContext, RunningController } from '../types.ts';
import { noExecuteTaints, NOT_READY, tolerates, UNREACHABLE } from './taints.ts';

/**
 * Pods stored without the tolerations the DefaultTolerationSeconds admission adds get
 * them here, with the same rule for "already covered".
 */
function withDefaultTolerations(tolerations: Toleration[], seconds: number): Toleration[] {
  const added = [NOT_READY, UNREACHABLE]
    .filter((key) => !tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute')))
    .map((key): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }));
  return [...tolerations, ...added];
}

/** When the pod must go: now (0), at a time (ms since epoch), or never (Infinity). */
export function evictionTime(taints: Taint[], tolerations: Toleration[], now: number): number {
  let at = Infinity;
  for (const taint of taints) {
    // Upstream judges each taint by the first toleration that matches it.
    const toleration = tolerations.find((t) => tolerates(t, taint));
    if (!toleration) return 0;
    if (toleration.tolerationSeconds === undefined) continue;
    const since = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    at = Math.min(at, since + Math.max(0, toleration.tolerationSeconds) * 1000);
  }
  return at;
}

export function startTaintEviction(ctx: ControllerContext): RunningController {
  const pods = ctx.informers.informer<Pod>(R.pods);
  const nodes = ctx.informers.informer<Node>(R.nodes);
  const queue = createWorkQueue();
  const recorder = ctx.recorder('taint-eviction-controller');

  const enqueuePod = (pod: Pod) => {
    if (pod.spec?.nodeName) queue.add(namespacedName(pod));
  };
  const enqueueNode = (old: Node | undefined, node: Node) => {
    if (old && JSON.stringify(noExecuteTaints(old)) === JSON.stringify(noExecuteTaints(node))) return;
    for (const pod of pods.byIndex(BY_NODE, node.metadata.name!)) enqueuePod(pod);
  };
  pods.addHandlers({ add: enqueuePod, update: (_old, pod) => enqueuePod(pod) });
  nodes.addHandlers({ add: (node) => enqueueNode(undefined, node), update: enqueueNode });

  async function sync(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const pod = pods.get(namespace, name);
    if (!pod || pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return;
    const taints = noExecuteTaints(nodes.get(undefined, pod.spec.nodeName));
    if (taints.length === 0) return;
    const now = Date.now();
    const at = evictionTime(taints, withDefaultTolerations(pod.spec.tolerations ?? [], ctx.options.defaultTolerationSeconds), now);
    if (at === Infinity) return;
    if (at > now) {
      queue.addAfter(key, at - now);
      return;
    }
    recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    try {
      await ctx.client.delete(R.pods, namespace, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  return runQueueWorker({ name: 'taint-eviction-controller', queue, informers: [pods, nodes], sync, log: ctx.log, workers: 4 });
}
