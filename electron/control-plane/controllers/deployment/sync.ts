// The writes one Deployment sync makes (upstream's sync.go): find or create the
// new ReplicaSet and keep revisions in step, scale ReplicaSets with events,
// clean up old history, and write the Deployment's status. One instance per sync:
// it holds the Deployment as this sync last wrote it.
import type { EventRecorder, Client } from '../../../../client/types.ts';
import { R } from '../../../../client/types.ts';
import { ownerReferenceTo } from '../replicaset/claim.ts';
import { hasCode, messageOf } from '../replicaset/errors.ts';
import { isEqual } from '../../registry/common/equal.ts';
import {
  replicasAnnotationsNeedUpdate, setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations,
} from './annotations.ts';
import { computeTemplateHash } from './hash.ts';
import {
  PROGRESSING, Reason, getCondition, hasProgressDeadline, newCondition, progressDeadline, rolloutStatus, calculateStatus, setCondition,
} from './progress.ts';
import {
  POD_TEMPLATE_HASH, REVISION, activeOnly, byRevision, desiredOf, findNewReplicaSet, maxRevision, maxSurge, replicasOf, templatesEqual,
} from './replicasets.ts';
import { findActiveOrLatest, isSaturated, newReplicaSetReplicas, proportionalSizes } from './scaling.ts';
import type { DeploymentObject, DeploymentStatus, ReplicaSetObject } from './types.ts';

export interface SyncDeps {
  client: Client;
  recorder: EventRecorder;
  /** Look at the Deployment again after this long (a deadline that only time can pass). */
  requeueAfter(delayMs: number): void;
}

export interface ReplicaSets {
  newRS: ReplicaSetObject | undefined;
  /** Every other ReplicaSet the Deployment owns, scaled to zero or not. */
  oldRSs: ReplicaSetObject[];
}

export class DeploymentSync {
  /** The Deployment as last written (status included), so later writes carry its resourceVersion. */
  d: DeploymentObject;

  constructor(d: DeploymentObject, private readonly rsList: readonly ReplicaSetObject[], private readonly deps: SyncDeps) {
    this.d = structuredClone(d);
  }

  private get namespace(): string | undefined {
    return this.d.metadata.namespace;
  }

