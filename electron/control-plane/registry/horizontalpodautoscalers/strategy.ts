// HorizontalPodAutoscalers, served as autoscaling/v2 and autoscaling/v1 from one storage.
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { invalid, required, type FieldError } from '../../../../api/status.ts';
import { keepAllButStatus, keepStatus, resetStatus } from '../common/status.ts';
import { hpaColumns, hpaRow, type AnyHPA } from './table.ts';

const asHPA = (obj: KubeObject) => obj as unknown as AnyHPA;

/** The CPU target upstream's v2 defaulter adds when no metric is given. */
const DEFAULT_CPU_UTILIZATION = 80;

function validateHPA(obj: KubeObject): FieldError[] {
  const spec = asHPA(obj).spec;
  const errs: FieldError[] = [];
  if (!spec?.scaleTargetRef?.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!spec?.scaleTargetRef?.name) errs.push(required('spec.scaleTargetRef.name'));
  const min = spec?.minReplicas;
  const max = spec?.maxReplicas ?? 0;
  if (min !== undefined && min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const cpu = spec?.targetCPUUtilizationPercentage;
  if (cpu !== undefined && cpu < 1) errs.push(invalid('spec.targetCPUUtilizationPercentage', cpu, 'must be greater than 0'));
  return errs;
}

const shared = {
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  status: true,
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validateHPA,
  columns: hpaColumns,
  row: (obj: KubeObject, now: Date) => hpaRow(asHPA(obj), now),
};

export const horizontalpodautoscalers: ResourceDef = {
  ...shared,
  group: 'autoscaling',
  version: 'v2',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  kind: 'HorizontalPodAutoscaler',
  definition: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  defaults(obj) {
    const hpa = asHPA(obj);
    if (!hpa.spec) return;
    hpa.spec.minReplicas ??= 1;
    if (!hpa.spec.metrics?.length && hpa.spec.targetCPUUtilizationPercentage === undefined) {
      hpa.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
    }
  },
};

export const horizontalpodautoscalersV1: ResourceDef = {
  ...shared,
  group: 'autoscaling',
  version: 'v1',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  kind: 'HorizontalPodAutoscaler',
  storageOf: { group: 'autoscaling', resource: 'horizontalpodautoscalers' },
  definition: 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
  defaults(obj) {
    const hpa = asHPA(obj);
    if (hpa.spec) hpa.spec.minReplicas ??= 1;
  },
};
