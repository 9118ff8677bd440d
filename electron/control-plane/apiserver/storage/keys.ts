// Where each resource's objects live in the store. Resources that share storage
// (autoscaling v1 and v2 HPAs) resolve to the same prefix.
import type { ResourceDef } from '../../registry/types.ts';

export function storagePrefix(def: ResourceDef): string {
  const owner = def.storageOf ?? { group: def.group, resource: def.resource };
  return `/registry/${owner.group || 'core'}/${owner.resource}/`;
}

export function objectKey(def: ResourceDef, namespace: string | undefined, name: string): string {
  return def.namespaced ? `${storagePrefix(def)}${namespace}/${name}` : `${storagePrefix(def)}${name}`;
}

/** Prefix of one namespace's objects, or of all of them. */
export function listPrefix(def: ResourceDef, namespace: string | undefined): string {
  return def.namespaced && namespace ? `${storagePrefix(def)}${namespace}/` : storagePrefix(def);
}
