// Endpoints controller: the Endpoints of each Service with a selector list its pods'
// IPs, ready or not, on the ports the Service targets (upstream's pkg/controller/endpoint).
// Services without a selector keep the Endpoints their users wrote.
import { StatusError } from '../../../../api/status.ts';
import type { Endpoints, Pod, Service } from '../namespace/objects.ts';
import { R } from '../../../../client/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerStarter } from '../types.ts';
import { endpointLabels, sameJson, selectedPods, serviceKey, servicesOf, splitKey } from './pods.ts';
import { endpointSubsets } from './subsets.ts';

export const startEndpointsController: ControllerStarter = (ctx) => {
  const services = ctx.informers.informer<Service>(R.services);
  const pods = ctx.informers.informer<Pod>(R.pods);
  const endpoints = ctx.informers.informer<Endpoints>(R.endpoints);
  const queue = createWorkQueue();

  const enqueue = (obj: Service | Endpoints) => queue.add(serviceKey(obj.metadata.namespace, obj.metadata.name));
  const enqueueServicesOf = (...changed: Pod[]) => {
    for (const pod of changed) for (const svc of servicesOf(services, pod)) enqueue(svc);
  };
  services.addHandlers({ add: enqueue, update: (_old, svc) => enqueue(svc), delete: enqueue });
  pods.addHandlers({ add: enqueueServicesOf, update: enqueueServicesOf, delete: enqueueServicesOf });
  // Endpoints someone deleted come back if their Service still selects pods.
  endpoints.addHandlers({ delete: enqueue });

  async function sync(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const svc = services.get(namespace, name);
    if (!svc) {
      try {
        await ctx.client.delete(R.endpoints, namespace, name);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
      return;
    }
    if (!svc.spec?.selector) return;
    const subsets = endpointSubsets(svc, selectedPods(pods, svc));
    const labels = endpointLabels(svc);
    const current = endpoints.get(namespace, name);
    if (current && sameJson(current.subsets ?? [], subsets) && sameJson(current.metadata.labels ?? {}, labels)) return;
    const next: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      ...current,
      metadata: { ...(current?.metadata ?? { name, namespace }), labels },
      subsets,
    };
    // A stale cache makes these fail with 409; the retry reads the newer state.
    if (current) await ctx.client.update(R.endpoints, namespace, next);
    else await ctx.client.create(R.endpoints, namespace, next);
  }

  return runQueueWorker({ name: 'endpoint-controller', queue, informers: [services, pods, endpoints], sync, log: ctx.log });
};
