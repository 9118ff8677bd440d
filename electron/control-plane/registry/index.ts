// Every resource the API server serves, one ResourceDef per group/version/resource.
import type { ResourceDef } from './types.ts';
import { clusterrolebindings } from './clusterrolebindings/strategy.ts';
import { clusterroles } from './clusterroles/strategy.ts';
import { configmaps } from './configmaps/strategy.ts';
import { controllerrevisions } from './controllerrevisions/strategy.ts';
import { cronjobs } from './cronjobs/strategy.ts';
import { daemonsets } from './daemonsets/strategy.ts';
import { deployments } from './deployments/strategy.ts';
import { endpoints } from './endpoints/strategy.ts';
import { endpointslices } from './endpointslices/strategy.ts';
import { events, eventsV1 } from './events/strategy.ts';
import { horizontalpodautoscalers, horizontalpodautoscalersV1 } from './horizontalpodautoscalers/strategy.ts';
import { ingresses } from './ingresses/strategy.ts';
import { jobs } from './jobs/strategy.ts';
import { leases } from './leases/strategy.ts';
import { limitranges } from './limitranges/strategy.ts';
import { namespaces } from './namespaces/strategy.ts';
import { nodes } from './nodes/strategy.ts';
import { persistentvolumeclaims } from './persistentvolumeclaims/strategy.ts';
import { persistentvolumes } from './persistentvolumes/strategy.ts';
import { poddisruptionbudgets } from './poddisruptionbudgets/strategy.ts';
import { pods } from './pods/strategy.ts';
import { priorityclasses } from './priorityclasses/strategy.ts';
import { replicasets } from './replicasets/strategy.ts';
import { replicationcontrollers } from './replicationcontrollers/strategy.ts';
import { resourcequotas } from './resourcequotas/strategy.ts';
import { rolebindings } from './rolebindings/strategy.ts';
import { roles } from './roles/strategy.ts';
import { secrets } from './secrets/strategy.ts';
import { serviceaccounts } from './serviceaccounts/strategy.ts';
import { services } from './services/strategy.ts';
import { statefulsets } from './statefulsets/strategy.ts';

export const allResources: ResourceDef[] = [
  // core/v1
  namespaces, nodes, pods, services, endpoints, configmaps, secrets, events, serviceaccounts,
  replicationcontrollers, resourcequotas, limitranges, persistentvolumes, persistentvolumeclaims,
  // apps/v1
  deployments, replicasets, statefulsets, daemonsets, controllerrevisions,
  // batch/v1
  jobs, cronjobs,
  // coordination.k8s.io/v1
  leases,
  // autoscaling/v2 and v1 (one storage)
  horizontalpodautoscalers, horizontalpodautoscalersV1,
  // rbac.authorization.k8s.io/v1
  roles, rolebindings, clusterroles, clusterrolebindings,
  // networking.k8s.io/v1
  ingresses,
  // discovery.k8s.io/v1
  endpointslices,
  // events.k8s.io/v1 (storage of core events)
  eventsV1,
  // scheduling.k8s.io/v1
  priorityclasses,
  // policy/v1
  poddisruptionbudgets,
];

/** The definition serving group/resource at a version, if any. */
export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return allResources.find((r) => r.group === group && r.version === version && r.resource === resource);
}
