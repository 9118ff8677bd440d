// Namespace controller: a namespace being deleted loses all its content first; then
// the controller takes the `kubernetes` spec finalizer off so the server removes it
// (upstream's pkg/controller/namespace).
import { StatusError } from '../../../../api/status.ts';
import { formatTime } from '../../../../api/meta.ts';
import type { Namespace } from './objects.ts';
import { R } from '../../../../client/types.ts';
import type { Client } from '../../../../client/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import type { ControllerStarter } from '../types.ts';
import { deletionConditions, mergeConditions } from './conditions.ts';
import { deleteAllContent } from './content.ts';
import { runQueueWorker } from './queue-worker.ts';
import { namespacedResources } from './resources.ts';

export const KUBERNETES_FINALIZER = 'kubernetes';

export const startNamespaceController: ControllerStarter = (ctx) => {
  const namespaces = ctx.informers.informer<Namespace>(R.namespaces);
  const queue = createWorkQueue();
  const resources = namespacedResources();

  const enqueue = (ns: Namespace) => {
    if (ns.metadata.deletionTimestamp) queue.add(ns.metadata.name!);
  };
  namespaces.addHandlers({ add: enqueue, update: (_old, ns) => enqueue(ns) });

  async function sync(name: string): Promise<void> {
    // The live object, not the cache: finalizing on a stale copy would be refused anyway.
    let ns: Namespace;
    try {
      ns = await ctx.client.get<Namespace>(R.namespaces, undefined, name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp || !(ns.spec?.finalizers ?? []).includes(KUBERNETES_FINALIZER)) return;

    const { report, estimateSeconds } = await deleteAllContent(ctx.client, name, resources);
    const conditions = mergeConditions(ns.status?.conditions ?? [], deletionConditions(report, formatTime(new Date())));
    if (JSON.stringify(conditions) !== JSON.stringify(ns.status?.conditions ?? [])) {
      ns = await ctx.client.updateStatus<Namespace>(R.namespaces, undefined, { ...ns, status: { ...ns.status, conditions } });
    }
    if (report.failures.length > 0) throw new Error(`content deletion failed: ${report.failures.join('; ')}`);
    if (report.remaining.size > 0) {
      if (estimateSeconds > 0) {
        queue.addAfter(name, estimateSeconds * 1000);
        return;
      }
      // Nothing says when it goes: look again with the key's backoff.
      throw new Error(`namespace ${name} still has content`);
    }
    await finalize(ctx.client, ns);
    ctx.log(`namespace-controller: namespace ${name} finalized`);
  }

  return runQueueWorker({ name: 'namespace-controller', queue, informers: [namespaces], sync, log: ctx.log });
};

/**
 * PUT namespaces/NAME/finalize without our finalizer. The Client has no call for this
 * subresource, so the name carries it into the path; the server takes only spec.finalizers
 * from the body and answers 409 if the namespace changed since we read it.
 */
async function finalize(client: Client, ns: Namespace): Promise<void> {
  const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== KUBERNETES_FINALIZER);
  await client.update<Namespace>(R.namespaces, undefined, {
    ...ns,
    metadata: { ...ns.metadata, name: `${ns.metadata.name}/finalize` },
    spec: { ...ns.spec, finalizers },
  });
}
