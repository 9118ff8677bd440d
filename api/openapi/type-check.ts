// The decoding check upstream gets from Go's typed structs: a value of the wrong JSON
// type (a string where a list of containers belongs) is a 400 before anything else
// reads the object, so defaulting and validation only ever see well-typed objects.
import { refName, resolved, schemaOf } from './lookup.ts';
import type { Schema } from './schema.ts';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  return typeof value;
}

function expected(schema: Schema, ref: string | undefined): string {
  if (ref === QUANTITY) return 'quantity';
  if (schema.format === 'int-or-string') return 'int or string';
  if (schema.type === 'array') return 'array';
  return schema.type ?? 'object';
}

function fits(value: unknown, schema: Schema, ref: string | undefined): boolean {
  if (ref === QUANTITY) return typeof value === 'string' || typeof value === 'number';
  if (schema.format === 'int-or-string') return typeof value === 'string' || Number.isInteger(value);
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      // No type: free-form (RawExtension, FieldsV1) or a struct.
      return !(schema.properties || schema.additionalProperties) || (typeof value === 'object' && !Array.isArray(value));
  }
}

function check(value: unknown, schema: Schema, path: string): string | undefined {
  // JSON null decodes to the zero value in Go, whatever the field's type.
  if (value === null || value === undefined) return undefined;
  const ref = refName(schema);
  const s = resolved(schema);
  if (!fits(value, s, ref)) return `cannot unmarshal ${jsonType(value)} into ${path || 'the object'} of type ${expected(s, ref)}`;
  if (Array.isArray(value)) {
    if (!s.items) return undefined;
    for (let i = 0; i < value.length; i++) {
      const err = check(value[i], s.items, `${path}[${i}]`);
      if (err) return err;
    }
    return undefined;
  }
  if (typeof value !== 'object' || ref === QUANTITY) return undefined;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childSchema = s.properties?.[key] ?? s.additionalProperties;
    if (!childSchema) continue;
    const err = check(child, childSchema, path ? `${path}.${key}` : key);
    if (err) return err;
  }
  return undefined;
}

/** The first place `obj` does not decode as definition `defName`, or undefined when it does. */
export function typeError(obj: unknown, defName: string): string | undefined {
  const schema = schemaOf(defName);
  if (!schema) throw new Error(`unknown OpenAPI definition ${defName}`);
  return check(obj, schema, '');
}
