// ServiceAccount controller: every namespace that is not terminating has a `default`
// ServiceAccount, created when the namespace appears and again if it is deleted
// (upstream's pkg/controller/serviceaccount).
import { StatusError } from '../../../../api/status.ts';
import type { Namespace, ServiceAccount } from '../namespace/objects.ts';
import { R } from '../../../../client/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerStarter } from '../types.ts';

export const MANAGED_SERVICE_ACCOUNTS = ['default'];

export const startServiceAccountController: ControllerStarter = (ctx) => {
  const namespaces = ctx.informers.informer<Namespace>(R.namespaces);
  const accounts = ctx.informers.informer<ServiceAccount>(R.serviceaccounts);
  const queue = createWorkQueue();

  const enqueue = (ns: Namespace) => queue.add(ns.metadata.name!);
  namespaces.addHandlers({ add: enqueue, update: (_old, ns) => enqueue(ns) });
  accounts.addHandlers({
    delete: (sa) => {
      if (MANAGED_SERVICE_ACCOUNTS.includes(sa.metadata.name!)) queue.add(sa.metadata.namespace!);
    },
  });

  async function sync(name: string): Promise<void> {
    const ns = namespaces.get(undefined, name);
    // Nothing may be created in a namespace that is going away.
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    for (const account of MANAGED_SERVICE_ACCOUNTS) {
      if (accounts.get(name, account)) continue;
      try {
        await ctx.client.create<ServiceAccount>(R.serviceaccounts, name, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: account, namespace: name },
        });
      } catch (err) {
        // The cache lagging behind the server, or the namespace terminating or gone: each settles the key.
        if (err instanceof StatusError && (err.code === 409 || err.code === 403 || err.code === 404)) continue;
        throw err;
      }
    }
  }

  return runQueueWorker({ name: 'serviceaccount-controller', queue, informers: [namespaces, accounts], sync, log: ctx.log });
};
