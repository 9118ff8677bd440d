// Kubernetes resource quantities ("100m", "1.5Gi", "1e3"), after apimachinery's
// pkg/api/resource: the same grammar and error messages, values rounded up to
// nano units, BinarySI capped at 2^63-1, and the same canonical serialization.
// Values are exact decimals (BigInt mantissa × 10^exponent), never floats.
import { errors } from './status.ts';

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

/** An exact value, mantissa × 10^exponent, and the format it serializes in. */
export interface Quantity {
  /** No trailing decimal zeros: they live in the exponent (0 is 0 × 10^0). */
  readonly mantissa: bigint;
  /** Never below -9: quantities are rounded up to nano units. */
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const formatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const suffixWrong = "unable to parse quantity's suffix";

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const binaryNames = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const decimalNames: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const maxInt64 = 2n ** 63n - 1n;
const nanoExponent = -9;
const int32Max = 2 ** 31 - 1;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function digitCount(n: bigint): number {
  return abs(n).toString().length;
}

function normalized(mantissa: bigint, exponent: number, format: QuantityFormat): Quantity {
  if (mantissa === 0n) return { mantissa: 0n, exponent: 0, format };
  let m = mantissa;
  let e = exponent;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return { mantissa: m, exponent: e, format };
}

/** mantissa × 10^exponent at a coarser exponent, rounded away from zero. */
function roundAwayFromZero(mantissa: bigint, exponent: number, target: number): bigint {
  if (exponent >= target) return mantissa * pow10(exponent - target);
  const drop = target - exponent;
  const sign = mantissa < 0n ? -1n : 1n;
  if (mantissa === 0n) return 0n;
  // Fewer digits than are dropped means less than one unit: the answer is one unit.
  if (digitCount(mantissa) <= drop) return sign;
  const divisor = pow10(drop);
  const q = mantissa / divisor;
  return mantissa % divisor === 0n ? q : q + sign;
}

/**
 * Whole nano units, rounded away from zero: asking for any resource at all
 * should get some, however small the request (upstream's inf.RoundUp).
 */
function roundUpToNano(mantissa: bigint, exponent: number): [bigint, number] {
  return exponent >= nanoExponent ? [mantissa, exponent] : [roundAwayFromZero(mantissa, exponent, nanoExponent), nanoExponent];
}

interface Scanned {
  negative: boolean;
  num: string;
  denom: string;
  suffix: string;
}

// Upstream's hand-written scanner rather than a regex: it decides which inputs
// are errors and which error each gets, and it accepts oddities such as "1." and ".".
function scan(s: string): Scanned {
  let pos = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    pos++;
  }
  while (pos < s.length && s[pos] === '0') pos++;
  if (pos >= s.length) return { negative, num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (pos < s.length && isDigit(s[pos]!)) pos++;
  const num = s.slice(numStart, pos) || '0';
  let denom = '';
  if (s[pos] === '.') {
    const denomStart = ++pos;
    while (pos < s.length && isDigit(s[pos]!)) pos++;
    denom = s.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < s.length && 'eEinumkKMGTP'.includes(s[pos]!)) pos++;
  if (s[pos] === '-' || s[pos] === '+') pos++;
  while (pos < s.length && isDigit(s[pos]!)) pos++;
  if (pos < s.length) throw errors.badRequest(formatWrong);
  return { negative, num, denom, suffix: s.slice(suffixStart) };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function interpretSuffix(suffix: string): { base: 10 | 2; exponent: number; format: QuantityFormat } {
  if (Object.hasOwn(decimalSuffixes, suffix)) return { base: 10, exponent: decimalSuffixes[suffix]!, format: 'DecimalSI' };
  if (Object.hasOwn(binarySuffixes, suffix)) return { base: 2, exponent: binarySuffixes[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    // Exponents past int32 are refused rather than wrapped into unrelated values.
    if (Math.abs(exponent) <= int32Max) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw errors.badRequest(suffixWrong);
}

/** Parses a quantity exactly; bad input is a 400 BadRequest with upstream's message. */
export function quantity(s: string | number): Quantity {
  const str = typeof s === 'number' ? numberText(s) : s;
  if (str === '') throw errors.badRequest(formatWrong);
  const { negative, num, denom, suffix } = scan(str);
  const { base, exponent, format } = interpretSuffix(suffix);
  let mantissa = BigInt(num + denom);
  let exp = -denom.length;
  if (base === 10) exp += exponent;
  else mantissa *= 2n ** BigInt(exponent);
  if (negative) mantissa = -mantissa;
  [mantissa, exp] = roundUpToNano(mantissa, exp);
  let result = normalized(mantissa, exp, format);
  if (format === 'BinarySI') {
    if (magnitudeExceeds(result, maxInt64)) result = normalized(negative ? -maxInt64 : maxInt64, 0, format);
    // Binary suffixes cannot express fractions of one; such values print as decimals.
    else if (result.mantissa !== 0n && magnitudeBelowOne(result)) result = { ...result, format: 'DecimalSI' };
  }
  return result;
}

// JSON numbers are quantities too; String() of a finite number always fits the grammar.
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw errors.badRequest(formatWrong);
  return String(n);
}

function magnitudeExceeds(q: Quantity, limit: bigint): boolean {
  return compareMagnitudes(abs(q.mantissa), q.exponent, limit, 0) > 0;
}

function magnitudeBelowOne(q: Quantity): boolean {
  return compareMagnitudes(abs(q.mantissa), q.exponent, 1n, 0) < 0;
}

// Compares non-negative ma×10^ea and mb×10^eb without building huge powers of ten.
function compareMagnitudes(ma: bigint, ea: number, mb: bigint, eb: number): number {
  if (ma === 0n || mb === 0n) return ma === mb ? 0 : ma === 0n ? -1 : 1;
  const orderA = digitCount(ma) + ea;
  const orderB = digitCount(mb) + eb;
  if (orderA !== orderB) return orderA < orderB ? -1 : 1;
  // Same order of magnitude: the exponents differ by at most the digit counts.
  const e = Math.min(ea, eb);
  const a = ma * pow10(ea - e);
  const b = mb * pow10(eb - e);
  return a < b ? -1 : a > b ? 1 : 0;
}

function toQuantity(q: Quantity | string): Quantity {
  return typeof q === 'string' ? quantity(q) : q;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantities(a: Quantity | string, b: Quantity | string): -1 | 0 | 1 {
  const x = toQuantity(a);
  const y = toQuantity(b);
  const sx = x.mantissa < 0n ? -1 : x.mantissa > 0n ? 1 : 0;
  const sy = y.mantissa < 0n ? -1 : y.mantissa > 0n ? 1 : 0;
  if (sx !== sy) return sx < sy ? -1 : 1;
  const c = compareMagnitudes(abs(x.mantissa), x.exponent, abs(y.mantissa), y.exponent);
  return (sx < 0 ? -c : c) as -1 | 0 | 1;
}

/** a + b in a's format, or b's when a is zero (as upstream's Quantity.Add). */
export function addQuantities(a: Quantity | string, b: Quantity | string): Quantity {
  const x = toQuantity(a);
  const y = toQuantity(b);
  const e = Math.min(x.exponent, y.exponent);
  const sum = x.mantissa * pow10(x.exponent - e) + y.mantissa * pow10(y.exponent - e);
  return normalized(sum, e, x.mantissa === 0n ? y.format : x.format);
}

/** a - b in a's format, or b's when a is zero (as upstream's Quantity.Sub). */
export function subtractQuantities(a: Quantity | string, b: Quantity | string): Quantity {
  const y = toQuantity(b);
  return addQuantities(a, { ...y, mantissa: -y.mantissa });
}

/** The value in base units (cores, bytes) as a float, correctly rounded from the exact value. */
export function parseQuantity(s: string | number): number {
  return quantityToNumber(quantity(s));
}

export function quantityToNumber(q: Quantity): number {
  return Number(`${q.mantissa}e${q.exponent}`);
}

/** The value in thousandths (millicores), rounded away from zero as upstream's MilliValue. */
export function milliValue(q: Quantity | string): number {
  const { mantissa, exponent } = toQuantity(q);
  // Beyond float range the answer is infinite; skip building a huge BigInt to learn that.
  if (mantissa !== 0n && digitCount(mantissa) + exponent + 3 > 400) return mantissa < 0n ? -Infinity : Infinity;
  return Number(roundAwayFromZero(mantissa, exponent, -3));
}

/**
 * Upstream's canonical string: no fractional digits, the largest suffix (or an
 * exponent that is a multiple of 3) that loses no precision, BinarySI falling
 * back to DecimalSI when a binary suffix cannot say it exactly.
 * `value` may be a parsed Quantity, or base units as a number or BigInt.
 */
export function formatQuantity(value: Quantity | number | bigint, format?: QuantityFormat): string {
  const [mantissa, exponent, own]: [bigint, number, QuantityFormat] = typeof value === 'object' ? [value.mantissa, value.exponent, value.format]
    : typeof value === 'bigint' ? [value, 0, 'DecimalSI'] : [...decimalOf(value), 'DecimalSI'];
  // Hand-built Quantities may carry trailing zeros or sub-nano digits; parsed ones never do.
  const q = normalized(...roundUpToNano(mantissa, exponent), own);
  return canonical(q.mantissa, q.exponent, format ?? own);
}

// A float as the exact decimal its shortest round-trip text names, so 0.1 is 1×10^-1.
function decimalOf(n: number): [bigint, number] {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite quantity: ${n}`);
  const [digits, exp] = n.toExponential().split('e') as [string, string];
  const [int, frac = ''] = digits.split('.') as [string, string?];
  return [BigInt(int + frac), Number(exp) - frac.length];
}

/** Re-serializes a quantity string in its canonical form ("1000m" → "1", "1024Ki" → "1Mi"). */
export function canonicalQuantity(s: string): string {
  return formatQuantity(quantity(s));
}

// Binary rendering multiplies out 10^exponent; past this many digits no int64 is
// involved and the decimal forms say the same thing without the cost.
const maxBinaryDigits = 40;

function canonical(mantissa: bigint, exponent: number, format: QuantityFormat): string {
  if (mantissa === 0n) return '0';
  if (format === 'BinarySI') {
    const fractional = exponent < 0;
    const small = compareMagnitudes(abs(mantissa), exponent, 1024n, 0) < 0;
    if (!fractional && !small && digitCount(mantissa) + exponent <= maxBinaryDigits) {
      let n = mantissa * pow10(exponent);
      let step = 0;
      while (step < binaryNames.length - 1 && n % 1024n === 0n) {
        n /= 1024n;
        step++;
      }
      return `${n}${binaryNames[step]}`;
    }
    format = 'DecimalSI';
  }
  // The exponent drops to a multiple of three, the mantissa grows to match.
  const e3 = Math.floor(exponent / 3) * 3;
  const n = mantissa * pow10(exponent - e3);
  if (format === 'DecimalSI' && e3 in decimalNames) return `${n}${decimalNames[e3]}`;
  // DecimalExponent, and DecimalSI beyond 'E' (upstream dropped the magnitude there until fixed).
  return e3 === 0 ? `${n}` : `${n}e${e3}`;
}
