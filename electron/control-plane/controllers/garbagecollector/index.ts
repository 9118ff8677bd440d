// Garbage collector (upstream's pkg/controller/garbagecollector). Informers of every
// resource that carries ownerReferences are the dependency graph (indexed by owner
// uid). Syncing an object reads it live (unless the cache shows all its owners standing) and:
// - being deleted with the `orphan` finalizer: removes the references its dependents
//   hold to it, then the finalizer;
// - being deleted with `foregroundDeletion`: has its dependents deleted, and removes the
//   finalizer once none with blockOwnerDeletion is left;
// - otherwise, with owners that are all gone (or being deleted in the foreground):
//   deletes it; with some still standing, drops the references to the others.
import { hasFinalizer, removeFinalizer } from '../../../../api/meta.ts';
import { StatusError } from '../../../../api/status.ts';
import type { KubeObject, OwnerReference } from '../../../../api/types.ts';
import type { Informer } from '../../../../client/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerStarter } from '../types.ts';
import { keyOf, KNOWN_KINDS, kindOf, objectKey, parseKey, type KnownKind } from './kinds.ts';
import { classifyOwners, FOREGROUND, getLive, isDeletingDependents, ORPHAN, ownersStandInCache } from './owners.ts';

const BY_OWNER = 'gc:ownerUid';

const ownersChanged = (a: KubeObject, b: KubeObject) => JSON.stringify(a.metadata.ownerReferences ?? []) !== JSON.stringify(b.metadata.ownerReferences ?? []);
const deletionChanged = (a: KubeObject, b: KubeObject) =>
  a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp || JSON.stringify(a.metadata.finalizers ?? []) !== JSON.stringify(b.metadata.finalizers ?? []);

export const startGarbageCollector: ControllerStarter = (ctx) => {
  const queue = createWorkQueue();
  const watched = KNOWN_KINDS.filter((k) => k.watched);
  const informers = new Map<string, Informer>(watched.map((k) => [k.kind, ctx.informers.informer(k.ref)]));
  const informerOf = (kind: string) => informers.get(kind);

  const dependentsOf = (uid: string): { known: KnownKind; obj: KubeObject }[] =>
    watched.flatMap((known) => informers.get(known.kind)!.byIndex(BY_OWNER, uid).map((obj) => ({ known, obj })));

  /** Owners of obj that the collector watches, as queue keys. */
  const ownerKeys = (obj: KubeObject, refs: OwnerReference[] = obj.metadata.ownerReferences ?? []) =>
    refs.flatMap((ref) => {
      const known = kindOf(ref.apiVersion, ref.kind);
      return known?.watched ? [keyOf(known, obj.metadata.namespace, ref.name)] : [];
    });

  for (const known of watched) {
    const informer = informers.get(known.kind)!;
    informer.addIndex(BY_OWNER, (obj) => (obj.metadata.ownerReferences ?? []).map((r) => r.uid));
    const consider = (obj: KubeObject) => {
      if (obj.metadata.ownerReferences?.length || hasFinalizer(obj, ORPHAN) || hasFinalizer(obj, FOREGROUND)) queue.add(objectKey(known, obj));
    };
    informer.addHandlers({
      add: consider,
      update(old, obj) {
        if (ownersChanged(old, obj) || deletionChanged(old, obj)) consider(obj);
        // An owner waiting for this dependent may be done once the reference is gone.
        if (ownersChanged(old, obj)) for (const key of ownerKeys(old)) queue.add(key);
      },
      delete(obj) {
        for (const dep of dependentsOf(obj.metadata.uid!)) queue.add(objectKey(dep.known, dep.obj));
        for (const key of ownerKeys(obj)) queue.add(key);
      },
    });
  }

  /** Writes obj changed by `change` on its live state; nothing if it is gone or `change` finds nothing to do. */
  async function mutate(known: KnownKind, obj: KubeObject, change: (live: KubeObject) => boolean): Promise<void> {
    const live = await getLive(ctx.client, known.ref, obj.metadata.namespace, obj.metadata.name!);
    if (!live || live.metadata.uid !== obj.metadata.uid || !change(live)) return;
    await ctx.client.update(known.ref, live.metadata.namespace, live);
  }

  async function deleteObject(known: KnownKind, obj: KubeObject, propagationPolicy: 'Background' | 'Foreground'): Promise<void> {
    try {
      await ctx.client.delete(known.ref, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy, preconditions: { uid: obj.metadata.uid } });
    } catch (err) {
      if (!(err instanceof StatusError && (err.code === 404 || err.code === 409))) throw err;
    }
  }

  async function orphanDependents(known: KnownKind, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid!;
    for (const dep of dependentsOf(uid)) {
      await mutate(dep.known, dep.obj, (live) => {
        const refs = live.metadata.ownerReferences ?? [];
        live.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
        return live.metadata.ownerReferences.length !== refs.length;
      });
    }
    await mutate(known, owner, (live) => removeFinalizer(live, ORPHAN));
  }

  async function deleteDependents(known: KnownKind, owner: KubeObject, key: string): Promise<void> {
    const uid = owner.metadata.uid!;
    const dependents = dependentsOf(uid);
    // Each dependent is judged on its own: deleted if this was its last standing owner, unlinked otherwise.
    for (const dep of dependents) if (!dep.obj.metadata.deletionTimestamp) queue.add(objectKey(dep.known, dep.obj));
    const blocking = dependents.filter((dep) => dep.obj.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion));
    if (blocking.length > 0) {
      // Their deletions wake us; the period is a safety net for dependents that wait on a kubelet.
      queue.addAfter(key, ctx.options.resyncPeriodMs);
      return;
    }
    await mutate(known, owner, (live) => removeFinalizer(live, FOREGROUND));
  }

  async function sync(key: string): Promise<void> {
    const { known, namespace, name } = parseKey(key);
    const cached = informers.get(known.kind)!.get(namespace, name);
    // Most objects' owners all stand in the cache: nothing to ask the server.
    if (!cached || (!cached.metadata.deletionTimestamp && ownersStandInCache(informerOf, cached))) return;
    // Anything else is decided on the live object (it may have been adopted since the cache saw it).
    const obj = await getLive(ctx.client, known.ref, namespace, name);
    if (!obj) return;
    if (obj.metadata.deletionTimestamp) {
      if (hasFinalizer(obj, ORPHAN)) await orphanDependents(known, obj);
      else if (isDeletingDependents(obj)) await deleteDependents(known, obj, key);
      return;
    }
    if (!obj.metadata.ownerReferences?.length) return;
    const { solid, dangling, waiting } = await classifyOwners(ctx.client, informerOf, obj);
    if (solid.length > 0) {
      const gone = new Set([...dangling, ...waiting].map((r) => r.uid));
      if (gone.size === 0) return;
      await mutate(known, obj, (live) => {
        live.metadata.ownerReferences = (live.metadata.ownerReferences ?? []).filter((r) => !gone.has(r.uid));
        return true;
      });
      return;
    }
    // Everything it belongs to is going: so does it, its own dependents first if an owner waits for them.
    const hasDependents = dependentsOf(obj.metadata.uid!).length > 0;
    ctx.log(`garbage-collector: deleting ${key}, its owners are gone`);
    await deleteObject(known, obj, waiting.length > 0 && hasDependents ? 'Foreground' : 'Background');
  }

  return runQueueWorker({ name: 'garbage-collector', queue, informers: [...informers.values()], sync, log: ctx.log, workers: 4 });
};
