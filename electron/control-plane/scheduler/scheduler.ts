// The scheduler: informers feed the cache and the queue; one loop pops a pod,
// decides synchronously over the cache, assumes the pod onto its node and binds it
// in the background, so the next decision never waits for the API.
import type { StatusError } from '../../../api/status.ts';
import type { KubeObject, Namespace, PriorityClass } from '../../../api/types.ts';
import { waitForCacheSync } from '../../../client/cache-sync.ts';
import { R } from '../../../client/types.ts';
import type { ControllerContext, RunningController } from '../controllers/types.ts';
import { schedulePod, type Cursor } from './algorithm.ts';
import { SchedulerCache } from './cache/cache.ts';
import { fitErrorMessage } from './framework/fit-error.ts';
import { Framework, type Profile } from './framework/runtime.ts';
import type { Pod, Node, PostFilterResult } from './framework/types.ts';
import { registry } from './plugins/registry.ts';
import { priorityResolver } from './priority.ts';
import { defaultProfile, DEFAULT_SCHEDULER_NAME } from './profile.ts';
import { podKey, SchedulingQueue, type QueuedPod } from './queue/scheduling-queue.ts';

export interface SchedulerOptions {
  profile?: Profile;
  /** Tie-breaking between equally scored nodes. */
  random?: () => number;
}

/** Keep the event loop responsive: yield to I/O after this much uninterrupted scheduling. */
const SLICE_MS = 20;
const BACKOFF_FLUSH_MS = 1_000;
const UNSCHEDULABLE_FLUSH_MS = 30_000;

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Whether a pending pod changed in a way that could change where it fits (not just its status). */
function schedulingRelevantChange(oldPod: Pod, pod: Pod): boolean {
  return JSON.stringify(oldPod.spec) !== JSON.stringify(pod.spec)
    || JSON.stringify(oldPod.metadata.labels) !== JSON.stringify(pod.metadata.labels);
}

