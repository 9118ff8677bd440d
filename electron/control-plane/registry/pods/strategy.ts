// Pods: the unit the scheduler places and the agent runs. Defaults follow upstream's
// defaulters plus what its admission plugins add on create (service account,
// priority, the not-ready/unreachable tolerations of DefaultTolerationSeconds).
import type { KubeObject, Pod, PodStatus } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { DEFAULT_GRACE_SECONDS, defaultPodSpec } from '../common/podspec-defaults.ts';
import { validatePodSpec } from '../common/podspec-validation.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';
import { podColumns, podRow } from './table.ts';
import { qosClass } from '../../../../api/qos.ts';
import { validatePodUpdate } from './update.ts';

const asPod = (obj: KubeObject) => obj as unknown as Pod;

/** DefaultTolerationSeconds admission: pods ride out a node's short absence for five minutes. */
const DEFAULT_TOLERATION_SECONDS = 300;
const NODE_CONDITION_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

function addDefaultTolerations(pod: Pod): void {
  const spec = pod.spec!;
  const tolerations = spec.tolerations ?? [];
  for (const key of NODE_CONDITION_TAINTS) {
    // Upstream skips a taint the pod already tolerates for NoExecute (or for every effect).
    const covered = tolerations.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'));
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  spec.tolerations = tolerations;
}

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

  defaults(obj) {
    const spec = asPod(obj).spec;
    if (!spec) return;
    defaultPodSpec(spec);
    // SetDefaults_Pod, for Pods only (not templates).
    spec.enableServiceLinks ??= true;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      // Requests default to limits, so a pod with only limits is Guaranteed.
      if (c.resources?.limits) c.resources.requests = { ...c.resources.limits, ...c.resources.requests };
      if (spec.hostNetwork) for (const p of c.ports ?? []) p.hostPort ??= p.containerPort;
    }
  },
  prepareForCreate(obj) {
    const pod = asPod(obj);
    const spec = pod.spec;
    if (spec) {
      // ServiceAccount and Priority admission.
      spec.serviceAccountName ||= spec.serviceAccount || 'default';
      spec.serviceAccount = spec.serviceAccountName;
      spec.priority ??= 0;
      addDefaultTolerations(pod);
    }
    const status: PodStatus = { phase: 'Pending', qosClass: qosClass(pod) };
    obj.status = status;
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: (obj) => validatePodSpec(asPod(obj).spec, 'spec'),
  validateUpdate: (obj, old) => validatePodUpdate(asPod(obj), asPod(old)),
  gracefulDeletion(obj) {
    const pod = asPod(obj);
    // Nothing to stop on a node: a pod never scheduled, or one that already finished, goes at once.
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    return pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  },

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
