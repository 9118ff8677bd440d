// Deployments: declarative rollouts of ReplicaSets.
import type { Deployment, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateAndSelectorCells } from '../common/workload.ts';
import { defaultPodTemplate } from '../common/podspec-defaults.ts';
import { LONG_RUNNING, nonNegative, validateSelector, validateTemplate } from '../common/podtemplate.ts';
import { immutableField } from '../common/immutable.ts';
import { validateIntOrPercent, scaledValue } from '../common/intorpercent.ts';
import { forbidden, invalid, notSupported, type FieldError } from '../../../../api/status.ts';

const asDeployment = (obj: KubeObject) => obj as unknown as Deployment;

const STRATEGY_TYPES = ['Recreate', 'RollingUpdate'];

function validateStrategy(d: Deployment): FieldError[] {
  const strategy = d.spec?.strategy;
  const path = 'spec.strategy';
  if (!strategy?.type) return [];
  if (!STRATEGY_TYPES.includes(strategy.type)) return [notSupported(`${path}.type`, strategy.type, STRATEGY_TYPES)];
  const rolling = strategy.rollingUpdate;
  if (strategy.type === 'Recreate') {
    return rolling ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")] : [];
  }
  if (!rolling) return [];
  const errs: FieldError[] = [];
  for (const key of ['maxUnavailable', 'maxSurge'] as const) {
    const value = rolling[key];
    if (value === undefined) continue;
    errs.push(...validateIntOrPercent(value, `${path}.rollingUpdate.${key}`));
    if (typeof value === 'string' && scaledValue(value, 100, false) > 100) errs.push(invalid(`${path}.rollingUpdate.${key}`, value, 'must not be greater than 100%'));
  }
  // Both zero would let a rollout make no progress.
  if (errs.length === 0 && scaledValue(rolling.maxUnavailable, 100, false) === 0 && scaledValue(rolling.maxSurge, 100, true) === 0) {
    errs.push(invalid(`${path}.rollingUpdate.maxUnavailable`, rolling.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  return errs;
}

function validateDeployment(obj: KubeObject): FieldError[] {
  const d = asDeployment(obj);
  const spec = d.spec;
  const errs = [
    ...nonNegative(spec?.replicas, 'spec.replicas'),
    ...validateSelector(spec?.selector, 'spec.selector', 'deployment'),
    ...validateTemplate(spec?.template, spec?.selector, 'spec.template', LONG_RUNNING),
    ...validateStrategy(d),
    ...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec?.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  const deadline = spec?.progressDeadlineSeconds;
  if (deadline !== undefined) {
    errs.push(...nonNegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (spec?.minReadySeconds ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export const deployments: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  definition: 'io.k8s.api.apps.v1.Deployment',
  status: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
  generation: true,

  defaults(obj) {
    const spec = asDeployment(obj).spec;
    if (!spec) return;
    spec.replicas ??= 1;
    spec.strategy ??= {};
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(spec.template);
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateDeployment,
  validateUpdate: (obj, old) => immutableField(asDeployment(obj).spec?.selector, asDeployment(old).spec?.selector, 'spec.selector'),

  columns: [
    nameColumn,
    column('Ready', 'Number of the pod with ready state'),
    column('Up-to-date', 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn,
    ...templateColumns,
    selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  row(obj, now) {
    const d = asDeployment(obj);
    const status = d.status ?? {};
    return [
      nameOf(d.metadata),
      `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      ageOf(d.metadata, now),
      ...templateAndSelectorCells(d.spec?.template, d.spec?.selector),
    ];
  },
};
