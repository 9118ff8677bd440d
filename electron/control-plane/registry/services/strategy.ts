// Services: a stable address in front of a set of pods.
import type { KubeObject, Service } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';
import { serviceColumns, serviceRow } from './table.ts';
import { validateService, validateServiceUpdate } from './validation.ts';

const asService = (obj: KubeObject) => obj as unknown as Service;

/** Upstream's default ClientIP affinity timeout: three hours. */
const DEFAULT_AFFINITY_SECONDS = 10800;

/** SetDefaults_Service, plus the IP family fields the REST layer fills (single-stack IPv4 here). */
function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= DEFAULT_AFFINITY_SECONDS;
  }
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (spec.type === 'ExternalName') return;
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.ipFamilies ??= ['IPv4'];
}

export const services: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  definition: 'io.k8s.api.core.v1.Service',
  status: true,

  defaults: (obj) => defaultService(asService(obj)),
  prepareForCreate(obj) {
    // Only the load-balancer controller writes status.
    obj.status = { loadBalancer: {} };
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: (obj) => validateService(asService(obj)),
  validateUpdate: (obj, old) => validateServiceUpdate(asService(obj), asService(old)),

  columns: serviceColumns,
  row: (obj, now) => serviceRow(asService(obj), now),
  fields(obj) {
    const spec = asService(obj).spec;
    return { 'spec.clusterIP': spec?.clusterIP ?? '', 'spec.type': spec?.type ?? '' };
  },
};
