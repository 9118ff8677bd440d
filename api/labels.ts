// Label selectors: the string syntax of `?labelSelector=` and `kubectl -l`, and the
// LabelSelector object of workload specs, both compiled to one matcher. Grammar,
// matching and error messages follow apimachinery's pkg/labels/selector.go and
// metav1.LabelSelectorAsSelector.
import { errors } from './status.ts';
import type { LabelSelector } from './types.ts';
import { isQualifiedName, isValidLabelValue } from './validation.ts';

/** Upstream's selection.Operator values. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorMatcher {
  /** AND of these, sorted by key. */
  readonly requirements: readonly Requirement[];
  /** True when the selector does not restrict anything (it matches every object). */
  readonly empty: boolean;
  /** False only for the selector of a null LabelSelector, which matches nothing. */
  readonly selectable: boolean;
  matches(labels?: Labels | null): boolean;
  /** The value a key must have, when the selector pins it to exactly one (for indexes). */
  requiresExactMatch(key: string): string | undefined;
  /** Upstream's Selector.String(): what Scale's status.selector carries. */
  toString(): string;
}

const binaryOperators = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

function hasKey(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

// strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64.
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case 'in': case '=': case '==':
      return hasKey(labels, r.key) && r.values.includes(labels[r.key]!);
    case 'notin': case '!=':
      return !hasKey(labels, r.key) || !r.values.includes(labels[r.key]!);
    case 'exists':
      return hasKey(labels, r.key);
    case '!':
      return !hasKey(labels, r.key);
    case 'gt': case 'lt': {
      if (!hasKey(labels, r.key) || r.values.length !== 1) return false;
      const have = parseInt64(labels[r.key]!);
      const want = parseInt64(r.values[0]!);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

function requirementString(r: Requirement): string {
  // Values print sorted so that equal selectors print equally.
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists': return r.key;
    case '!': return `!${r.key}`;
    case 'in': return `${r.key} in (${values})`;
    case 'notin': return `${r.key} notin (${values})`;
    case 'gt': return `${r.key}>${values}`;
    case 'lt': return `${r.key}<${values}`;
    default: return `${r.key}${r.operator}${values}`;
  }
}

function selectorOf(requirements: Requirement[]): LabelSelectorMatcher {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    empty: sorted.length === 0,
    selectable: true,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    requiresExactMatch(key) {
      const r = sorted.find((x) => x.key === key);
      if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined;
      return r.values[0];
    },
    toString: () => sorted.map(requirementString).join(','),
  };
}

const nothing: LabelSelectorMatcher = {
  requirements: [],
  empty: false,
  selectable: false,
  matches: () => false,
  requiresExactMatch: () => undefined,
  toString: () => '',
};

