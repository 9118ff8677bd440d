// Field selectors (`?fieldSelector=spec.nodeName=n1,status.phase!=Failed`), after
// apimachinery's pkg/fields/selector.go: equality terms only, ANDed, with `\,`
// `\=` and `\\` escaping in values. Which fields a kind supports is the server's
// business; it reads them from `requirements`.
import { errors } from './status.ts';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldSelector {
  /** In the order upstream keeps them: sorted by the raw term text. */
  readonly requirements: readonly FieldRequirement[];
  readonly empty: boolean;
  /** A field absent from attrs has the empty value, as upstream's Fields.Get. */
  matches(attrs: Readonly<Record<string, string>>): boolean;
  /** The value an `=` term pins the field to, for index lookups. */
  exactMatch(field: string): string | undefined;
  toString(): string;
}

/** Escapes a literal value for use in a field selector. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Undoes escapeFieldValue, rejecting unescaped `,` `=` and unknown escapes as upstream does. */
export function unescapeFieldValue(s: string): string {
  let out = '';
  let escaping = false;
  for (const c of s) {
    if (escaping) {
      if (c !== '\\' && c !== ',' && c !== '=') throw errors.badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaping = false;
    } else if (c === '\\') {
      escaping = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, which is its code point.
      throw errors.badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaping) throw errors.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

// Commas split terms unless escaped; the escapes stay in the term for unescapeFieldValue.
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaping = false;
  for (let i = 0; i < s.length; i++) {
    if (escaping) escaping = false;
    else if (s[i] === '\\') escaping = true;
    else if (s[i] === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

// Field names cannot be escaped, so the first operator splits; '==' is tried before '='
// so that its second '=' does not end up in the value.
function splitTerm(term: string): { field: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Parses a field selector; the empty string selects everything. Bad syntax is
 * a 400 BadRequest with upstream's message.
 */
export function parseFieldSelector(s: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(s).sort(compareStrings)) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (!parts) throw errors.badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    requirements.push({ field: parts.field, operator: parts.op === '!=' ? '!=' : '=', value: unescapeFieldValue(parts.rhs) });
  }
  return fieldSelectorOf(requirements);
}

/** A selector requiring each field to equal its value (upstream's SelectorFromSet). */
export function fieldsEqualSelector(set: Readonly<Record<string, string>>): FieldSelector {
  return fieldSelectorOf(Object.entries(set).map(([field, value]) => ({ field, operator: '=', value })));
}

function fieldSelectorOf(requirements: FieldRequirement[]): FieldSelector {
  return {
    requirements,
    empty: requirements.length === 0,
    matches: (attrs) => requirements.every((r) => {
      const have = Object.prototype.hasOwnProperty.call(attrs, r.field) ? attrs[r.field] : '';
      return r.operator === '=' ? have === r.value : have !== r.value;
    }),
    exactMatch: (field) => requirements.find((r) => r.field === field && r.operator === '=')?.value,
    toString: () => requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(','),
  };
}

/** Rejects a selector naming a field the kind cannot be selected by, with upstream's 400. */
export function assertSupportedFields(selector: FieldSelector, supported: ReadonlySet<string> | readonly string[]): void {
  const allowed = supported instanceof Set ? supported : new Set(supported as readonly string[]);
  for (const r of selector.requirements) {
    if (!allowed.has(r.field)) throw errors.badRequest(`field label not supported: ${r.field}`);
  }
}
