// StatefulSets: pods with stable names and storage, created in order.
import type { KubeObject, StatefulSet } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateCells } from '../common/workload.ts';
import { defaultPodTemplate } from '../common/podspec-defaults.ts';
import { LONG_RUNNING, nonNegative, validateSelector, validateTemplate } from '../common/podtemplate.ts';
import { isEqual } from '../common/equal.ts';
import { forbidden, notSupported, type FieldError } from '../../../../api/status.ts';

const asStatefulSet = (obj: KubeObject) => obj as unknown as StatefulSet;

const POD_MANAGEMENT = ['OrderedReady', 'Parallel'];
const UPDATE_STRATEGIES = ['OnDelete', 'RollingUpdate'];
/** The spec fields an update may change; the rest is fixed at creation. */
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit'];

function validateStatefulSet(obj: KubeObject): FieldError[] {
  const spec = asStatefulSet(obj).spec;
  const errs = [
    ...nonNegative(spec?.replicas, 'spec.replicas'),
    ...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds'),
    ...validateSelector(spec?.selector, 'spec.selector', 'statefulset'),
    ...validateTemplate(spec?.template, spec?.selector, 'spec.template', LONG_RUNNING),
  ];
  const policy = spec?.podManagementPolicy;
  if (policy && !POD_MANAGEMENT.includes(policy)) errs.push(notSupported('spec.podManagementPolicy', policy, POD_MANAGEMENT));
  const strategy = spec?.updateStrategy?.type;
  if (strategy && !UPDATE_STRATEGIES.includes(strategy)) errs.push(notSupported('spec.updateStrategy.type', strategy, UPDATE_STRATEGIES));
  errs.push(...nonNegative(spec?.updateStrategy?.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  return errs;
}

function validateStatefulSetUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const strip = (spec: StatefulSet['spec']) => Object.fromEntries(Object.entries(spec ?? {}).filter(([k]) => !MUTABLE.includes(k)));
  if (isEqual(strip(asStatefulSet(obj).spec), strip(asStatefulSet(old).spec))) return [];
  return [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}

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

  defaults(obj) {
    const spec = asStatefulSet(obj).spec;
    if (!spec) return;
    spec.replicas ??= 1;
    spec.podManagementPolicy ??= 'OrderedReady';
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate ??= {};
      spec.updateStrategy.rollingUpdate.partition ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    spec.persistentVolumeClaimRetentionPolicy ??= {};
    spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
    spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
    for (const claim of spec.volumeClaimTemplates ?? []) {
      claim.spec ??= {};
      claim.spec.volumeMode ??= 'Filesystem';
    }
    defaultPodTemplate(spec.template);
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,

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
