// Keys of ConfigMap and Secret data, and the rule
// that an object marked immutable keeps its data and its immutability.
import { forbidden, invalid, type FieldError } from '../../../../api/status.ts';
import { isConfigMapKey } from '../../../../api/validation.ts';
import { isEqual } from './equal.ts';

export function validateDataKeys(keys: string[], path: string): FieldError[] {
  return keys.flatMap((key) => isConfigMapKey(key).map((msg) => invalid(`${path}[${key}]`, key, msg)));
}

/** Once `immutable` is true, neither the data maps nor the flag may change. */
export function immutableDataErrors(
  wasImmutable: boolean | undefined, isImmutable: boolean | undefined,
  data: unknown[], oldData: unknown[],
): FieldError[] {
  if (!wasImmutable) return [];
  const errs: FieldError[] = [];
  if (!data.every((d, i) => isEqual(d ?? {}, oldData[i] ?? {}))) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (!isImmutable) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  return errs;
}
