// A SchemaWalker over OpenAPI schemas as upstream publishes them (v2
// definitions or v3 components): `$ref` or `allOf: [{$ref}]` links, properties,
// items, additionalProperties, and the x-kubernetes-* patch and list extensions,
// which may sit on the property or on the definition it refers to.
import { definitions } from '../../../../api/openapi/index.ts';
import type { FieldMeta, SchemaWalker } from './schema.ts';

export interface OpenAPISchema {
  $ref?: string;
  allOf?: OpenAPISchema[];
  type?: string;
  properties?: Record<string, OpenAPISchema>;
  items?: OpenAPISchema;
  additionalProperties?: OpenAPISchema | boolean;
  default?: unknown;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/**
 * Upstream's schema defaults for the list-map key fields that are optional:
 * without them an applied port that leaves out `protocol` could not be told
 * apart from the live one (which the registry defaulted to TCP). The generated
 * Swagger 2.0 definitions carry no defaults, so they are added here.
 */
const KEY_DEFAULTS: Record<string, Record<string, unknown>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

let builtIn: Record<string, OpenAPISchema> | undefined;

function builtInSchemas(): Record<string, OpenAPISchema> {
  if (builtIn) return builtIn;
  const schemas: Record<string, OpenAPISchema> = { ...definitions };
  for (const [name, fields] of Object.entries(KEY_DEFAULTS)) {
    const schema = schemas[name];
    if (!schema?.properties) continue;
    const properties = { ...schema.properties };
    for (const [field, value] of Object.entries(fields)) {
      if (properties[field]) properties[field] = { default: value, ...properties[field] };
    }
    schemas[name] = { ...schema, properties };
  }
  return (builtIn = schemas);
}

/** The walker of a built-in kind's generated definition; undefined for kinds without one (custom resources). */
export function walkerFor(definition: string | undefined): SchemaWalker | undefined {
  return definition && Object.hasOwn(definitions, definition) ? openAPIWalker(builtInSchemas(), definition) : undefined;
}

/** `schemas` maps definition names (the part after `#/components/schemas/` or `#/definitions/`) to schemas. */
export function openAPIWalker(schemas: Readonly<Record<string, OpenAPISchema>>, root: string | OpenAPISchema): SchemaWalker {
  const rootSchema = typeof root === 'string' ? { $ref: `#/components/schemas/${root}` } : root;
  return walkerAt(schemas, rootSchema);
}

function walkerAt(schemas: Readonly<Record<string, OpenAPISchema>>, schema: OpenAPISchema): SchemaWalker {
  const chain = resolveChain(schemas, schema);
  const target = chain[chain.length - 1];
  return {
    field(name) {
      const property = target.properties?.[name];
      return property ? walkerAt(schemas, property) : undefined;
    },
    items() {
      const element = target.items ?? (typeof target.additionalProperties === 'object' ? target.additionalProperties : undefined);
      return element ? walkerAt(schemas, element) : undefined;
    },
    meta() {
      // The property's own extensions win over those of the definition it names.
      const meta: FieldMeta = {};
      for (const s of [...chain].reverse()) {
        meta.patchMergeKey ??= s['x-kubernetes-patch-merge-key'];
        meta.patchStrategy ??= s['x-kubernetes-patch-strategy'];
        meta.listType ??= s['x-kubernetes-list-type'];
        meta.listMapKeys ??= s['x-kubernetes-list-map-keys'];
        meta.mapType ??= s['x-kubernetes-map-type'];
        if (meta.default === undefined && s.default !== undefined) meta.default = s.default;
      }
      for (const key of Object.keys(meta) as Array<keyof FieldMeta>) if (meta[key] === undefined) delete meta[key];
      return meta;
    },
  };
}

/** The schema followed through its references: [the property, ..., the definition]. */
function resolveChain(schemas: Readonly<Record<string, OpenAPISchema>>, schema: OpenAPISchema): OpenAPISchema[] {
  const chain = [schema];
  let current = schema;
  for (;;) {
    const ref = current.$ref ?? (current.allOf?.length === 1 ? current.allOf[0].$ref : undefined);
    if (!ref) return chain;
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    const next = schemas[name];
    if (!next || chain.includes(next)) return chain;
    chain.push(next);
    current = next;
  }
}
