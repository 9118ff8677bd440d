// ResourceQuotas: hard limits per namespace; the quota controller writes status.used.
import type { KubeObject, ResourceQuota } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { validateResourceList } from '../common/resources.ts';

const asQuota = (obj: KubeObject) => obj as unknown as ResourceQuota;

/** "cpu: 1/2, pods: 3/10" cells, requests and limits.* apart, as upstream's printResourceQuota. */
function usageCells(quota: ResourceQuota): [string, string] {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const requests: string[] = [];
  const limits: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${used[name] ?? '0'}/${hard[name]}`;
    (name.split('.')[0] === 'limits' && name.includes('.') ? limits : requests).push(cell);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const resourcequotas: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'resourcequotas',
  singular: 'resourcequota',
  kind: 'ResourceQuota',
  namespaced: true,
  shortNames: ['quota'],
  definition: 'io.k8s.api.core.v1.ResourceQuota',
  status: true,

  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: (obj) => validateResourceList(asQuota(obj).spec?.hard, 'spec.hard'),

  columns: [
    nameColumn,
    column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
    ageColumn,
  ],
  row(obj, now) {
    const quota = asQuota(obj);
    const [requests, limits] = usageCells(quota);
    return [nameOf(quota.metadata), requests, limits, ageOf(quota.metadata, now)];
  },
};
