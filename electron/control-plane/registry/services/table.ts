// The services table as `kubectl get svc` prints it (upstream's printService).
import type { Service } from '../../../../api/types.ts';
import { serviceClusterIP, serviceExternalIP, servicePorts } from '../../../../api/printers/service.ts';
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

export function serviceRow(svc: Service, now: Date): TableCell[] {
  return [
    nameOf(svc.metadata),
    svc.spec?.type ?? '',
    serviceClusterIP(svc),
    serviceExternalIP(svc),
    servicePorts(svc),
    ageOf(svc.metadata, now),
    formatLabels(svc.spec?.selector),
  ];
}
