// The services table as `kubectl get svc` prints it (upstream's printService).
import type { Service } from '../../../../api/types.ts';
import type { TableCell, TableColumn } from '../types.ts';
import { ageColumn, ageOf, column, formatLabels, nameColumn, nameOf, wideColumn } from '../common/columns.ts';

export const serviceColumns: TableColumn[] = [
  nameColumn,
  column('Type', 'type determines how the Service is exposed.'),
  column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
  column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
  column('Port(s)', 'The list of ports that are exposed by this service.'),
  ageColumn,
  wideColumn('Selector', 'Route service traffic to pods with label keys and values matching this selector.'),
];

function loadBalancerAddresses(svc: Service): string {
  const set = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) set.add(ingress.ip);
    else if (ingress.hostname) set.add(ingress.hostname);
  }
  return [...set].sort().join(',');
}

function externalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      // Upstream's server renders tables wide, so load-balancer addresses are never clipped.
      const lb = loadBalancerAddresses(svc);
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function ports(svc: Service): string {
  const list = (svc.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`));
  return list.length > 0 ? list.join(',') : '<none>';
}

export function serviceRow(svc: Service, now: Date): TableCell[] {
  return [
    nameOf(svc.metadata),
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>',
    externalIP(svc),
    ports(svc),
    ageOf(svc.metadata, now),
    formatLabels(svc.spec?.selector),
  ];
}