  /**
   * Upstream's getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when
   * asked and missing) and the old ones, with the new one's revision set to one
   * past every old one and the Deployment's revision annotation following it.
   */
  async replicaSets(createIfMissing: boolean): Promise<ReplicaSets> {
    const existing = findNewReplicaSet(this.d, this.rsList);
    const oldRSs = this.rsList.filter((rs) => rs.metadata.uid !== existing?.metadata.uid);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) return { newRS: await this.syncExistingNew(existing, newRevision), oldRSs };
    if (!createIfMissing) return { newRS: undefined, oldRSs };
    return { newRS: await this.createNew(oldRSs, newRevision), oldRSs };
  }

  private async syncExistingNew(existing: ReplicaSetObject, newRevision: number): Promise<ReplicaSetObject> {
    let rs = existing;
    const copy = structuredClone(existing);
    const annotationsChanged = setNewReplicaSetAnnotations(this.d, copy, newRevision, true);
    const minReadySeconds = this.d.spec.minReadySeconds ?? 0;
    if (annotationsChanged || (copy.spec.minReadySeconds ?? 0) !== minReadySeconds) {
      copy.spec.minReadySeconds = minReadySeconds;
      rs = await this.deps.client.update<ReplicaSetObject>(R.replicasets, this.namespace, copy);
    }
    const status = this.statusCopy();
    if (!getCondition(status, PROGRESSING)) {
      setCondition(status, newCondition(PROGRESSING, 'True', Reason.FoundNewReplicaSet, `Found new replica set "${rs.metadata.name}"`, Date.now()));
    }
    await this.writeRevision(rs.metadata.annotations?.[REVISION] ?? '');
    await this.writeStatus(status);
    return rs;
  }

  private async createNew(oldRSs: ReplicaSetObject[], newRevision: number): Promise<ReplicaSetObject | undefined> {
    const d = this.d;
    const hash = computeTemplateHash(d.spec.template, d.status?.collisionCount);
    const template = structuredClone(d.spec.template);
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH]: hash };
    const rs: ReplicaSetObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: this.namespace,
        ownerReferences: [ownerReferenceTo(d, R.deployments, 'Deployment')],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    rs.spec.replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs, newRevision, false);

    let created: ReplicaSetObject;
    try {
      created = await this.deps.client.create<ReplicaSetObject>(R.replicasets, this.namespace, rs);
    } catch (err) {
      if (hasCode(err, 409)) return this.collided(rs, err);
      const message = `Failed to create new replica set "${rs.metadata.name}": ${messageOf(err)}`;
      const status = this.statusCopy();
      if (hasProgressDeadline(d)) setCondition(status, newCondition(PROGRESSING, 'False', Reason.FailedReplicaSetCreate, message, Date.now()));
      await this.writeStatus(status);
      this.deps.recorder.event(d, 'Warning', 'FailedCreate', message);
      throw err;
    }
    if (replicasOf(created) > 0) {
      this.deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${replicasOf(created)}`);
    }
    const status = this.statusCopy();
    if (hasProgressDeadline(d)) {
      setCondition(status, newCondition(PROGRESSING, 'True', Reason.NewReplicaSetCreated, `Created new replica set "${created.metadata.name}"`, Date.now()));
    }
    await this.writeRevision(String(newRevision));
    await this.writeStatus(status);
    return created;
  }

  /**
   * The name is taken. Ours with our template (a create this controller made but
   * its informer had not shown yet, e.g. before a restart): use it. Anything else
   * is a hash collision: bump collisionCount so the next sync hashes to another name.
   */
  private async collided(rs: ReplicaSetObject, err: unknown): Promise<ReplicaSetObject> {
    const found = await this.deps.client.get<ReplicaSetObject>(R.replicasets, this.namespace, rs.metadata.name!);
    const ref = found.metadata.ownerReferences?.find((o) => o.controller);
    if (ref?.uid === this.d.metadata.uid && templatesEqual(found.spec.template, this.d.spec.template)) return found;
    const status = this.statusCopy();
    status.collisionCount = (status.collisionCount ?? 0) + 1;
    await this.writeStatus(status);
    throw err;
  }

  /** Upstream's scaleReplicaSetAndRecordEvent. */
  async scaleAndRecord(rs: ReplicaSetObject, size: number): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
    if (replicasOf(rs) === size) return { scaled: false, rs };
    return this.scale(rs, size, replicasOf(rs) < size ? 'up' : 'down');
  }

  /** Sets the size and the Deployment-size annotations in one write; an event when the size changed. */
  async scale(rs: ReplicaSetObject, size: number, operation: string): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
    const desired = desiredOf(this.d);
    const max = desired + maxSurge(this.d);
    const sizeChanges = replicasOf(rs) !== size;
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = structuredClone(rs);
    copy.spec.replicas = size;
    setReplicasAnnotations(copy, desired, max);
    const updated = await this.deps.client.update<ReplicaSetObject>(R.replicasets, this.namespace, copy);
    if (sizeChanges) {
      this.deps.recorder.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata.name} from ${replicasOf(rs)} to ${size}`);
    }
    return { scaled: sizeChanges, rs: updated };
  }

  /**
   * A resize outside a rollout's own steps (upstream's scale): one active
   * ReplicaSet takes the whole size; a saturated new one means old ones go to zero;
   * otherwise a rolling Deployment splits the change proportionally.
   */
  async scaleToDeployment({ newRS, oldRSs }: ReplicaSets): Promise<void> {
    const desired = desiredOf(this.d);
    const only = findActiveOrLatest(newRS, oldRSs);
    if (only) {
      if (replicasOf(only) !== desired) await this.scaleAndRecord(only, desired);
      return;
    }
    if (isSaturated(this.d, newRS)) {
      for (const old of activeOnly(oldRSs)) await this.scaleAndRecord(old, 0);
      return;
    }
    if (this.d.spec.strategy?.type === 'Recreate') return;
    for (const { rs, size } of proportionalSizes(this.d, newRS, oldRSs)) {
      await this.scale(rs, size, replicasOf(rs) < size ? 'up' : 'down');
    }
  }

  /** Deletes the oldest ReplicaSets beyond revisionHistoryLimit that have no pods left. */
  async cleanup(oldRSs: readonly ReplicaSetObject[]): Promise<void> {
    const limit = this.d.spec.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
    const excess = cleanable.length - limit;
    for (const rs of cleanable.slice(0, Math.max(0, excess))) {
      const settled = (rs.status?.replicas ?? 0) === 0 && replicasOf(rs) === 0
        && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0);
      if (!settled) continue;
      try {
        await this.deps.client.delete(R.replicasets, this.namespace, rs.metadata.name!);
      } catch (err) {
        if (!hasCode(err, 404)) throw err;
      }
    }
  }

  /** The status without rollout progress (paused, scaling, being deleted). */
  async syncStatus({ newRS, oldRSs }: ReplicaSets): Promise<void> {
    await this.writeStatus(calculateStatus(this.d, [...oldRSs, newRS], newRS, Date.now()));
  }

  /** The status with rollout progress, and a wake-up for the progress deadline. */
  async syncRolloutStatus({ newRS, oldRSs }: ReplicaSets): Promise<void> {
    const now = Date.now();
    const status = rolloutStatus(this.d, [...oldRSs, newRS], newRS, now);
    await this.writeStatus(status);
    const deadline = progressDeadline(this.d, status);
    if (deadline !== undefined && !(status.conditions ?? []).some((c) => c.type === PROGRESSING && c.reason === Reason.NewReplicaSetAvailable)) {
      this.deps.requeueAfter(Math.max(0, deadline - now) + 1000);
    }
  }

  /** Upstream's checkPausedConditions: Progressing says Paused or Resumed (unless it already timed out). */
  async syncPausedCondition(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const cond = getCondition(this.d.status, PROGRESSING);
    if (cond?.reason === Reason.ProgressDeadlineExceeded) return;
    const pausedShown = cond?.reason === Reason.Paused;
    const status = this.statusCopy();
    if (this.d.spec.paused && !pausedShown) {
      setCondition(status, newCondition(PROGRESSING, 'Unknown', Reason.Paused, 'Deployment is paused', Date.now()));
    } else if (!this.d.spec.paused && pausedShown) {
      setCondition(status, newCondition(PROGRESSING, 'Unknown', Reason.Resumed, 'Deployment is resumed', Date.now()));
    } else {
      return;
    }
    await this.writeStatus(status);
  }

  statusCopy(): DeploymentStatus {
    return structuredClone(this.d.status ?? {});
  }

  /** Writes status when it differs from what is stored. */
  async writeStatus(status: DeploymentStatus): Promise<void> {
    if (isEqual(this.d.status ?? {}, status)) return;
    this.d = await this.deps.client.updateStatus<DeploymentObject>(R.deployments, this.namespace, { ...this.d, status });
  }

  // A status write cannot change annotations here (the status strategy keeps the
  // stored metadata), so the revision goes in a metadata patch of its own.
  private async writeRevision(revision: string): Promise<void> {
    const probe = structuredClone(this.d);
    if (!setDeploymentRevision(probe, revision)) return;
    const patched = await this.deps.client.patch<DeploymentObject>(R.deployments, this.namespace, this.d.metadata.name!, 'merge', {
      metadata: { annotations: { [REVISION]: revision }, resourceVersion: this.d.metadata.resourceVersion },
    });
    this.d = { ...patched, status: this.d.status };
  }
}
