// PodDisruptionBudgets: how many pods voluntary evictions may take down.
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { invalid, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { validateIntOrPercent } from '../common/intorpercent.ts';

const asPDB = (obj: KubeObject) => obj as unknown as PodDisruptionBudget;

function validatePDB(obj: KubeObject): FieldError[] {
  const spec = asPDB(obj).spec ?? {};
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (spec.minAvailable !== undefined) errs.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  if (spec.maxUnavailable !== undefined) errs.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  return errs;
}

export const poddisruptionbudgets: ResourceDef = {
  group: 'policy',
  version: 'v1',
  resource: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  kind: 'PodDisruptionBudget',
  namespaced: true,
  shortNames: ['pdb'],
  definition: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  status: true,
  generation: true,

  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validatePDB,

  columns: [
    nameColumn,
    column('Min Available', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', 'integer'),
    ageColumn,
  ],
  row(obj, now) {
    const pdb = asPDB(obj);
    return [
      nameOf(pdb.metadata),
      pdb.spec?.minAvailable !== undefined ? String(pdb.spec.minAvailable) : 'N/A',
      pdb.spec?.maxUnavailable !== undefined ? String(pdb.spec.maxUnavailable) : 'N/A',
      pdb.status?.disruptionsAllowed ?? 0,
      ageOf(pdb.metadata, now),
    ];
  },
};
