// ReplicaSets: keep N pods matching a selector running.
import type { KubeObject, ReplicaSet } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateAndSelectorCells } from '../common/workload.ts';
import { defaultPodTemplate } from '../common/podspec-defaults.ts';
import { LONG_RUNNING, nonNegative, validateSelector, validateTemplate } from '../common/podtemplate.ts';
import { immutableField } from '../common/immutable.ts';

const asReplicaSet = (obj: KubeObject) => obj as unknown as ReplicaSet;

export const replicasets: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  singular: 'replicaset',
  kind: 'ReplicaSet',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  definition: 'io.k8s.api.apps.v1.ReplicaSet',
  status: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
  generation: true,

  defaults(obj) {
    const spec = asReplicaSet(obj).spec;
    if (!spec) return;
    spec.replicas ??= 1;
    defaultPodTemplate(spec.template);
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate(obj) {
    const spec = asReplicaSet(obj).spec;
    return [
      ...nonNegative(spec?.replicas, 'spec.replicas'),
      ...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds'),
      ...validateSelector(spec?.selector, 'spec.selector', 'deployment'),
      ...validateTemplate(spec?.template, spec?.selector, 'spec.template', LONG_RUNNING),
    ];
  },
  validateUpdate: (obj, old) => immutableField(asReplicaSet(obj).spec?.selector, asReplicaSet(old).spec?.selector, 'spec.selector'),

  columns: [
    nameColumn,
    column('Desired', 'Replicas is the number of desired pods.', 'integer'),
    column('Current', 'Replicas is the most recently observed number of replicas.', 'integer'),
    column('Ready', 'The number of ready replicas for this replica set.', 'integer'),
    ageColumn,
    ...templateColumns,
    selectorColumn('Selector is a label query over pods that should match the replica count.'),
  ],
  row(obj, now) {
    const rs = asReplicaSet(obj);
    return [
      nameOf(rs.metadata),
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      ageOf(rs.metadata, now),
      ...templateAndSelectorCells(rs.spec?.template, rs.spec?.selector),
    ];
  },
  fields: (obj) => ({ 'status.replicas': String(asReplicaSet(obj).status?.replicas ?? 0) }),
};
