// The definitions a document must carry: everything its operations name and
// everything those reach through $refs.
import { refName, schemaOf } from '../../../../api/openapi/index.ts';
import type { Schema } from '../../../../api/openapi/index.ts';

function refsOf(schema: Schema, out: string[]): void {
  const name = refName(schema);
  if (name !== undefined) out.push(name);
  if (schema.items) refsOf(schema.items, out);
  if (schema.additionalProperties) refsOf(schema.additionalProperties, out);
  for (const p of Object.values(schema.properties ?? {})) refsOf(p, out);
}

/** Sorted names of `roots` and every definition they reference; throws on an unknown name. */
export function reachableDefinitions(roots: Iterable<string>): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const schema = schemaOf(name);
    if (!schema) throw new Error(`OpenAPI: no definition named ${name}`);
    seen.add(name);
    refsOf(schema, queue);
  }
  return [...seen].sort();
}
