// The ReplicaSet / ReplicationController controller (upstream's
// pkg/controller/replicaset): informers on pods and owners feed a work queue of
// owner keys; sync(key) reads the cache, claims pods, creates or deletes the
// difference and writes status. Expectations keep a sync from acting again on
// pods its informer has not seen yet; everything else comes from current state,
// so a fresh controller (after a restart at any point) converges the same way.
import { controllerRef, namespacedName } from '../../../../api/meta.ts';
import type { KubeObject } from '../../../../api/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { BY_CONTROLLER, R } from '../../../../client/types.ts';
import type { ControllerContext, ControllerStarter, RunningController } from '../types.ts';
import { claim, ownerReferenceTo } from './claim.ts';
import { hasCode, messageOf } from './errors.ts';
import { Expectations } from './expectations.ts';
import type { ReplicaKind, ReplicaOwner } from './kind.ts';
import { isPodActive, type Pod } from './pod.ts';
import { podsToDelete } from './ranking.ts';
import { SLOW_START_INITIAL_BATCH, slowStartBatch } from './slow-start.ts';
import { calculateStatus, nextAvailableAt, statusIsCurrent } from './status.ts';
import { splitKey, startWorkers } from './workers.ts';

/** Upstream's BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;
const WORKERS = 5;

export function replicaControllerStarter(kind: ReplicaKind): ControllerStarter {
  return (ctx) => startReplicaController(kind, ctx);
}

function startReplicaController(kind: ReplicaKind, ctx: ControllerContext): RunningController {
  const { client } = ctx;
  const pods = ctx.informers.informer<Pod>(R.pods);
  const owners = ctx.informers.informer<ReplicaOwner>(kind.ref);
  const queue = createWorkQueue();
  const recorder = ctx.recorder(kind.component);
  const expectations = new Expectations();
  const log = (line: string) => ctx.log(`${kind.component}: ${line}`);

  const enqueue = (owner: KubeObject) => queue.add(namespacedName(owner));

  /** The owner a controller reference points at, if it is one of ours and still the same object. */
  function resolve(namespace: string | undefined, pod: KubeObject): ReplicaOwner | undefined {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== kind.kind) return undefined;
    const owner = owners.get(namespace, ref.name);
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners whose selector matches an orphan: one of them may adopt it. */
  function matchingOwners(pod: Pod): ReplicaOwner[] {
    return owners.list(pod.metadata.namespace).filter((o) => kind.selectorOf(o).matches(pod.metadata.labels));
  }

  function podDeleted(pod: Pod): void {
    const owner = resolve(pod.metadata.namespace, pod);
    if (!owner) return;
    expectations.deletionObserved(namespacedName(owner), namespacedName(pod));
    enqueue(owner);
  }

  pods.addHandlers({
    add(pod) {
      // A pod that shows up already being deleted (e.g. after a relist) is a deletion.
      if (pod.metadata.deletionTimestamp) return podDeleted(pod);
      if (controllerRef(pod)) {
        const owner = resolve(pod.metadata.namespace, pod);
        if (!owner) return;
        expectations.creationObserved(namespacedName(owner));
        return enqueue(owner);
      }
      matchingOwners(pod).forEach(enqueue);
    },
    update(old, pod) {
      if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
      const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
      if (pod.metadata.deletionTimestamp) {
        // Graceful deletion has begun: the pod no longer counts, so act now rather than when it is gone.
        podDeleted(pod);
        if (labelsChanged) podDeleted(old);
        return;
      }
      const oldRef = controllerRef(old);
      const ref = controllerRef(pod);
      const refChanged = oldRef?.uid !== ref?.uid;
      if (refChanged && oldRef) {
        const previous = resolve(old.metadata.namespace, old);
        if (previous) enqueue(previous);
      }
      if (ref) {
        const owner = resolve(pod.metadata.namespace, pod);
        if (owner) enqueue(owner);
        return;
      }
      if (labelsChanged || refChanged) matchingOwners(pod).forEach(enqueue);
    },
    delete: podDeleted,
  });

  owners.addHandlers({
    add: enqueue,
    update: (_old, owner) => enqueue(owner),
    delete(owner) {
      expectations.forget(namespacedName(owner));
      enqueue(owner);
    },
  });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const owner = owners.get(namespace, name);
    if (!owner) {
      expectations.forget(key);
      return;
    }
    // Read before listing pods: an event arriving between the two then errs on the side of waiting.
    const needsManage = expectations.satisfied(key);
    const selector = kind.selectorOf(owner);
    const active = pods.list(namespace).filter(isPodActive);
    const owned = await claim<Pod>({
      client, ref: R.pods, owner, ownerResource: kind.ref, ownerKind: kind.kind,
      matches: (pod) => selector.matches(pod.metadata.labels),
    }, active);

    let manageError: unknown;
    if (needsManage && !owner.metadata.deletionTimestamp) {
      try {
        await manageReplicas(owner, key, owned);
      } catch (err) {
        manageError = err;
      }
    }

    const now = Date.now();
    await writeStatus(owner, calculateStatus(owner, owned, manageError, now));
    if (manageError !== undefined) throw manageError;
    // Pods turn available with time alone, and no event says so.
    const availableAt = nextAvailableAt(owner, owned, now);
    if (availableAt !== undefined) queue.addAfter(key, Math.max(0, availableAt - now) + 1000);
  }

  async function manageReplicas(owner: ReplicaOwner, key: string, owned: Pod[]): Promise<void> {
    const diff = owned.length - (owner.spec?.replicas ?? 1);
    if (diff < 0) await createPods(owner, key, Math.min(-diff, BURST_REPLICAS));
    else if (diff > 0) await deletePods(owner, key, owned, Math.min(diff, BURST_REPLICAS));
  }

  async function createPods(owner: ReplicaOwner, key: string, count: number): Promise<void> {
    // Expected before the first call, so the informer's ADDED events are never missed.
    expectations.expectCreations(key, count);
    const result = await slowStartBatch(count, SLOW_START_INITIAL_BATCH, async () => {
      try {
        const pod = await client.create<Pod>(R.pods, owner.metadata.namespace, podFromTemplate(owner));
        recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      } catch (err) {
        recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
        throw err;
      }
    });
    // Creates that failed or never ran will not be observed; the next sync retries them.
    for (let i = result.successes; i < count; i++) expectations.creationObserved(key);
    if (result.error !== undefined) throw result.error;
  }

  async function deletePods(owner: ReplicaOwner, key: string, owned: Pod[], count: number): Promise<void> {
    const victims = podsToDelete(owned, relatedPods(owner), count, Date.now());
    expectations.expectDeletions(key, victims.map((p) => namespacedName(p)));
    const errors: unknown[] = [];
    await Promise.all(victims.map(async (pod) => {
      try {
        await client.delete(R.pods, pod.metadata.namespace, pod.metadata.name!);
        recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (hasCode(err, 404)) return; // Already gone: its deletion event settles the expectation.
        expectations.deletionObserved(key, namespacedName(pod));
        recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
        errors.push(err);
      }
    }));
    if (errors.length > 0) throw errors[0];
  }

  /**
   * Pods of this owner and of its siblings under the same controller (a
   * Deployment's other ReplicaSets): a node running many of them loses one first.
   */
  function relatedPods(owner: ReplicaOwner): Pod[] {
    const parent = controllerRef(owner);
    const siblings = parent ? owners.byIndex(BY_CONTROLLER, parent.uid) : [owner];
    return siblings.flatMap((o) => pods.byIndex(BY_CONTROLLER, o.metadata.uid!));
  }

  function podFromTemplate(owner: ReplicaOwner): Pod {
    const template = owner.spec?.template ?? {};
    const meta = template.metadata ?? {};
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${owner.metadata.name}-`,
        namespace: owner.metadata.namespace,
        ...(meta.labels ? { labels: { ...meta.labels } } : {}),
        ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
        ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
        ownerReferences: [ownerReferenceTo(owner, kind.ref, kind.kind)],
      },
      spec: structuredClone(template.spec),
    };
  }

  async function writeStatus(owner: ReplicaOwner, status: ReturnType<typeof calculateStatus>): Promise<void> {
    if (statusIsCurrent(owner, status)) return;
    const next = { ...status, observedGeneration: owner.metadata.generation };
    try {
      await client.updateStatus<ReplicaOwner>(kind.ref, owner.metadata.namespace, { ...owner, status: next });
    } catch (err) {
      if (!hasCode(err, 409)) throw err;
      // Upstream retries once on a fresh copy; the generation it reports stays the one this sync saw.
      const fresh = await client.get<ReplicaOwner>(kind.ref, owner.metadata.namespace, owner.metadata.name!);
      if (fresh.metadata.uid !== owner.metadata.uid) return;
      await client.updateStatus<ReplicaOwner>(kind.ref, owner.metadata.namespace, { ...fresh, status: next });
    }
  }

  // A periodic pass, like an informer resync: expectations that timed out and
  // conditions that only time changes get looked at again.
  const resync = setInterval(() => owners.list().forEach(enqueue), ctx.options.resyncPeriodMs);
  resync.unref();

  const workers = startWorkers(queue, WORKERS, Promise.all([pods.synced(), owners.synced()]), sync, log);
  return {
    async stop() {
      clearInterval(resync);
      await workers.stop();
    },
  };
}

