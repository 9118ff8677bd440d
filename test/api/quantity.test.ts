import { describe, expect, it } from 'vitest';
import {
  addQuantities, canonicalQuantity, compareQuantities, formatQuantity, milliValue, parseQuantity, quantity,
  subtractQuantities, type Quantity, type QuantityFormat,
} from '../../api/quantity.ts';

const formatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const suffixWrong = "unable to parse quantity's suffix";

/** The exact value as mantissa×10^exponent text, so tests compare without floats. */
function exact(q: Quantity): string {
  return `${q.mantissa}e${q.exponent}`;
}

function dec(mantissa: number | bigint, exponent: number): string {
  const m = BigInt(mantissa);
  if (m === 0n) return '0e0';
  let n = m;
  let e = exponent;
  while (n % 10n === 0n) {
    n /= 10n;
    e++;
  }
  return `${n}e${e}`;
}

describe('parsing (upstream TestQuantityParse)', () => {
  const maxAllowed = dec(2n ** 63n - 1n, 0);
  const table: Array<[string, string, QuantityFormat]> = [
    ['0', dec(0, 0), 'DecimalSI'],
    ['0n', dec(0, 0), 'DecimalSI'],
    ['0u', dec(0, 0), 'DecimalSI'],
    ['0m', dec(0, 0), 'DecimalSI'],
    ['0Ki', dec(0, 0), 'BinarySI'],
    ['0k', dec(0, 0), 'DecimalSI'],
    ['0Mi', dec(0, 0), 'BinarySI'],
    ['0M', dec(0, 0), 'DecimalSI'],
    ['0Gi', dec(0, 0), 'BinarySI'],
    ['0G', dec(0, 0), 'DecimalSI'],
    ['0Ti', dec(0, 0), 'BinarySI'],
    ['0T', dec(0, 0), 'DecimalSI'],
    ['1', dec(1, 0), 'DecimalSI'],
    ['1Ki', dec(1024, 0), 'BinarySI'],
    ['8Ki', dec(8 * 1024, 0), 'BinarySI'],
    ['7Mi', dec(7 * 1024 ** 2, 0), 'BinarySI'],
    ['6Gi', dec(6 * 1024 ** 3, 0), 'BinarySI'],
    ['5Ti', dec(5 * 1024 ** 4, 0), 'BinarySI'],
    ['4Pi', dec(4n * 1024n ** 5n, 0), 'BinarySI'],
    ['3Ei', dec(3n * 1024n ** 6n, 0), 'BinarySI'],
    ['10Ti', dec(10 * 1024 ** 4, 0), 'BinarySI'],
    ['100Ti', dec(100 * 1024 ** 4, 0), 'BinarySI'],
    ['5n', dec(5, -9), 'DecimalSI'],
    ['4u', dec(4, -6), 'DecimalSI'],
    ['3m', dec(3, -3), 'DecimalSI'],
    ['9', dec(9, 0), 'DecimalSI'],
    ['8k', dec(8, 3), 'DecimalSI'],
    ['50k', dec(5, 4), 'DecimalSI'],
    ['7M', dec(7, 6), 'DecimalSI'],
    ['6G', dec(6, 9), 'DecimalSI'],
    ['5T', dec(5, 12), 'DecimalSI'],
    ['40T', dec(4, 13), 'DecimalSI'],
    ['300T', dec(3, 14), 'DecimalSI'],
    ['2P', dec(2, 15), 'DecimalSI'],
    ['1E', dec(1, 18), 'DecimalSI'],
    ['1E-3', dec(1, -3), 'DecimalExponent'],
    ['1e3', dec(1, 3), 'DecimalExponent'],
    ['1E6', dec(1, 6), 'DecimalExponent'],
    ['1e9', dec(1, 9), 'DecimalExponent'],
    ['1E12', dec(1, 12), 'DecimalExponent'],
    ['1e15', dec(1, 15), 'DecimalExponent'],
    ['1E18', dec(1, 18), 'DecimalExponent'],
    ['1e14', dec(1, 14), 'DecimalExponent'],
    ['1e13', dec(1, 13), 'DecimalExponent'],
    ['100.035k', dec(100035, 0), 'DecimalSI'],
    ['0.001', dec(1, -3), 'DecimalSI'],
    ['0.0005k', dec(5, -1), 'DecimalSI'],
    ['0.005', dec(5, -3), 'DecimalSI'],
    ['0.05', dec(5, -2), 'DecimalSI'],
    ['0.5', dec(5, -1), 'DecimalSI'],
    ['0.00050k', dec(5, -1), 'DecimalSI'],
    ['0.00500', dec(5, -3), 'DecimalSI'],
    ['0.05000', dec(5, -2), 'DecimalSI'],
    ['0.50000', dec(5, -1), 'DecimalSI'],
    ['0.5e0', dec(5, -1), 'DecimalExponent'],
    ['0.5e-1', dec(5, -2), 'DecimalExponent'],
    ['0.5e-2', dec(5, -3), 'DecimalExponent'],
    ['10.035M', dec(10035, 3), 'DecimalSI'],
    ['1.2e3', dec(12, 2), 'DecimalExponent'],
    ['1.3E+6', dec(13, 5), 'DecimalExponent'],
    ['1.40e9', dec(14, 8), 'DecimalExponent'],
    ['1.53E12', dec(153, 10), 'DecimalExponent'],
    ['1.6e15', dec(16, 14), 'DecimalExponent'],
    ['1.7E18', dec(17, 17), 'DecimalExponent'],
    ['9.01', dec(901, -2), 'DecimalSI'],
    ['8.1k', dec(81, 2), 'DecimalSI'],
    ['7.123456M', dec(7123456, 0), 'DecimalSI'],
    ['6.987654321G', dec(6987654321, 0), 'DecimalSI'],
    ['5.444T', dec(5444, 9), 'DecimalSI'],
    ['40.1T', dec(401, 11), 'DecimalSI'],
    ['300.2T', dec(3002, 11), 'DecimalSI'],
    ['2.5P', dec(25, 14), 'DecimalSI'],
    ['1.01E', dec(101, 16), 'DecimalSI'],
    ['3.001n', dec(4, -9), 'DecimalSI'],
    ['1.1E-9', dec(2, -9), 'DecimalExponent'],
    ['0.0000000001', dec(1, -9), 'DecimalSI'],
    ['0.0000000005', dec(1, -9), 'DecimalSI'],
    ['0.00000000050', dec(1, -9), 'DecimalSI'],
    ['0.5e-9', dec(1, -9), 'DecimalExponent'],
    ['0.9n', dec(1, -9), 'DecimalSI'],
    ['0.00000012345', dec(124, -9), 'DecimalSI'],
    ['0.00000012354', dec(124, -9), 'DecimalSI'],
    ['9Ei', maxAllowed, 'BinarySI'],
    ['9223372036854775807Ki', maxAllowed, 'BinarySI'],
    ['12E', dec(12, 18), 'DecimalSI'],
    ['100.035Ki', dec(10243584, -2), 'BinarySI'],
    ['0.5Mi', dec(0.5 * 1024 * 1024, 0), 'BinarySI'],
    ['0.05Gi', dec(536870912, -1), 'BinarySI'],
    ['0.025Ti', dec(274877906944, -1), 'BinarySI'],
    ['0.000000000001Ki', dec(2, -9), 'DecimalSI'],
    ['.001', dec(1, -3), 'DecimalSI'],
    ['.0001k', dec(100, -3), 'DecimalSI'],
    ['1.', dec(1, 0), 'DecimalSI'],
    ['1.G', dec(1, 9), 'DecimalSI'],
  ];

  it.each(table)('%s', (input, want, format) => {
    const q = quantity(input);
    expect(exact(q)).toBe(want);
    expect(q.format).toBe(format);
  });

  it.each(table)('-%s is the negation', (input, want, format) => {
    const q = quantity(`-${input}`);
    expect(exact(q)).toBe(want.startsWith('0e') ? want : `-${want}`);
    expect(q.format).toBe(format);
  });

  it.each(table)('+%s is the same', (input, want, format) => {
    const q = quantity(`+${input}`);
    expect(exact(q)).toBe(want);
    expect(q.format).toBe(format);
  });

  it('accepts the scanner\'s degenerate forms as zero', () => {
    for (const s of ['.', '-.', '+', '-', '00', '-0']) expect(exact(quantity(s))).toBe('0e0');
  });

  it('accepts JSON numbers', () => {
    expect(exact(quantity(2))).toBe('2e0');
    expect(exact(quantity(0.5))).toBe('5e-1');
    expect(exact(quantity(1e21))).toBe('1e21');
    expect(exact(quantity(-5e-7))).toBe('-5e-7');
  });
});

