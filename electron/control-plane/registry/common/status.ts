// The spec/status split of resources with a status subresource, as upstream's
// strategies do it: spec writes cannot touch status, status writes touch only status.
import type { KubeObject } from '../../../../api/types.ts';

/** prepareForUpdate of the main resource: the stored status stays. */
export function keepStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = old.status;
}

/**
 * prepareForStatusUpdate: everything but status comes from the stored object,
 * and the metadata a status writer may not change is reset as upstream's
 * ResetObjectMetaForStatus does (other metadata, e.g. managedFields, stays as sent).
 */
export function keepAllButStatus(obj: KubeObject, old: KubeObject): void {
  const passThrough = new Set(['status', 'metadata', 'apiVersion', 'kind']);
  for (const key of Object.keys(obj)) if (!passThrough.has(key)) delete obj[key];
  for (const key of Object.keys(old)) if (!passThrough.has(key)) obj[key] = old[key];
  const meta = { ...obj.metadata };
  for (const key of ['deletionTimestamp', 'generation', 'labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
    if (old.metadata[key] === undefined) delete meta[key];
    else (meta as Record<string, unknown>)[key] = old.metadata[key];
  }
  obj.metadata = meta;
}

/** prepareForCreate of a kind whose status only controllers write. */
export function resetStatus(obj: KubeObject): void {
  delete obj.status;
}
