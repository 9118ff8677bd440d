// ReplicationControllers: the original ReplicaSet, with a map selector.
import type { KubeObject, ReplicationController } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, containerCells, formatLabels, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';

const asRC = (obj: KubeObject) => obj as unknown as ReplicationController;

export const replicationcontrollers: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'replicationcontrollers',
  singular: 'replicationcontroller',
  kind: 'ReplicationController',
  namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
  definition: 'io.k8s.api.core.v1.ReplicationController',
  status: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
  generation: true,

  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,

  columns: [
    nameColumn,
    column('Desired', 'Replicas is the number of desired replicas.', 'integer'),
    column('Current', 'Replicas is the most recently observed number of replicas.', 'integer'),
    column('Ready', 'The number of ready replicas for this replication controller.', 'integer'),
    ageColumn,
    ...templateColumns,
    selectorColumn('Selector is a label query over pods that should match the Replicas count.'),
  ],
  row(obj, now) {
    const rc = asRC(obj);
    return [
      nameOf(rc.metadata),
      rc.spec?.replicas ?? 0,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      ageOf(rc.metadata, now),
      ...containerCells(rc.spec?.template?.spec?.containers),
      formatLabels(rc.spec?.selector),
    ];
  },
  fields: (obj) => ({ 'status.replicas': String(asRC(obj).status?.replicas ?? 0) }),
};
