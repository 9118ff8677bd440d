// Which resources a namespace holds. The Client has no discovery call yet, so this
// reads the registry's list (what /api/v1 and /apis/G/V would report); a resource
// served twice from one storage (events.k8s.io events, autoscaling/v1 HPAs) is listed once.
import type { ResourceRef } from '../../../../client/types.ts';
import { allResources } from '../../registry/index.ts';

const DEFAULT_VERBS = ['list', 'delete'];

export function namespacedResources(): ResourceRef[] {
  return allResources
    .filter((def) => def.namespaced && !def.storageOf && DEFAULT_VERBS.every((v) => (def.verbs ?? DEFAULT_VERBS).includes(v)))
    .map(({ group, version, resource }) => ({ group, version, resource }));
}
