// The objects every cluster starts with: the system namespaces, the built-in priority
// classes and the `kubernetes` Service.
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
  // Upstream's built-in priority classes, which system pods and users' manifests refer to.
  const priorityClasses = registryOf('scheduling.k8s.io', 'priorityclasses')!;
  for (const [name, value] of [['system-node-critical', 2000001000], ['system-cluster-critical', 2000000000]] as const) {
    await ensure(priorityClasses, undefined, {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      description: `Used for system critical pods that must ${name === 'system-node-critical' ? 'not be moved from their current node' : 'run in the cluster, but can be moved to another node if necessary'}.`,
    });
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
