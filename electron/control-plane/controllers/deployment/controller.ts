// The Deployment controller (upstream's pkg/controller/deployment): informers on
// Deployments, ReplicaSets and pods feed a queue of Deployment keys; sync(key)
// claims the ReplicaSets, then pauses, resizes or takes one rollout step, all
// from current state. Names and revisions of ReplicaSets are derived from the
// template and the existing ReplicaSets, so a restarted controller picks up a
// rollout where the API says it is.
import { labelSelectorFromObject } from '../../../../api/labels.ts';
import { controllerRef, namespacedName } from '../../../../api/meta.ts';
import type { KubeObject } from '../../../../api/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { R } from '../../../../client/types.ts';
import { claim } from '../replicaset/claim.ts';
import type { Pod } from '../replicaset/pod.ts';
import { splitKey, startWorkers } from '../replicaset/workers.ts';
import type { ControllerContext, ControllerStarter, RunningController } from '../types.ts';
import { desiredReplicasAnnotation } from './annotations.ts';
import { activeOnly, desiredOf } from './replicasets.ts';
import { rolloutRecreate, rolloutRolling } from './rollout.ts';
import { DeploymentSync } from './sync.ts';
import type { DeploymentObject, ReplicaSetObject } from './types.ts';

const WORKERS = 5;

export const startDeploymentController: ControllerStarter = (ctx) => start(ctx);

function start(ctx: ControllerContext): RunningController {
  const { client } = ctx;
  const deployments = ctx.informers.informer<DeploymentObject>(R.deployments);
  const replicaSets = ctx.informers.informer<ReplicaSetObject>(R.replicasets);
  const pods = ctx.informers.informer<Pod>(R.pods);
  const queue = createWorkQueue();
  const recorder = ctx.recorder('deployment-controller');
  const log = (line: string) => ctx.log(`deployment-controller: ${line}`);

  const enqueue = (d: KubeObject) => queue.add(namespacedName(d));

  function owningDeployment(obj: KubeObject): DeploymentObject | undefined {
    const ref = controllerRef(obj);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = deployments.get(obj.metadata.namespace, ref.name);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  /** Deployments that could adopt an orphaned ReplicaSet. */
  function selecting(rs: ReplicaSetObject): DeploymentObject[] {
    return deployments.list(rs.metadata.namespace).filter((d) => {
      const selector = labelSelectorFromObject(d.spec.selector);
      return !selector.empty && selector.matches(rs.metadata.labels);
    });
  }

  function rsChanged(rs: ReplicaSetObject): void {
    const owner = owningDeployment(rs);
    if (owner) enqueue(owner);
    else if (!controllerRef(rs)) selecting(rs).forEach(enqueue);
  }

  deployments.addHandlers({ add: enqueue, update: (_old, d) => enqueue(d), delete: enqueue });
  replicaSets.addHandlers({
    add: rsChanged,
    update(old, rs) {
      if (old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
      // A ReplicaSet handed from one Deployment to another concerns both.
      if (controllerRef(old)?.uid !== controllerRef(rs)?.uid) rsChanged(old);
      rsChanged(rs);
    },
    delete: rsChanged,
  });
  // Recreate waits for old pods to be gone, and only their deletion says when.
  pods.addHandlers({
    delete(pod) {
      const rs = controllerRef(pod) ? replicaSets.get(pod.metadata.namespace, controllerRef(pod)!.name) : undefined;
      const d = rs && owningDeployment(rs);
      if (d && d.spec.strategy?.type === 'Recreate') enqueue(d);
    },
  });

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = deployments.get(namespace, name);
    if (!cached) return;
    const selector = labelSelectorFromObject(cached.spec.selector);
    if (selector.empty) {
      recorder.event(cached, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return;
    }
    const rsList = await claim<ReplicaSetObject>({
      client, ref: R.replicasets, owner: cached, ownerResource: R.deployments, ownerKind: 'Deployment',
      matches: (rs) => selector.matches(rs.metadata.labels),
    }, replicaSets.list(namespace));
    const s = new DeploymentSync(cached, rsList, { client, recorder, requeueAfter: (ms) => queue.addAfter(key, ms) });

    if (cached.metadata.deletionTimestamp) return s.syncStatus(await s.replicaSets(false));
    await s.syncPausedCondition();
    if (s.d.spec.paused || isScalingEvent(s.d, rsList)) {
      const sets = await s.replicaSets(false);
      await s.scaleToDeployment(sets);
      if (s.d.spec.paused) await s.cleanup(sets.oldRSs);
      return s.syncStatus(sets);
    }
    if (s.d.spec.strategy?.type === 'Recreate') return rolloutRecreate(s, podsByReplicaSet(cached, rsList));
    return rolloutRolling(s);
  }

  /** An active ReplicaSet last sized for another Deployment size: the user resized, not rolled out. */
  function isScalingEvent(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): boolean {
    return activeOnly(rsList).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== desiredOf(d);
    });
  }

  function podsByReplicaSet(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): Map<string, Pod[]> {
    const selector = labelSelectorFromObject(d.spec.selector);
    const byUid = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata.uid!, []]));
    for (const pod of pods.list(d.metadata.namespace)) {
      const owner = controllerRef(pod)?.uid;
      if (owner && selector.matches(pod.metadata.labels)) byUid.get(owner)?.push(pod);
    }
    return byUid;
  }

  const resync = setInterval(() => deployments.list().forEach(enqueue), ctx.options.resyncPeriodMs);
  resync.unref();
  const workers = startWorkers(queue, WORKERS, Promise.all([deployments.synced(), replicaSets.synced(), pods.synced()]), sync, log);
  return {
    async stop() {
      clearInterval(resync);
      await workers.stop();
    },
  };
}
