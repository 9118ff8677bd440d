// Go's %#v rendering of the values upstream prints in some field errors, so that
// messages read exactly as kubectl shows them against a real cluster.
import type { FieldError } from '../../../../api/status.ts';

/** map[string]string{"a":"b", "c":"d"} with sorted keys, as fmt prints maps. */
export function goStringMap(map: Record<string, string> | undefined | null): string {
  if (!map) return 'map[string]string(nil)';
  const entries = Object.keys(map).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** []string{"a", "b"}. */
export function goStringSlice(list: string[] | undefined | null): string {
  if (!list) return '[]string(nil)';
  return `[]string{${list.map((s) => JSON.stringify(s)).join(', ')}}`;
}

/** field.Invalid with a value already rendered the Go way. */
export function invalidRendered(field: string, rendered: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: `Invalid value: ${rendered}: ${detail}` };
}

/**
 * field.NotFound. api/status.ts has no NotFound type, so this carries the
 * Invalid type with upstream's "Not found" message (what kubectl prints).
 */
export function notFound(field: string, value: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: `Not found: ${JSON.stringify(value)}` };
}