describe('rejection', () => {
  it.each([
    ['', formatWrong],
    ['1.1.M', formatWrong],
    ['1+1.0M', formatWrong],
    ['aoeu', formatWrong],
    [' 1', formatWrong],
    ['1 ', formatWrong],
    ['1e3.5', formatWrong],
    ['1Qi', formatWrong],
    ['0.1mi', suffixWrong],
    ['0.1am', formatWrong],
    ['.5i', suffixWrong],
    ['1i', suffixWrong],
    ['-3.01i', suffixWrong],
    ['-3.01e-', suffixWrong],
    ['1e', suffixWrong],
    ['1ki', suffixWrong],
    ['1KK', suffixWrong],
    ['1e4294967297', suffixWrong],
    ['1E2147483648', suffixWrong],
  ])('%j: %s', (input, message) => {
    expect(() => quantity(input)).toThrow(expect.objectContaining({ code: 400, reason: 'BadRequest', message }));
  });

  it('rejects non-finite numbers', () => {
    expect(() => quantity(Number.NaN)).toThrow(formatWrong);
    expect(() => quantity(Infinity)).toThrow(formatWrong);
  });

  it('keeps extreme but valid exponents cheap', () => {
    expect(exact(quantity('1e2147483647'))).toBe('1e2147483647');
    expect(exact(quantity('1e-2147483647'))).toBe('1e-9');
    expect(canonicalQuantity('1e2147483647')).toBe('10e2147483646');
    expect(compareQuantities('1e2147483647', '1e2147483646')).toBe(1);
    expect(milliValue('1e2147483647')).toBe(Infinity);
  });
});

