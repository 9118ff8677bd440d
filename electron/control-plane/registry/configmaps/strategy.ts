// ConfigMaps: data and binaryData keys must be valid file-like keys and unique across both.
import type { ConfigMap, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { immutableDataErrors, validateDataKeys } from '../common/datakeys.ts';
import { duplicate, tooLong, type FieldError } from '../../../../api/status.ts';

const asConfigMap = (obj: KubeObject) => obj as unknown as ConfigMap;

/** Upstream's limit on the total size of a ConfigMap's data (1 MiB). */
const MAX_CONFIGMAP_BYTES = 1024 * 1024;

function validateConfigMap(obj: KubeObject): FieldError[] {
  const cm = asConfigMap(obj);
  const errs = [...validateDataKeys(Object.keys(cm.data ?? {}), 'data'), ...validateDataKeys(Object.keys(cm.binaryData ?? {}), 'binaryData')];
  for (const key of Object.keys(cm.binaryData ?? {})) {
    if (cm.data && key in cm.data) errs.push(duplicate('data', key));
  }
  let size = 0;
  for (const value of Object.values(cm.data ?? {})) size += value.length;
  for (const value of Object.values(cm.binaryData ?? {})) size += Math.floor((value.length * 3) / 4);
  if (size > MAX_CONFIGMAP_BYTES) errs.push(tooLong('', MAX_CONFIGMAP_BYTES));
  return errs;
}

export const configmaps: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  namespaced: true,
  shortNames: ['cm'],
  definition: 'io.k8s.api.core.v1.ConfigMap',

  validate: validateConfigMap,
  validateUpdate(obj, old) {
    const cm = asConfigMap(obj);
    const before = asConfigMap(old);
    return immutableDataErrors(before.immutable, cm.immutable, [cm.data, cm.binaryData], [before.data, before.binaryData]);
  },

  columns: [nameColumn, column('Data', 'Data contains the configuration data.'), ageColumn],
  row(obj, now) {
    const cm = asConfigMap(obj);
    return [nameOf(cm.metadata), Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, ageOf(cm.metadata, now)];
  },
};
