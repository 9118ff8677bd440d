// The pod fields the downward API exposes (env fieldRef and downwardAPI volume
// items), rendered as upstream's fieldpath.ExtractFieldPathAsString does.
import type { Pod } from '../../api/types.ts';

export interface PodAddresses {
  podIP: string;
  hostIP: string;
}

/** Upstream's FormatMap: `key="value"` lines sorted by key, for whole label and annotation maps. */
export function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/** `metadata.labels['x']` → x; undefined for other paths. */
function subscript(path: string, prefix: string): string | undefined {
  if (!path.startsWith(`${prefix}['`) || !path.endsWith("']")) return undefined;
  return path.slice(prefix.length + 2, -2);
}

export function podFieldValue(pod: Pod, fieldPath: string, addresses: PodAddresses): string {
  const meta = pod.metadata ?? {};
  const label = subscript(fieldPath, 'metadata.labels');
  if (label !== undefined) return meta.labels?.[label] ?? '';
  const annotation = subscript(fieldPath, 'metadata.annotations');
  if (annotation !== undefined) return meta.annotations?.[annotation] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'metadata.labels':
      return formatMap(meta.labels);
    case 'metadata.annotations':
      return formatMap(meta.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
    case 'status.hostIPs':
      return addresses.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return addresses.podIP;
    default:
      throw new Error(`unsupported fieldPath: ${fieldPath}`);
  }
}
