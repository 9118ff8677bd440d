// Which message a protobuf body holds, by the apiVersion and kind its envelope names.

const BY_GROUP_VERSION: Readonly<Record<string, { pkg: string; kinds: readonly string[] }>> = {
  v1: {
    pkg: 'core',
    kinds: [
      'Namespace', 'Pod', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount',
      'ReplicationController', 'Node', 'Event', 'ResourceQuota', 'LimitRange', 'PersistentVolume',
      'PersistentVolumeClaim', 'Binding', 'PodTemplate',
    ],
  },
  'apps/v1': { pkg: 'apps', kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'] },
  'batch/v1': { pkg: 'batch', kinds: ['Job', 'CronJob'] },
  'coordination.k8s.io/v1': { pkg: 'coordination', kinds: ['Lease'] },
  'autoscaling/v1': { pkg: 'autoscalingv1', kinds: ['Scale', 'HorizontalPodAutoscaler'] },
  'autoscaling/v2': { pkg: 'autoscalingv2', kinds: ['HorizontalPodAutoscaler'] },
  'rbac.authorization.k8s.io/v1': { pkg: 'rbac', kinds: ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'] },
  'networking.k8s.io/v1': { pkg: 'networking', kinds: ['Ingress'] },
  'discovery.k8s.io/v1': { pkg: 'discovery', kinds: ['EndpointSlice'] },
  'events.k8s.io/v1': { pkg: 'events', kinds: ['Event'] },
  'scheduling.k8s.io/v1': { pkg: 'scheduling', kinds: ['PriorityClass'] },
  'policy/v1': { pkg: 'policy', kinds: ['Eviction', 'PodDisruptionBudget'] },
};

/**
 * DeleteOptions and Status belong to meta/v1 but are registered in every group
 * version, so a client may label them with any apiVersion (a typed client uses
 * its own group's).
 */
const META_KINDS: ReadonlySet<string> = new Set(['DeleteOptions', 'Status']);

/** The qualified message name for a GVK, or undefined when we have no schema for it. */
export function messageFor(apiVersion: string, kind: string): string | undefined {
  if (META_KINDS.has(kind)) return `meta.${kind}`;
  const entry = BY_GROUP_VERSION[apiVersion];
  return entry?.kinds.includes(kind) ? `${entry.pkg}.${kind}` : undefined;
}
