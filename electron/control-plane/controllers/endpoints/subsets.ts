// The Endpoints subsets of a Service: its pods' addresses grouped by the ports they
// serve, ready and not-ready apart, sorted so that equal states compare equal
// (upstream's endpoints.RepackSubsets).
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../../../../api/types.ts';
import type { Pod, Service } from '../namespace/objects.ts';
import { endpointPorts, isPodReady, podReference, shouldPodBeInEndpoints } from './pods.ts';

export function endpointSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ports = endpointPorts(svc, pod);
    // A pod that serves none of the Service's ports is no endpoint of it (a Service without ports takes every pod).
    if (ports.length === 0 && (svc.spec?.ports?.length ?? 0) > 0) continue;
    const address: EndpointAddress = { ip: pod.status!.podIP!, targetRef: podReference(pod) };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name) address.hostname = pod.spec.hostname;
    const key = JSON.stringify(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, ready: [], notReady: [] }));
    (isPodReady(pod) || publishNotReady ? group.ready : group.notReady).push(address);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip) || (a.targetRef?.name ?? '').localeCompare(b.targetRef?.name ?? '');
  return [...groups.keys()].sort().map((key) => {
    const { ports, ready, notReady } = groups.get(key)!;
    const subset: EndpointSubset = {};
    if (ready.length) subset.addresses = ready.sort(byIp);
    if (notReady.length) subset.notReadyAddresses = notReady.sort(byIp);
    if (ports.length) subset.ports = ports;
    return subset;
  });
}
