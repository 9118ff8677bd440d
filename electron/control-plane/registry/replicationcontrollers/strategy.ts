// ReplicationControllers: the original ReplicaSet, with a map selector.
import type { KubeObject, ReplicationController } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, containerCells, formatLabels, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { defaultPodTemplate } from '../common/podspec-defaults.ts';
import { LONG_RUNNING, nonNegative, validateTemplate } from '../common/podtemplate.ts';
import { required, type FieldError } from '../../../../api/status.ts';
import { validateLabels } from '../../../../api/validation.ts';

const asRC = (obj: KubeObject) => obj as unknown as ReplicationController;

function validateRC(obj: KubeObject): FieldError[] {
  const spec = asRC(obj).spec;
  const selector = spec?.selector ?? {};
  const errs = [...nonNegative(spec?.replicas, 'spec.replicas'), ...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds')];
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  else errs.push(...validateLabels(selector, 'spec.selector'));
  errs.push(...validateTemplate(spec?.template, { matchLabels: selector }, 'spec.template', LONG_RUNNING));
  return errs;
}

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

  defaults(obj) {
    const spec = asRC(obj).spec;
    if (!spec) return;
    spec.replicas ??= 1;
    // Upstream fills an absent selector and labels from each other.
    const templateLabels = spec.template?.metadata?.labels;
    if (templateLabels && Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...templateLabels };
    defaultPodTemplate(spec.template);
    if (spec.template?.metadata && !spec.template.metadata.labels && spec.selector) spec.template.metadata.labels = { ...spec.selector };
    if (obj.metadata.labels === undefined && spec.template?.metadata?.labels) obj.metadata.labels = { ...spec.template.metadata.labels };
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateRC,

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
