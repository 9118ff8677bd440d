// Services: a stable address in front of a set of pods.
import type { KubeObject, Service } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';
import { serviceColumns, serviceRow } from './table.ts';

const asService = (obj: KubeObject) => obj as unknown as Service;

export const services: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  definition: 'io.k8s.api.core.v1.Service',
  status: true,

  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,

  columns: serviceColumns,
  row: (obj, now) => serviceRow(asService(obj), now),
};