export function createScheduler(ctx: ControllerContext, options: SchedulerOptions = {}): RunningController {
  const profile = options.profile ?? defaultProfile();
  const random = options.random ?? Math.random;
  const pods = ctx.informers.informer<Pod>(R.pods);
  const nodes = ctx.informers.informer<Node>(R.nodes);
  const namespaces = ctx.informers.informer<Namespace & KubeObject>(R.namespaces);
  const classes = ctx.informers.informer<PriorityClass & KubeObject>(R.priorityclasses);
  const priorityOf = priorityResolver({ get: (name) => classes.get(undefined, name), list: () => classes.list() });
  const cache = new SchedulerCache((ns) => namespaces.get(undefined, ns)?.metadata.labels);
  const queue = new SchedulingQueue({ priorityOf });
  const fwk = new Framework(profile, registry, priorityOf);
  const recorder = ctx.recorder(DEFAULT_SCHEDULER_NAME);
  const cursor: Cursor = { nextStartNodeIndex: 0 };
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let release!: () => void;
  const stopping = new Promise<void>((resolve) => (release = resolve));

  const responsible = (pod: Pod) => (pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === profile.schedulerName;

  pods.addHandlers({
    add(pod) {
      if (pod.spec?.nodeName) {
        if (!isTerminal(pod)) cache.addPod(pod);
        queue.moveAllToActiveOrBackoff();
      } else if (responsible(pod) && !pod.metadata.deletionTimestamp) {
        queue.add(pod);
      }
    },
    update(oldPod, pod) {
      if (pod.spec?.nodeName) {
        if (isTerminal(pod)) cache.removePod(pod);
        else cache.addPod(pod);
        if (!oldPod.spec?.nodeName) queue.delete(pod);
        queue.moveAllToActiveOrBackoff();
      } else if (responsible(pod)) {
        if (pod.metadata.deletionTimestamp) queue.delete(pod);
        else if (schedulingRelevantChange(oldPod, pod)) queue.update(pod);
        else queue.refresh(pod);
      }
    },
    delete(pod) {
      cache.removePod(pod);
      queue.delete(pod);
      queue.moveAllToActiveOrBackoff();
    },
  });
  nodes.addHandlers({
    add(node) {
      cache.setNode(node);
      queue.moveAllToActiveOrBackoff();
    },
    update(_old, node) {
      cache.setNode(node);
      queue.moveAllToActiveOrBackoff();
    },
    delete(node) {
      cache.removeNode(node);
    },
  });

  function track(p: Promise<void>): void {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  async function bind(qp: QueuedPod, pod: Pod, node: string): Promise<void> {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    try {
      await ctx.client.bind(ns, name, node, pod.metadata.uid);
      recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node}`);
    } catch (err) {
      cache.forgetPod(pod);
      const code = (err as StatusError).code;
      // Gone, or bound or deleted by someone else: the informer will say which.
      if (code === 404 || code === 409) return;
      ctx.log(`scheduler: binding ${ns}/${name} to ${node}: ${(err as Error).message}`);
      queue.addUnschedulable(qp, false);
    }
  }

  async function preempt(pod: Pod, result: PostFilterResult): Promise<void> {
    for (const victim of result.victims ?? []) {
      const v = victim.pod;
      recorder.event(v, 'Normal', 'Preempted', `Preempted by pod ${pod.metadata.uid} on node ${result.nominatedNodeName}`);
      try {
        await ctx.client.delete(R.pods, v.metadata.namespace, v.metadata.name ?? '', {
          gracePeriodSeconds: v.spec?.terminationGracePeriodSeconds,
          preconditions: { uid: v.metadata.uid },
        });
      } catch (err) {
        if ((err as StatusError).code !== 404) ctx.log(`scheduler: preempting ${podKey(v)}: ${(err as Error).message}`);
      }
    }
  }

  async function reportUnschedulable(pod: Pod, message: string, nominated: string | undefined): Promise<void> {
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nominationChanges = nominated !== undefined && nominated !== (pod.status?.nominatedNodeName ?? '');
    if (!nominationChanges && current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return;
    const status: Record<string, unknown> = {
      conditions: [{
        type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message,
        lastProbeTime: null, lastTransitionTime: current?.status === 'False' ? current.lastTransitionTime : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      }],
    };
    if (nominationChanges) status.nominatedNodeName = nominated || null;
    try {
      await ctx.client.patch(R.pods, pod.metadata.namespace, pod.metadata.name ?? '', 'strategic', { status }, { subresource: 'status' });
    } catch (err) {
      if ((err as StatusError).code !== 404) ctx.log(`scheduler: status of ${podKey(pod)}: ${(err as Error).message}`);
    }
  }

  function scheduleOne(qp: QueuedPod): void {
    const pod = pods.get(qp.pod.metadata.namespace, qp.pod.metadata.name ?? '');
    // Decided against an older version, deleted, bound meanwhile, or already assumed: skip.
    if (!pod || pod.metadata.uid !== qp.pod.metadata.uid || pod.spec?.nodeName || pod.metadata.deletionTimestamp || cache.isAssumed(pod)) {
      queue.done(qp.key);
      return;
    }
    const result = schedulePod(fwk, cache, pod, cursor, random);
    if (result.kind === 'scheduled') {
      cache.assumePod(pod, result.node);
      queue.done(qp.key);
      track(bind(qp, pod, result.node));
      return;
    }
    let message = result.message;
    let nominated: string | undefined;
    if (message === undefined) {
      const post = fwk.runPostFilter(result.state, pod, cache, result.diagnosis.statuses);
      nominated = post.nominatedNodeName;
      if (post.nominatedNodeName) track(preempt(pod, post));
      message = fitErrorMessage(cache.nodes.length, { ...result.diagnosis, postFilterMsg: post.message });
    }
    queue.addUnschedulable(qp, true);
    recorder.event(pod, 'Warning', 'FailedScheduling', message);
    track(reportUnschedulable(pod, message, nominated));
  }

  async function run(): Promise<void> {
    if (!(await waitForCacheSync([pods, nodes, namespaces, classes], stopping))) return;
    let sliceStart = Date.now();
    while (!stopped) {
      const qp = await queue.pop();
      if (!qp) return;
      try {
        scheduleOne(qp);
      } catch (err) {
        ctx.log(`scheduler: ${qp.key}: ${(err as Error).stack ?? err}`);
        queue.addUnschedulable(qp, false);
      }
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
  }

  const timers = [
    setInterval(() => queue.flushBackoffCompleted(), BACKOFF_FLUSH_MS),
    setInterval(() => queue.flushUnschedulableLeftover(), UNSCHEDULABLE_FLUSH_MS),
  ];
  const loop = run().catch((err: Error) => ctx.log(`scheduler stopped: ${err.stack ?? err}`));

  return {
    async stop() {
      stopped = true;
      release();
      for (const t of timers) clearInterval(t);
      queue.close();
      await loop;
      await Promise.allSettled([...inFlight]);
    },
  };
}