describe('canonical form', () => {
  // Upstream's TestQuantityString: a value and format, its canonical text, and another spelling of it.
  const table: Array<[bigint, number, QuantityFormat, string, string]> = [
    [1024n ** 3n, 0, 'BinarySI', '1Gi', '1024Mi'],
    [300n * 1024n ** 2n, 0, 'BinarySI', '300Mi', '307200Ki'],
    [6n * 1024n, 0, 'BinarySI', '6Ki', ''],
    [1001n * 1024n ** 3n, 0, 'BinarySI', '1001Gi', '1025024Mi'],
    [1024n ** 4n, 0, 'BinarySI', '1Ti', '1024Gi'],
    [5n, 0, 'BinarySI', '5', '5000m'],
    [500n, -3, 'BinarySI', '500m', '0.5'],
    [1n, 9, 'DecimalSI', '1G', '1000M'],
    [1000n, 6, 'DecimalSI', '1G', '0.001T'],
    [1000000n, 3, 'DecimalSI', '1G', ''],
    [1000000000n, 0, 'DecimalSI', '1G', ''],
    [1n, -3, 'DecimalSI', '1m', '1000u'],
    [80n, -3, 'DecimalSI', '80m', ''],
    [1080n, -3, 'DecimalSI', '1080m', '1.08'],
    [108n, -2, 'DecimalSI', '1080m', '1080000000n'],
    [10800n, -4, 'DecimalSI', '1080m', ''],
    [300n, 6, 'DecimalSI', '300M', ''],
    [1n, 12, 'DecimalSI', '1T', ''],
    [1234567n, 6, 'DecimalSI', '1234567M', ''],
    [1234567n, -3, 'BinarySI', '1234567m', ''],
    [3n, 3, 'DecimalSI', '3k', ''],
    [1025n, 0, 'BinarySI', '1025', ''],
    [0n, 0, 'DecimalSI', '0', ''],
    [0n, 0, 'BinarySI', '0', ''],
    [1n, 9, 'DecimalExponent', '1e9', '.001e12'],
    [1n, -3, 'DecimalExponent', '1e-3', '0.001e0'],
    [1n, -9, 'DecimalExponent', '1e-9', '1000e-12'],
    [80n, -3, 'DecimalExponent', '80e-3', ''],
    [300n, 6, 'DecimalExponent', '300e6', ''],
    [1n, 12, 'DecimalExponent', '1e12', ''],
    [1n, 3, 'DecimalExponent', '1e3', ''],
    [3n, 3, 'DecimalExponent', '3e3', ''],
    [3n, 3, 'DecimalSI', '3k', ''],
    [0n, 0, 'DecimalExponent', '0', '00'],
    [1n, -9, 'DecimalSI', '1n', ''],
    [80n, -9, 'DecimalSI', '80n', ''],
    [1080n, -9, 'DecimalSI', '1080n', ''],
    [108n, -8, 'DecimalSI', '1080n', ''],
    [10800n, -10, 'DecimalSI', '1080n', ''],
    [1n, -6, 'DecimalSI', '1u', ''],
    [80n, -6, 'DecimalSI', '80u', ''],
    [1080n, -6, 'DecimalSI', '1080u', ''],
  ];

  it.each(table)('%s×10^%s %s → %s', (mantissa, exponent, format, want, alternate) => {
    expect(formatQuantity({ mantissa, exponent, format })).toBe(want);
    expect(formatQuantity({ mantissa: -mantissa, exponent, format })).toBe(mantissa === 0n ? '0' : `-${want}`);
    expect(canonicalQuantity(want)).toBe(want);
    if (alternate) expect(canonicalQuantity(alternate)).toBe(want);
  });

  // Upstream's TestQuantityParseEmit, plus the brief's examples.
  it.each([
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1000M', '1G'],
    ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
    ['1000m', '1'], ['1024Ki', '1Mi'], ['0.1', '100m'], ['1.5Gi', '1536Mi'], ['1.5', '1500m'], ['-1', '-1'], ['+1', '1'],
    ['100.035Ki', '102435840m'], ['1e3', '1e3'], ['1500e-3', '1500e-3'], ['1000E', '1e21'], ['9Ei', '9223372036854775807'],
    ['0.5Ki', '512'],
  ])('%s → %s', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
    if (want !== '0' && !input.startsWith('-') && !input.startsWith('+')) expect(canonicalQuantity(`-${input}`)).toBe(`-${want}`);
  });

  it('formats base-unit numbers and BigInts without float noise', () => {
    expect(formatQuantity(0.1, 'DecimalSI')).toBe('100m');
    expect(formatQuantity(0.3, 'DecimalSI')).toBe('300m');
    expect(formatQuantity(1.5 * 2 ** 30, 'BinarySI')).toBe('1536Mi');
    expect(formatQuantity(1024, 'BinarySI')).toBe('1Ki');
    expect(formatQuantity(1000000, 'DecimalExponent')).toBe('1e6');
    expect(formatQuantity(1234000)).toBe('1234k');
    expect(formatQuantity(1.024, 'BinarySI')).toBe('1024m');
    expect(formatQuantity(1e-12)).toBe('1n');
    expect(formatQuantity({ mantissa: 15n, exponent: -10, format: 'DecimalSI' })).toBe('2n');
    expect(formatQuantity(2n ** 70n, 'BinarySI')).toBe('1024Ei');
    expect(formatQuantity(5n * 1024n ** 5n, 'BinarySI')).toBe('5Pi');
    expect(() => formatQuantity(Number.NaN)).toThrow(RangeError);
  });

  it('re-renders a quantity in another format', () => {
    expect(formatQuantity(quantity('1Gi'), 'DecimalSI')).toBe('1073741824');
    expect(formatQuantity(quantity('2k'), 'BinarySI')).toBe('2000');
    expect(formatQuantity(quantity('2048'), 'BinarySI')).toBe('2Ki');
  });
});

