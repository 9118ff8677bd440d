// PriorityClasses: named pod priorities the scheduler orders and preempts by.
import type { KubeObject, PriorityClass } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { forbidden, invalid, notSupported, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { immutableField } from '../common/immutable.ts';

const asPriorityClass = (obj: KubeObject) => obj as unknown as PriorityClass;

/** User classes may not go above one billion; higher values are kept for system-* classes. */
const HIGHEST_USER_PRIORITY = 1_000_000_000;
const PREEMPTION_POLICIES = ['Never', 'PreemptLowerPriority'];

function validatePriorityClass(obj: KubeObject): FieldError[] {
  const pc = asPriorityClass(obj);
  const errs: FieldError[] = [];
  const name = pc.metadata?.name ?? '';
  if (name.startsWith('system-') && !['system-cluster-critical', 'system-node-critical'].includes(name)) {
    errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved"));
  }
  if (!name.startsWith('system-') && pc.value > HIGHEST_USER_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`));
  }
  if (!Number.isInteger(pc.value)) errs.push(invalid('value', pc.value, 'must be an integer'));
  if (pc.preemptionPolicy && !PREEMPTION_POLICIES.includes(pc.preemptionPolicy)) errs.push(notSupported('preemptionPolicy', pc.preemptionPolicy, PREEMPTION_POLICIES));
  return errs;
}

export const priorityclasses: ResourceDef = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  resource: 'priorityclasses',
  singular: 'priorityclass',
  kind: 'PriorityClass',
  namespaced: false,
  shortNames: ['pc'],
  definition: 'io.k8s.api.scheduling.v1.PriorityClass',

  defaults(obj) {
    asPriorityClass(obj).preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate: validatePriorityClass,
  validateUpdate(obj, old) {
    const pc = asPriorityClass(obj);
    const before = asPriorityClass(old);
    return [...immutableField(pc.value, before.value, 'value'), ...immutableField(pc.preemptionPolicy, before.preemptionPolicy, 'preemptionPolicy')];
  },

  columns: [
    nameColumn,
    column('Value', 'value represents the integer value of this priority class.', 'integer'),
    column('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.', 'boolean'),
    ageColumn,
    column('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  row(obj, now) {
    const pc = asPriorityClass(obj);
    return [nameOf(pc.metadata), pc.value ?? 0, pc.globalDefault ?? false, ageOf(pc.metadata, now), pc.preemptionPolicy ?? ''];
  },
};
