// EndpointSlice controller: discovery.k8s.io/v1 EndpointSlices for each Service with
// a selector, owned by the Service so the garbage collector removes them with it
// (upstream's pkg/controller/endpointslice).
import { StatusError } from '../../../../api/status.ts';
import type { OwnerReference } from '../../../../api/types.ts';
import { R } from '../../../../client/types.ts';
import { createWorkQueue } from '../../../../client/work-queue.ts';
import { endpointLabels, sameJson, selectedPods, serviceKey, servicesOf, splitKey } from '../endpoints/pods.ts';
import type { EndpointSlice, Pod, Service } from '../namespace/objects.ts';
import { runQueueWorker } from '../namespace/queue-worker.ts';
import type { ControllerStarter } from '../types.ts';
import { desiredSlices, groupKey, type DesiredSlice } from './desired.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

export const startEndpointSliceController: ControllerStarter = (ctx) => {
  const services = ctx.informers.informer<Service>(R.services);
  const pods = ctx.informers.informer<Pod>(R.pods);
  const slices = ctx.informers.informer<EndpointSlice>(R.endpointslices);
  const queue = createWorkQueue();

  const enqueue = (svc: Service) => queue.add(serviceKey(svc.metadata.namespace, svc.metadata.name));
  const enqueueServicesOf = (...changed: Pod[]) => {
    for (const pod of changed) for (const svc of servicesOf(services, pod)) enqueue(svc);
  };
  // A managed slice changed or deleted by someone else is put back.
  const enqueueOwner = (slice: EndpointSlice) => {
    const labels = slice.metadata.labels ?? {};
    if (labels[MANAGED_BY_LABEL] === CONTROLLER_NAME && labels[SERVICE_NAME_LABEL]) queue.add(serviceKey(slice.metadata.namespace, labels[SERVICE_NAME_LABEL]));
  };
  services.addHandlers({ add: enqueue, update: (_old, svc) => enqueue(svc) });
  pods.addHandlers({ add: enqueueServicesOf, update: enqueueServicesOf, delete: enqueueServicesOf });
  slices.addHandlers({ update: (_old, slice) => enqueueOwner(slice), delete: enqueueOwner });

  async function sync(key: string): Promise<void> {
    const [namespace, name] = splitKey(key);
    const svc = services.get(namespace, name);
    // A deleted Service's slices go with it through their owner reference.
    if (!svc || !svc.spec?.selector || svc.spec.type === 'ExternalName') return;
    // Slices are named by the server, so a stale cache could make duplicates: read them live.
    const existing = (await ctx.client.list<EndpointSlice>(R.endpointslices, namespace, {
      labelSelector: `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${CONTROLLER_NAME}`,
    })).items.filter((s) => !s.metadata.deletionTimestamp).sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    const labels = endpointLabels(svc, { [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: CONTROLLER_NAME });
    const owner: OwnerReference = { apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true };
    const unused = [...existing];
    for (const want of desiredSlices(svc, selectedPods(pods, svc))) {
      const i = unused.findIndex((s) => groupKey(s.addressType, s.ports) === groupKey(want.addressType, want.ports));
      const reuse = i >= 0 ? unused.splice(i, 1)[0] : undefined;
      await write(svc, want, labels, owner, reuse);
    }
    for (const slice of unused) {
      try {
        await ctx.client.delete(R.endpointslices, namespace, slice.metadata.name!, { preconditions: { uid: slice.metadata.uid } });
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
    }
  }

  async function write(svc: Service, want: DesiredSlice, labels: Record<string, string>, owner: OwnerReference, current: EndpointSlice | undefined): Promise<void> {
    const namespace = svc.metadata.namespace!;
    const body: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: current ? { ...current.metadata, labels, ownerReferences: [owner] } : { generateName: `${svc.metadata.name}-`, namespace, labels, ownerReferences: [owner] },
      addressType: want.addressType,
      endpoints: want.endpoints,
      ports: want.ports,
    };
    if (!current) {
      await ctx.client.create(R.endpointslices, namespace, body);
      return;
    }
    const same = sameJson(current.endpoints ?? [], want.endpoints) && sameJson(current.ports ?? [], want.ports) &&
      sameJson(current.metadata.labels ?? {}, labels) && sameJson(current.metadata.ownerReferences ?? [], [owner]);
    if (!same) await ctx.client.update(R.endpointslices, namespace, body);
  }

  return runQueueWorker({ name: 'endpointslice-controller', queue, informers: [services, pods, slices], sync, log: ctx.log });
};