/** Renders a value like Go's field.Error does: strings quoted, lists as JSON. */
function render(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

// Several field errors read like Go's utilerrors aggregate: "[a, b]" (duplicates dropped).
function aggregate(msgs: string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * Upstream's NewRequirement: the requirement, or the aggregated error message.
 * Neither caller has a field path of its own, so paths start at "key" and "values".
 */
function newRequirement(key: string, operator: Operator, values: string[] | undefined): Requirement | string {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(`key: Invalid value: ${render(key)}: ${keyErrs.join('; ')}`);
  const vals = values ?? [];
  switch (operator) {
    case 'in': case 'notin':
      if (vals.length === 0) errs.push(`values: Invalid value: ${render(values ?? null)}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=': case '==': case '!=':
      if (vals.length !== 1) errs.push(`values: Invalid value: ${render(values ?? null)}: exact-match compatibility requires one single value`);
      break;
    case 'exists': case '!':
      if (vals.length !== 0) errs.push(`values: Invalid value: ${render(values)}: values set must be empty for exists and does not exist`);
      break;
    case 'gt': case 'lt':
      if (vals.length !== 1) errs.push(`values: Invalid value: ${render(values ?? null)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(`values[${i}]: Invalid value: ${render(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(`values[${i}][${key}]: Invalid value: ${render(v)}: ${valueErrs.join('; ')}`);
  });
  return errs.length > 0 ? aggregate(errs) : { key, operator, values: vals };
}

// --- the string syntax ------------------------------------------------------------

type Token = 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';

interface Scanned {
  tok: Token;
  literal: string;
}

const symbolTokens = new Set<string>(['(', ')', ',', '!', '==', '=', '>', '<', '!=']);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return '=!(),><'.includes(ch);
}

/** Upstream's lexer: identifiers run up to whitespace or a symbol; symbols are matched greedily. */
function lex(s: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', literal: '' });
      return items;
    }
    if (isSpecialSymbol(s[pos]!)) {
      // Every single symbol character is itself a token, so the longest token wins.
      let literal = s[pos]!;
      pos++;
      while (pos < s.length && isSpecialSymbol(s[pos]!) && symbolTokens.has(literal + s[pos])) literal += s[pos++];
      items.push({ tok: literal as Token, literal });
      continue;
    }
    const start = pos;
    while (pos < s.length && !isSpecialSymbol(s[pos]!) && !isWhitespace(s[pos]!)) pos++;
    const word = s.slice(start, pos);
    items.push({ tok: word === 'in' || word === 'notin' ? word : 'identifier', literal: word });
  }
}

class SelectorParser {
  private position = 0;

  constructor(private readonly items: Scanned[]) {}

  // Where a value is expected, 'in' and 'notin' are ordinary words ("x in (in)").
  private peek(values: boolean): Scanned {
    return this.asValue(this.items[this.position]!, values);
  }

  private next(values: boolean): Scanned {
    return this.asValue(this.items[this.position++]!, values);
  }

  private asValue(item: Scanned, values: boolean): Scanned {
    return values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'identifier', literal: item.literal } : item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.peek(true);
      if (tok === 'end') return requirements;
      if (tok !== 'identifier' && tok !== '!') throw new Error(`found '${literal}', expected: !, identifier, or 'end of string'`);
      let r: Requirement;
      try {
        r = this.requirement();
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      requirements.push(r);
      const after = this.next(true);
      if (after.tok === 'end') return requirements;
      if (after.tok !== ',') throw new Error(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.peek(true);
      if (following.tok !== 'identifier' && following.tok !== '!') {
        throw new Error(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): Requirement {
    let unary: Operator | undefined;
    let item = this.next(true);
    if (item.tok === '!') {
      unary = '!';
      item = this.next(true);
    }
    if (item.tok !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length > 0) throw new Error(`<nil>: Invalid value: ${render(key)}: ${keyErrs.join('; ')}`);
    const ahead = this.peek(true).tok;
    if (unary === undefined && (ahead === 'end' || ahead === ',')) unary = 'exists';
    // "!key" is complete here even when an operator follows; the caller then reports the operator.
    if (unary !== undefined) return this.checked(key, unary, []);
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.valueSet() : [this.exactValue()];
    return this.checked(key, op, [...new Set(values)].sort());
  }

  private checked(key: string, op: Operator, values: string[]): Requirement {
    const r = newRequirement(key, op, values);
    if (typeof r === 'string') throw new Error(r);
    return r;
  }

  private operator(): Operator {
    const { tok, literal } = this.next(false);
    switch (tok) {
      case 'in': case 'notin': case '=': case '==': case '!=': return tok;
      case '>': return 'gt';
      case '<': return 'lt';
      default: throw new Error(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private valueSet(): string[] {
    const open = this.next(true);
    if (open.tok !== '(') throw new Error(`found '${open.literal}' expected: '('`);
    const first = this.peek(true);
    if (first.tok === ')') {
      this.next(true);
      return [''];
    }
    if (first.tok !== 'identifier' && first.tok !== ',') throw new Error(`found '${first.literal}', expected: ',', ')' or identifier`);
    return this.identifiers();
  }

  // A comma-separated list up to and including ')', in which empty entries
  // stand for the empty value: "(a,,b)", "(,a)".
  private identifiers(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.next(true);
      if (item.tok === 'identifier') {
        values.push(item.literal);
        const ahead = this.peek(true);
        if (ahead.tok === ',') continue;
        if (ahead.tok === ')') break;
        throw new Error(`found '${ahead.literal}', expected: ',' or ')'`);
      }
      if (item.tok !== ',') throw new Error(`found '${item.literal}', expected: ',', or identifier`);
      if (values.length === 0) values.push('');
      const ahead = this.peek(true).tok;
      if (ahead === ')') {
        values.push('');
        break;
      }
      if (ahead === ',') {
        this.next(true);
        values.push('');
      }
    }
    this.next(true);
    return values;
  }

  private exactValue(): string {
    const ahead = this.peek(true).tok;
    if (ahead === 'end' || ahead === ',') return '';
    const item = this.next(true);
    if (item.tok === 'identifier') return item.literal;
    throw new Error(`found '${item.literal}', expected: identifier`);
  }
}

/**
 * Parses the string form (`a=b,c!=d,e in (f,g),!h`). The empty string selects
 * everything. Bad syntax is a 400 BadRequest with upstream's message.
 */
export function parseLabelSelector(s: string): LabelSelectorMatcher {
  try {
    return selectorOf(new SelectorParser(lex(s)).parse());
  } catch (e) {
    throw errors.badRequest((e as Error).message);
  }
}

const objectOperators: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * The matcher of a LabelSelector object. An empty selector ({}) matches
 * everything; a null or absent one matches nothing.
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): LabelSelectorMatcher {
  if (!sel) return nothing;
  const matchLabels = Object.entries<string>(sel.matchLabels ?? {});
  const expressions = sel.matchExpressions ?? [];
  const requirements: Requirement[] = [];
  for (const [k, v] of matchLabels) requirements.push(accept(newRequirement(k, '=', [v])));
  for (const expr of expressions) {
    const op = objectOperators[expr.operator];
    if (!op) throw errors.badRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    requirements.push(accept(newRequirement(expr.key, op, expr.values?.length ? [...expr.values] : undefined)));
  }
  return selectorOf(requirements);
}

function accept(r: Requirement | string): Requirement {
  if (typeof r === 'string') throw errors.badRequest(r);
  return r;
}

/** Whether labels match a LabelSelector object (null matches nothing, {} everything). */
export function matchesLabels(selector: LabelSelector | null | undefined, labels: Labels | null | undefined): boolean {
  return labelSelectorFromObject(selector).matches(labels);
}

/**
 * The equality selector of a plain map, as Services and ReplicationControllers
 * use. An empty or absent map selects everything, as upstream's SelectorFromSet.
 */
export function labelsEqualSelector(set: Labels | null | undefined): LabelSelectorMatcher {
  return selectorOf(Object.entries<string>(set ?? {}).map(([key, value]) => ({ key, operator: '=', values: [value] })));
}

/**
 * How kubectl prints a LabelSelector (the SELECTOR column of `-o wide`):
 * `<none>` when it selects nothing or everything, `<error>` when it is invalid.
 */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorFromObject(sel).toString();
  } catch {
    return '<error>';
  }
  return s === '' ? '<none>' : s;
}
