// A Service's EXTERNAL-IP and PORT(S) cells as `kubectl get svc` prints them
// (upstream's printService); shared by the server's Table output and the dashboard.
import type { Service } from '../types.ts';

/** A load balancer's addresses (IP, else hostname), sorted and without repeats; Ingresses print them too. */
export function loadBalancerAddresses(ingresses: readonly { ip?: string; hostname?: string }[] | undefined): string {
  const set = new Set<string>();
  for (const ingress of ingresses ?? []) {
    if (ingress.ip) set.add(ingress.ip);
    else if (ingress.hostname) set.add(ingress.hostname);
  }
  return [...set].sort().join(',');
}

export function serviceExternalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      // Upstream's server renders tables wide, so load-balancer addresses are never clipped.
      const lb = loadBalancerAddresses(svc.status?.loadBalancer?.ingress);
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

export function servicePorts(svc: Service): string {
  const list = (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`));
  return list.length > 0 ? list.join(',') : '<none>';
}

export function serviceClusterIP(svc: Service): string {
  return svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>';
}
