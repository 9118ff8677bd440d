// Runtime access to the generated definitions: by name, and by field path with
// $refs followed, so patching and validation code can ask "what is spec.containers?".
import raw from './definitions.json' with { type: 'json' };
import { DEFINITION_REF_PREFIX } from './schema.ts';
import type { Definitions, Schema } from './schema.ts';

export const definitions: Definitions = raw as Definitions;

export function schemaOf(name: string): Schema | undefined {
  return Object.hasOwn(definitions, name) ? definitions[name] : undefined;
}

/** The definition name a `#/definitions/…` ref points at. */
export function refName(schema: Schema): string | undefined {
  return schema.$ref?.startsWith(DEFINITION_REF_PREFIX) ? schema.$ref.slice(DEFINITION_REF_PREFIX.length) : undefined;
}

/**
 * The schema with its $ref replaced by the referenced definition. What the
 * referring property says itself (its description and list/map extensions)
 * wins over the definition's.
 */
export function resolved(schema: Schema): Schema {
  const name = refName(schema);
  if (name === undefined) return schema;
  // Every request walks the same schemas: resolve each referring property once.
  let result = resolvedCache.get(schema);
  if (!result) {
    const target = schemaOf(name);
    if (!target) throw new Error(`dangling OpenAPI ref ${schema.$ref}`);
    const { $ref: _ref, ...own } = schema;
    result = { ...target, ...own };
    resolvedCache.set(schema, result);
  }
  return result;
}

const resolvedCache = new WeakMap<Schema, Schema>();

/**
 * The resolved schema of the field at `path` inside the definition `defName`,
 * e.g. (`io.k8s.api.core.v1.Pod`, ['spec', 'containers']) → an array schema with
 * x-kubernetes-patch-merge-key "name". Lists are stepped through implicitly
 * (['spec', 'containers', 'ports'] is the ports of a container), and a segment
 * under a map is one of its keys. Undefined when the path leaves the schema.
 */
export function fieldSchema(defName: string, path: readonly string[]): Schema | undefined {
  const root = schemaOf(defName);
  if (!root) return undefined;
  let current = resolved(root);
  for (const segment of path) {
    if (current.type === 'array' && current.items) current = resolved(current.items);
    const next = current.properties?.[segment] ?? current.additionalProperties;
    if (!next) return undefined;
    current = resolved(next);
  }
  return current;
}
