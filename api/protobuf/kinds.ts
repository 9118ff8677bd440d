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
