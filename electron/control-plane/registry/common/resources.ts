// Resource lists (requests, limits, quota hard limits): every value a quantity that
// is not negative, and requests no larger than limits (ValidateResourceRequirements).
import type { ResourceRequirements } from '../../../../api/types.ts';
import { invalid, type FieldError } from '../../../../api/status.ts';
import { canonicalQuantity, compareQuantities, parseQuantity } from '../../../../api/quantity.ts';

const QUANTITY_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** The value of a quantity, or undefined when it does not parse. */
export function quantityValue(q: string | number): number | undefined {
  try {
    return parseQuantity(q);
  } catch {
    return undefined;
  }
}

export function validateResourceList(list: Record<string, string | number> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, q] of Object.entries(list ?? {})) {
    const value = quantityValue(q);
    if (value === undefined) errs.push(invalid(`${path}[${name}]`, q, QUANTITY_ERROR));
    else if (value < 0) errs.push(invalid(`${path}[${name}]`, q, 'must be greater than or equal to 0'));
  }
  return errs;
}

export function validateResourceRequirements(resources: ResourceRequirements | undefined, path: string): FieldError[] {
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  const errs = [...validateResourceList(limits, `${path}.limits`), ...validateResourceList(requests, `${path}.requests`)];
  if (errs.length > 0) return errs;
  for (const [name, request] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit !== undefined && compareQuantities(String(request), String(limit)) > 0) {
      errs.push(invalid(`${path}.requests[${name}]`, canonicalQuantity(String(request)), `must be less than or equal to ${name} limit of ${canonicalQuantity(String(limit))}`));
    }
  }
  return errs;
}
