// StatefulSets: pods with stable names and storage, created in order.
import type { KubeObject, StatefulSet } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateCells } from '../common/workload.ts';

const asStatefulSet = (obj: KubeObject) => obj as unknown as StatefulSet;

export const statefulsets: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  singular: 'statefulset',
  kind: 'StatefulSet',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  definition: 'io.k8s.api.apps.v1.StatefulSet',
  status: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
  generation: true,

  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,

  columns: [nameColumn, column('Ready', 'Number of the pod with ready state'), ageColumn, ...templateColumns],
  row(obj, now) {
    const sts = asStatefulSet(obj);
    return [
      nameOf(sts.metadata),
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      ageOf(sts.metadata, now),
      ...templateCells(sts.spec?.template),
    ];
  },
};
