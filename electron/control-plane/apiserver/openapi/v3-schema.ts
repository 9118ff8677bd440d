// Definitions in OpenAPI 3.0 form as upstream's /openapi/v3 documents write
// them: refs under #/components/schemas, a $ref with siblings wrapped in
// allOf, zero-value defaults on required and element fields, and the scalar
// unions spelled with oneOf.
import { refName, schemaOf } from '../../../../api/openapi/index.ts';
import type { Schema } from '../../../../api/openapi/index.ts';

export const COMPONENT_REF_PREFIX = '#/components/schemas/';

type V3Schema = Record<string, unknown>;

const ONE_OF: Record<string, V3Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

/** The zero value upstream writes as `default` for a non-optional field. */
function zeroValue(schema: Schema): unknown {
  const name = refName(schema);
  if (name !== undefined) {
    const target = schemaOf(name);
    return target?.type === 'object' && target.properties ? {} : undefined;
  }
  if (schema.format) return undefined;
  switch (schema.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

function convert(schema: Schema, withDefault: boolean): V3Schema {
  const { $ref: _ref, items, additionalProperties, properties, ...rest } = schema;
  const out: V3Schema = { ...rest };
  if (items) out.items = convert(items, true);
  if (additionalProperties) out.additionalProperties = convert(additionalProperties, true);
  if (properties) {
    const required = new Set(schema.required ?? []);
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([key, p]) => [key, convert(p, required.has(key) || key === 'metadata')]),
    );
  }
  const zero = withDefault ? zeroValue(schema) : undefined;
  if (zero !== undefined) out.default = zero;
  const name = refName(schema);
  if (name === undefined) return out;
  const target = { $ref: COMPONENT_REF_PREFIX + name };
  return Object.keys(out).length === 0 ? target : { allOf: [target], ...out };
}

/** Keys sorted at every level, as upstream serializes, so documents are byte-stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

export function v3Definition(name: string): V3Schema {
  const schema = schemaOf(name);
  if (!schema) throw new Error(`OpenAPI: no definition named ${name}`);
  const oneOf = ONE_OF[name];
  const out = oneOf ? { ...(schema.description ? { description: schema.description } : {}), ...oneOf } : convert(schema, false);
  return sortKeys(out) as V3Schema;
}
