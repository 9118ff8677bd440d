// URL paths and query strings of the Kubernetes REST API.
import type { ResourceRef } from './types.ts';

// Refs are mostly the shared constants in R: build each group/version prefix once.
const prefixes = new WeakMap<ResourceRef, string>();

function prefixOf(ref: ResourceRef): string {
  let prefix = prefixes.get(ref);
  if (prefix === undefined) {
    prefix = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
    prefixes.set(ref, prefix);
  }
  return prefix;
}

/** The collection path, or one object's when `name` is given; cluster-scoped when `namespace` is not. */
export function resourcePath(ref: ResourceRef, namespace: string | undefined, name?: string, subresource?: string): string {
  let path = prefixOf(ref);
  if (namespace) path += `/namespaces/${namespace}`;
  path += `/${ref.resource}`;
  if (name !== undefined) path += `/${name}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** `?k=v&…` from the defined values, or '' when there are none. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  let out = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined || value === '') continue;
    out += `${out ? '&' : '?'}${key}=${encodeURIComponent(value)}`;
  }
  return out;
}
