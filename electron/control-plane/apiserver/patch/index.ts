// The PATCH verb: picks the patch format from the Content-Type and applies it,
// answering malformed bodies with 400 and formats we cannot apply with 415,
// as upstream does.
import { parse as parseYaml } from 'yaml';
import { StatusError, errors } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import { applyPatch } from './apply.ts';
import type { ApplyOptions } from './apply.ts';
import { isObject } from './json.ts';
import { applyJsonPatch, parseJsonPatch } from './jsonpatch.ts';
import { applyMergePatch } from './mergepatch.ts';
import { applyStrategicMergePatch } from './strategic.ts';

export { applyPatch, updateManagedFields } from './apply.ts';
export type { ApplyOptions, ManagedFieldsOptions } from './apply.ts';
export type { FieldMeta, SchemaWalker } from './schema.ts';
export { openAPIWalker, walkerFor } from './openapi-walker.ts';

/** What a patch needs besides the object: the kind's schema, and for apply the manager and force flag. */
export type PatchContext = ApplyOptions;

/**
 * The object `body` (decoded, or the raw request text) makes of `live`. Only
 * server-side apply accepts a missing `live`: it then creates the object.
 */
export function applyPatchByContentType(contentType: string, live: KubeObject | undefined, body: unknown, ctx: PatchContext): KubeObject {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  switch (mediaType) {
    case 'application/json-patch+json':
      return patched(applyJsonPatch(requireLive(live), parseJsonPatch(decode(body, 'json'))));
    case 'application/merge-patch+json': {
      const patch = decode(body, 'json');
      if (!isObject(patch)) throw errors.badRequest('Invalid JSON Patch');
      return patched(applyMergePatch(requireLive(live), patch));
    }
    case 'application/strategic-merge-patch+json': {
      if (!ctx.walker) {
        throw new StatusError(415, 'UnsupportedMediaType', 'strategic merge patch format is not supported');
      }
      const patch = decode(body, 'json');
      if (!isObject(patch)) throw errors.badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
      return patched(applyStrategicMergePatch(requireLive(live), patch, ctx.walker));
    }
    case 'application/apply-patch+yaml': {
      const applied = decode(body, 'yaml');
      if (!isObject(applied)) throw errors.badRequest('error decoding YAML: the applied configuration must be an object');
      return applyPatch(live, applied as KubeObject, ctx);
    }
    default:
      throw errors.unsupportedMediaType(contentType);
  }
}

function decode(body: unknown, format: 'json' | 'yaml'): unknown {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
  if (text === undefined) return body;
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw errors.badRequest(format === 'json' ? `invalid JSON document: ${why}` : `error decoding YAML: ${why}`);
  }
}

function requireLive(live: KubeObject | undefined): KubeObject {
  if (!live) throw errors.internal('only server-side apply can patch an object that does not exist');
  return live;
}

/** Patches may turn the object into anything; what comes back must still be an object. */
function patched(result: unknown): KubeObject {
  if (!isObject(result)) throw errors.badRequest('the patch did not produce an object');
  if (!isObject(result.metadata)) result.metadata = {};
  return result as KubeObject;
}
