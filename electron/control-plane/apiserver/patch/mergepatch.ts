// RFC 7386 JSON Merge Patch: null deletes, objects merge recursively,
// everything else (lists included) replaces.
import { clone, isObject } from './json.ts';

/** Returns the patched document; neither argument is modified. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(clone(target), patch);
}

function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: Record<string, unknown> = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergeInto(result[key], value);
  }
  return result;
}
