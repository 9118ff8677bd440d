// Fields an object carries that its schema does not know: what the API server
// rejects under fieldValidation=Strict and warns about under Warn, with
// upstream's paths (`spec.containers[0].foo`).
import { resolved, schemaOf } from './lookup.ts';
import type { Schema } from './schema.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function walk(value: unknown, schema: Schema, path: string, found: string[]): void {
  const s = resolved(schema);
  if (Array.isArray(value)) {
    if (s.items) value.forEach((item, i) => walk(item, s.items!, `${path}[${i}]`, found));
    return;
  }
  if (!isPlainObject(value)) return;
  // No properties and no value schema: free-form (RawExtension, FieldsV1).
  if (!s.properties && !s.additionalProperties) return;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = s.properties?.[key] ?? s.additionalProperties;
    if (childSchema) walk(child, childSchema, join(path, key), found);
    else found.push(join(path, key));
  }
}

/** Dotted paths of the fields in `obj` that definition `defName` does not declare. */
export function unknownFields(obj: unknown, defName: string): string[] {
  const schema = schemaOf(defName);
  if (!schema) throw new Error(`unknown OpenAPI definition ${defName}`);
  const found: string[] = [];
  walk(obj, schema, '', found);
  return found;
}
