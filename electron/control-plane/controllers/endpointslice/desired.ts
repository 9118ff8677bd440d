// The EndpointSlices a Service should have: its pods as endpoints, grouped by address
// type and ports, at most MAX_ENDPOINTS_PER_SLICE per slice (upstream's
// endpointslice reconciler, without its churn-minimising placement).
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.js';
import { endpointPorts, isPodReady, podReference, shouldPodBeInEndpoints } from '../endpoints/pods.ts';
import type { Pod, Service } from '../namespace/objects.ts';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export type AddressType = 'IPv4' | 'IPv6';

export interface DesiredSlice {
  addressType: AddressType;
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/** Identifies the slices one group of endpoints may go into. */
export const groupKey = (addressType: string, ports: EndpointPort[] | undefined) => `${addressType} ${JSON.stringify(ports ?? [])}`;

function endpointOf(svc: Service, pod: Pod): Endpoint {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const serving = publishNotReady || isPodReady(pod);
  const endpoint: Endpoint = {
    addresses: [pod.status!.podIP!],
    conditions: { ready: publishNotReady || (serving && !terminating), serving, terminating },
    targetRef: podReference(pod),
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) endpoint.hostname = pod.spec.hostname;
  return endpoint;
}

export function desiredSlices(svc: Service, pods: Pod[]): DesiredSlice[] {
  const groups = new Map<string, DesiredSlice>();
  for (const pod of pods) {
    // Slices keep terminating pods, marked so, for graceful connection draining.
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    if (ports.length === 0 && (svc.spec?.ports?.length ?? 0) > 0) continue;
    const addressType: AddressType = pod.status!.podIP!.includes(':') ? 'IPv6' : 'IPv4';
    const key = groupKey(addressType, ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { addressType, ports, endpoints: [] }));
    group.endpoints.push(endpointOf(svc, pod));
  }
  const slices: DesiredSlice[] = [];
  for (const key of [...groups.keys()].sort()) {
    const { addressType, ports, endpoints } = groups.get(key)!;
    endpoints.sort((a, b) => a.addresses[0]!.localeCompare(b.addresses[0]!) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? ''));
    for (let i = 0; i < endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      slices.push({ addressType, ports, endpoints: endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  // A Service without endpoints still has one empty slice, so consumers can tell "none" from "not yet".
  return slices.length > 0 ? slices : [{ addressType: 'IPv4', ports: [], endpoints: [] }];
}
