// Upstream's ValidateImmutableField: "Invalid value: …: field is immutable".
import { invalid, type FieldError } from '../../../../api/status.ts';
import { isEqual } from './equal.ts';

export function immutableField(value: unknown, old: unknown, path: string): FieldError[] {
  return isEqual(value, old) ? [] : [invalid(path, value, 'field is immutable')];
}
