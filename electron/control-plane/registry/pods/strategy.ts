// Pods: the unit the scheduler places and the agent runs.
import type { KubeObject, Pod } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';
import { podColumns, podRow } from './table.ts';

const asPod = (obj: KubeObject) => obj as unknown as Pod;

export const pods: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  definition: 'io.k8s.api.core.v1.Pod',
  status: true,

  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,

  columns: podColumns,
  row: (obj, now) => podRow(asPod(obj), now),
  fields(obj) {
    const pod = asPod(obj);
    return {
      'spec.nodeName': pod.spec?.nodeName ?? '',
      'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
      'spec.schedulerName': pod.spec?.schedulerName ?? '',
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
      'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
      'status.phase': pod.status?.phase ?? '',
      // Upstream matches the first pod IP only.
      'status.podIP': pod.status?.podIP ?? '',
      'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
    };
  },
};
