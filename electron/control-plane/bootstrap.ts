// The objects every cluster starts with: the system namespaces and the `kubernetes` Service.
import { StatusError } from '../../api/status.ts';
import type { KubeObject } from '../../api/types.ts';
import type { ResourceStore } from './apiserver/storage/resource-store.ts';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

async function ensure(rs: ResourceStore, namespace: string | undefined, obj: KubeObject): Promise<void> {
  try {
    await rs.create(namespace, obj, { dryRun: false });
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
  }
}

export async function bootstrapObjects(registryOf: (group: string, resource: string) => ResourceStore | undefined, apiUrl: string): Promise<void> {
  const namespaces = registryOf('', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
  }
  const { hostname, port } = new URL(apiUrl);
  await ensure(registryOf('', 'services')!, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: '10.43.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: Number(port) }] },
  });
  const endpoints = registryOf('', 'endpoints')!;
  const address = hostname.replace(/^\[|\]$/g, '');
  const subsets = [{ addresses: [{ ip: address }], ports: [{ name: 'https', port: Number(port), protocol: 'TCP' }] }];
  try {
    await endpoints.guaranteedUpdate('default', 'kubernetes', (ep) => ({ ...ep, subsets }), { dryRun: false });
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 404)) throw err;
    await ensure(endpoints, 'default', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default' }, subsets });
  }
}
