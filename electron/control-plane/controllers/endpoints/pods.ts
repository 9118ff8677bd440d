// Which pods back a Service and on which ports, shared by the Endpoints and
// EndpointSlice controllers (upstream's pkg/controller/util/endpoint).
import { labelsEqualSelector } from '../../../../api/labels.ts';
import { getCondition } from '../../../../api/meta.ts';
import type { EndpointPort, ObjectReference, ServicePort } from '../../../../api/types.ts';
import type { Pod, Service } from '../namespace/objects.ts';
import type { Informer } from '../../../../client/types.ts';

/** The pods a Service with a selector selects, in its namespace. */
export function selectedPods(pods: Informer<Pod>, svc: Service): Pod[] {
  const selector = labelsEqualSelector(svc.spec?.selector);
  return pods.list(svc.metadata.namespace).filter((pod) => selector.matches(pod.metadata.labels));
}

/** The Services with a selector that select the pod. */
export function servicesOf(services: Informer<Service>, pod: Pod): Service[] {
  return services.list(pod.metadata.namespace).filter((svc) => svc.spec?.selector && labelsEqualSelector(svc.spec.selector).matches(pod.metadata.labels));
}

/** A pod with an IP that is not finished (nor, unless asked, terminating) serves traffic. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status.phase;
  switch (pod.spec?.restartPolicy) {
    case 'Never': return phase !== 'Succeeded' && phase !== 'Failed';
    case 'OnFailure': return phase !== 'Succeeded';
    default: return true;
  }
}

export function isPodReady(pod: Pod): boolean {
  return getCondition(pod.status?.conditions, 'Ready')?.status === 'True';
}

export function podReference(pod: Pod): ObjectReference {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

/** The container port a service port targets on this pod: a number, or a named container port of the same protocol. */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec?.containers ?? []) {
    const found = container.ports?.find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}

/** The pod's endpoint ports, one per service port it resolves; ports it lacks are left out. */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
    if (sp.name) ep.name = sp.name;
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    ports.push(ep);
  }
  return ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
}

/** Upstream labels the endpoints of a headless Service so proxies can skip them. */
export function endpointLabels(svc: Service, extra: Record<string, string> = {}): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels, ...extra };
  if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  return labels;
}

/** Key of a Service, or of the Endpoints/EndpointSlices owned by it. */
export const serviceKey = (namespace: string | undefined, name: string | undefined) => `${namespace}/${name}`;

export function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** Same JSON: for comparing what the controller wants with what the server holds. */
export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
