// IntOrString fields such as maxSurge, maxUnavailable and minAvailable: a
// non-negative integer or a percentage string, as upstream's ValidatePositiveIntOrPercent.
import { invalid, type FieldError } from '../../../../api/status.ts';

const PERCENT = /^[0-9]+%$/;

export function validateIntOrPercent(value: number | string, path: string): FieldError[] {
  if (typeof value === 'string') {
    return PERCENT.test(value) ? [] : [invalid(path, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  }
  return value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** The integer value of an int-or-percent against a total (percentages rounded as asked). */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(value.slice(0, -1), 10);
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
