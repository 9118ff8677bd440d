// LimitRanges: per-type min/max/default constraints. Upstream has no printer for
// them, so `kubectl get limits` shows the generic NAME / CREATED AT table.
import type { KubeObject, LimitRange } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { notSupported, required, type FieldError } from '../../../../api/status.ts';
import { createdAtColumns, createdAtRow } from '../common/columns.ts';
import { validateResourceList } from '../common/resources.ts';

const asLimitRange = (obj: KubeObject) => obj as unknown as LimitRange;

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

function validateLimitRange(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  (asLimitRange(obj).spec?.limits ?? []).forEach((item, i) => {
    const path = `spec.limits[${i}]`;
    if (!item.type) errs.push(required(`${path}.type`));
    else if (!LIMIT_TYPES.includes(item.type)) errs.push(notSupported(`${path}.type`, item.type, LIMIT_TYPES));
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const) {
      errs.push(...validateResourceList(item[key], `${path}.${key}`));
    }
  });
  return errs;
}

export const limitranges: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'limitranges',
  singular: 'limitrange',
  kind: 'LimitRange',
  namespaced: true,
  shortNames: ['limits'],
  definition: 'io.k8s.api.core.v1.LimitRange',

  validate: validateLimitRange,

  columns: createdAtColumns,
  row: (obj) => createdAtRow(obj.metadata),
};
