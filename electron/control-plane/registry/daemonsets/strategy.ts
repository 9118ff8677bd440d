// DaemonSets: one pod per eligible node.
import type { DaemonSet, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, formatLabels, nameColumn, nameOf, selectorColumn, templateColumns } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { templateAndSelectorCells } from '../common/workload.ts';
import { defaultPodTemplate } from '../common/podspec-defaults.ts';
import { LONG_RUNNING, nonNegative, validateSelector, validateTemplate } from '../common/podtemplate.ts';
import { immutableField } from '../common/immutable.ts';
import { validateIntOrPercent } from '../common/intorpercent.ts';
import { notSupported, type FieldError } from '../../../../api/status.ts';

const asDaemonSet = (obj: KubeObject) => obj as unknown as DaemonSet;

const UPDATE_STRATEGIES = ['OnDelete', 'RollingUpdate'];

function validateDaemonSet(obj: KubeObject): FieldError[] {
  const spec = asDaemonSet(obj).spec;
  const errs = [
    ...validateSelector(spec?.selector, 'spec.selector', 'daemonset'),
    ...validateTemplate(spec?.template, spec?.selector, 'spec.template', LONG_RUNNING),
    ...nonNegative(spec?.minReadySeconds, 'spec.minReadySeconds'),
    ...nonNegative(spec?.revisionHistoryLimit, 'spec.revisionHistoryLimit'),
  ];
  const strategy = spec?.updateStrategy;
  if (strategy?.type && !UPDATE_STRATEGIES.includes(strategy.type)) errs.push(notSupported('spec.updateStrategy.type', strategy.type, UPDATE_STRATEGIES));
  for (const key of ['maxUnavailable', 'maxSurge'] as const) {
    const value = strategy?.rollingUpdate?.[key];
    if (value !== undefined) errs.push(...validateIntOrPercent(value, `spec.updateStrategy.rollingUpdate.${key}`));
  }
  return errs;
}

export const daemonsets: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  singular: 'daemonset',
  kind: 'DaemonSet',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  definition: 'io.k8s.api.apps.v1.DaemonSet',
  status: true,
  generation: true,

  defaults(obj) {
    const spec = asDaemonSet(obj).spec;
    if (!spec) return;
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate ??= {};
      spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
      spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    defaultPodTemplate(spec.template);
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateDaemonSet,
  validateUpdate: (obj, old) => immutableField(asDaemonSet(obj).spec?.selector, asDaemonSet(old).spec?.selector, 'spec.selector'),

  columns: [
    nameColumn,
    column('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', 'integer'),
    column('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', 'integer'),
    column('Ready', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', 'integer'),
    column('Up-to-date', 'The total number of nodes that are running updated daemon pod', 'integer'),
    column('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', 'integer'),
    column('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageColumn,
    ...templateColumns,
    selectorColumn('A label query over pods that are managed by the daemon set.'),
  ],
  row(obj, now) {
    const ds = asDaemonSet(obj);
    const s = ds.status;
    return [
      nameOf(ds.metadata),
      s?.desiredNumberScheduled ?? 0,
      s?.currentNumberScheduled ?? 0,
      s?.numberReady ?? 0,
      s?.updatedNumberScheduled ?? 0,
      s?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds.metadata, now),
      ...templateAndSelectorCells(ds.spec?.template, ds.spec?.selector),
    ];
  },
};
