import { describe, expect, it } from 'vitest';
import {
  assertSupportedFields, escapeFieldValue, fieldsEqualSelector, parseFieldSelector, unescapeFieldValue,
} from '../../api/fields.ts';

function badRequest(message: string) {
  return expect.objectContaining({ code: 400, reason: 'BadRequest', message });
}

describe('parseFieldSelector', () => {
  it.each([
    ['x=a,y=b,z=c', [['x', '=', 'a'], ['y', '=', 'b'], ['z', '=', 'c']]],
    ['', []],
    ['x!=a,y=b', [['x', '!=', 'a'], ['y', '=', 'b']]],
    ['x==a', [['x', '=', 'a']]],
    ['x=', [['x', '=', '']]],
    ['x=a,,y=b', [['x', '=', 'a'], ['y', '=', 'b']]],
    ['x=a||y\\=b', [['x', '=', 'a||y=b']]],
    ['x=a\\=\\=b', [['x', '=', 'a==b']]],
    ['x=a\\,b', [['x', '=', 'a,b']]],
    ['x=a\\\\', [['x', '=', 'a\\']]],
    ['z=1,a!=2', [['a', '!=', '2'], ['z', '=', '1']]],
    ['spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed',
      [['spec.nodeName', '=', 'n1'], ['status.phase', '!=', 'Failed'], ['status.phase', '!=', 'Succeeded']]],
  ])('%j', (input, want) => {
    const sel = parseFieldSelector(input);
    expect(sel.requirements.map((r) => [r.field, r.operator, r.value])).toEqual(want);
    expect(sel.empty).toBe(want.length === 0);
  });

  it.each([
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['x=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j', (input, message) => {
    expect(() => parseFieldSelector(input)).toThrow(badRequest(message));
  });

  it('prints requirements back with values escaped', () => {
    expect(parseFieldSelector('b=x\\,y,a!=\\=').toString()).toBe('a!=\\=,b=x\\,y');
  });
});

describe('matching', () => {
  const attrs = { 'metadata.name': 'web-1', 'spec.nodeName': 'n1', 'status.phase': 'Running' };
  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name=web-2', false],
    ['metadata.name!=web-2', true],
    ['spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed', true],
    ['spec.nodeName=n1,status.phase!=Running', false],
    ['spec.other=', true],
    ['spec.other!=x', true],
    ['spec.other=x', false],
    ['', true],
  ])('%s → %s', (sel, want) => {
    expect(parseFieldSelector(sel).matches(attrs)).toBe(want);
  });

  it('does not see inherited properties as fields', () => {
    expect(parseFieldSelector('constructor=').matches({})).toBe(true);
  });

  it('exactMatch gives the value an equality term pins', () => {
    const sel = parseFieldSelector('spec.nodeName!=n2,spec.nodeName=n1,status.phase!=Failed');
    expect(sel.exactMatch('spec.nodeName')).toBe('n1');
    expect(sel.exactMatch('status.phase')).toBeUndefined();
    expect(sel.exactMatch('metadata.name')).toBeUndefined();
  });

  it('fieldsEqualSelector requires every field', () => {
    const sel = fieldsEqualSelector({ 'metadata.name': 'web-1', 'spec.nodeName': 'n1' });
    expect(sel.matches(attrs)).toBe(true);
    expect(sel.matches({ ...attrs, 'spec.nodeName': 'n2' })).toBe(false);
    expect(sel.toString()).toBe('metadata.name=web-1,spec.nodeName=n1');
  });
});

describe('escaping', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('%j ⇄ %j', (literal, escaped) => {
    expect(escapeFieldValue(literal)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(literal);
  });

  it.each([
    ['\\', 'invalid field selector: invalid escape sequence: \\'],
    ['\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
    ['\\a', 'invalid field selector: invalid escape sequence: \\a'],
    [',', 'invalid field selector: unescaped character in value: 44'],
    ['=', 'invalid field selector: unescaped character in value: 61'],
  ])('rejects %j', (escaped, message) => {
    expect(() => unescapeFieldValue(escaped)).toThrow(badRequest(message));
  });
});

describe('assertSupportedFields', () => {
  it('accepts supported fields and names the first unsupported one', () => {
    const sel = parseFieldSelector('metadata.name=a,spec.foo=b');
    expect(() => assertSupportedFields(sel, ['metadata.name', 'spec.foo'])).not.toThrow();
    expect(() => assertSupportedFields(sel, new Set(['metadata.name']))).toThrow(badRequest('field label not supported: spec.foo'));
  });
});