describe('values', () => {
  it.each([
    ['100m', 0.1, 100],
    ['1', 1, 1000],
    ['2.5', 2.5, 2500],
    ['1Mi', 1048576, 1048576000],
    ['1.5Gi', 1610612736, 1610612736000],
    ['1Pi', 1125899906842624, 1125899906842624000],
    ['1n', 1e-9, 1],
    ['-1n', -1e-9, -1],
    ['1500u', 0.0015, 2],
    ['-1500u', -0.0015, -2],
    ['250n', 2.5e-7, 1],
  ])('%s = %s base units, %s milli', (input, value, milli) => {
    expect(parseQuantity(input)).toBe(value);
    expect(milliValue(input)).toBe(milli);
  });

  it('parseQuantity throws the same errors as quantity', () => {
    expect(() => parseQuantity('1 Gi')).toThrow(formatWrong);
  });
});

describe('arithmetic and comparison', () => {
  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1Gi', '1073741824', 0],
    ['1', '1000m', 0],
    ['-1', '1n', -1],
    ['-2', '-1', -1],
    ['-1', '-2', 1],
    ['999n', '1u', -1],
  ])('compare(%s, %s) = %d', (a, b, want) => {
    expect(compareQuantities(a, b)).toBe(want);
    expect(compareQuantities(b, a)).toBe(-want || 0);
  });

  it('adds and subtracts exactly, keeping the first non-zero format', () => {
    expect(formatQuantity(addQuantities('100m', '200m'))).toBe('300m');
    expect(formatQuantity(addQuantities('1Gi', '512Mi'))).toBe('1536Mi');
    expect(formatQuantity(addQuantities('10', quantity('1Ki')))).toBe('1034');
    expect(addQuantities('0', '1Ki').format).toBe('BinarySI');
    expect(addQuantities('1', '1Ki').format).toBe('DecimalSI');
    expect(formatQuantity(subtractQuantities('1', '1m'))).toBe('999m');
    expect(formatQuantity(subtractQuantities('0', '50'))).toBe('-50');
    expect(formatQuantity(subtractQuantities('1Gi', '1Gi'))).toBe('0');
    let sum: Quantity = quantity('0');
    for (let i = 0; i < 10; i++) sum = addQuantities(sum, '0.1');
    expect(formatQuantity(sum)).toBe('1');
  });
});
