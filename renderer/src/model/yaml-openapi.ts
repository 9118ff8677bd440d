// The API server's OpenAPI v3 documents turned into one JSON Schema (draft-07)
// that monaco-yaml can validate, complete and explain a YAML file with. A file
// may hold several kinds, so the root picks each document's schema by its
// apiVersion and kind.
import { apiVersionOf, type GroupVersionKind } from '../../../api/types.ts';

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiDocument {
  components?: { schemas?: Record<string, JsonSchema> };
}

const COMPONENT_REF = '#/components/schemas/';
const DEFINITION_REF = '#/definitions/';

/** The name under components.schemas of the schema for gvk, from its x-kubernetes-group-version-kind. */
export function schemaNameFor(document: OpenApiDocument, gvk: GroupVersionKind): string | undefined {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const kinds = schema['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds)) continue;
    const match = kinds.some((k: Partial<GroupVersionKind>) => (k.group ?? '') === gvk.group && k.version === gvk.version && k.kind === gvk.kind);
    if (match) return name;
  }
  return undefined;
}

/**
 * A copy of an OpenAPI schema as JSON Schema: refs point into `definitions`,
 * and objects with declared properties refuse others, as the server's strict
 * field validation does, so a misspelt field is marked where it is typed.
 */
function convert(value: unknown, refs: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, refs));
  if (!value || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith(COMPONENT_REF)) {
      const name = item.slice(COMPONENT_REF.length);
      refs.add(name);
      out.$ref = DEFINITION_REF + name;
    } else {
      out[key] = convert(item, refs);
    }
  }
  const open = out.additionalProperties !== undefined || out['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties && typeof out.properties === 'object' && !open) out.additionalProperties = false;
  return out;
}

/** Adds the schema `name` and everything it refers to, converted, to definitions. */
export function addDefinitions(document: OpenApiDocument, name: string, definitions: Record<string, JsonSchema>): void {
  const schemas = document.components?.schemas ?? {};
  const pending = [name];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (definitions[next] || !schemas[next]) continue;
    const refs = new Set<string>();
    definitions[next] = convert(schemas[next], refs) as JsonSchema;
    pending.push(...refs);
  }
}

export interface KindSchema {
  gvk: GroupVersionKind;
  /** Its name in definitions. */
  name: string;
}

/** The root schema: each YAML document is checked against the definition its apiVersion and kind select. */
export function rootSchema(kinds: KindSchema[], definitions: Record<string, JsonSchema>): JsonSchema {
  return {
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { type: 'string', description: 'The group and version of the schema of this object, e.g. apps/v1.' },
      kind: { type: 'string', description: 'The kind of object, e.g. Deployment.' },
    },
    allOf: kinds.map(({ gvk, name }) => ({
      if: {
        required: ['apiVersion', 'kind'],
        properties: { apiVersion: { const: apiVersionOf(gvk.group, gvk.version) }, kind: { const: gvk.kind } },
      },
      then: { $ref: DEFINITION_REF + name },
    })),
    definitions,
  };
}
