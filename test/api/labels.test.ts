import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector, labelSelectorFromObject, labelsEqualSelector, matchesLabels, parseLabelSelector,
} from '../../api/labels.ts';
import { StatusError } from '../../api/status.ts';

const nameRegexMsg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function parseError(s: string): StatusError {
  try {
    parseLabelSelector(s);
  } catch (e) {
    return e as StatusError;
  }
  throw new Error(`${JSON.stringify(s)} parsed`);
}

describe('parseLabelSelector: grammar', () => {
  // Upstream's TestSetSelectorParser good cases, compared through the canonical string.
  it.each([
    ['', ''],
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', 'this-is-another-dns.domain.com/key-with-dash in (so,what)'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tock.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tock.clock)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (def,abc)', 'x in (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['x,y in (a)', 'x,y in (a)'],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['z in (h,i,j),y!=b,x=a', 'x=a,y!=b,z in (h,i,j)'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['a ', 'a'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['in in (in)', 'in in (in)'],
    ['!x', '!x'],
    ['x=', 'x='],
    ['x= ,z= ', 'x=,z='],
    ['a in (b,b,a)', 'a in (a,b)'],
  ])('%j', (input, canonical) => {
    expect(parseLabelSelector(input).toString()).toBe(canonical);
  });

  it('keeps requirements sorted by key and values deduplicated', () => {
    const sel = parseLabelSelector('b in (y,x,y),a');
    expect(sel.requirements).toEqual([
      { key: 'a', operator: 'exists', values: [] },
      { key: 'b', operator: 'in', values: ['x', 'y'] },
    ]);
  });

  it('the empty string selects everything', () => {
    const sel = parseLabelSelector('');
    expect(sel.empty).toBe(true);
    expect(sel.matches({ a: 'b' })).toBe(true);
    expect(sel.matches(undefined)).toBe(true);
  });
});

describe('parseLabelSelector: errors', () => {
  it.each([
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${labelValueMsg}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a in (x=)', "unable to parse requirement: found '=', expected: ',' or ')'"],
    ['a in (,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!!a', "unable to parse requirement: found '!', expected: identifier"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['app:monolith', `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${nameRegexMsg}`],
    ['a/b/c=d', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['a in (b@,c#)', `unable to parse requirement: [values[0][a]: Invalid value: "b@": ${labelValueMsg}, values[1][a]: Invalid value: "c#": ${labelValueMsg}]`],
  ])('%j', (input, message) => {
    const err = parseError(input);
    expect(err).toBeInstanceOf(StatusError);
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(message);
  });
});

describe('label selector matching', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['missing=', false],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['missing in (x)', false],
    ['app notin (db)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['app', true],
    ['missing', false],
    ['!app', false],
    ['!missing', true],
    ['n>4', true],
    ['n>5', false],
    ['n<6', true],
    ['n<5', false],
    ['app>1', false],
    ['missing>1', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
  ])('%s → %s', (sel, want) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(want);
  });

  it('treats absent labels as the empty set', () => {
    expect(parseLabelSelector('!a').matches(undefined)).toBe(true);
    expect(parseLabelSelector('a').matches(null)).toBe(false);
  });

  it('does not see inherited properties as labels', () => {
    expect(parseLabelSelector('toString').matches({})).toBe(false);
  });

  it('answers exact-match questions for indexes', () => {
    const sel = parseLabelSelector('a=1,b in (2),c in (3,4),d!=5');
    expect(sel.requiresExactMatch('a')).toBe('1');
    expect(sel.requiresExactMatch('b')).toBe('2');
    expect(sel.requiresExactMatch('c')).toBeUndefined();
    expect(sel.requiresExactMatch('d')).toBeUndefined();
    expect(sel.requiresExactMatch('e')).toBeUndefined();
  });
});

describe('labelSelectorFromObject', () => {
  it('null or absent matches nothing', () => {
    for (const sel of [null, undefined]) {
      const m = labelSelectorFromObject(sel);
      expect(m.matches({})).toBe(false);
      expect(m.selectable).toBe(false);
      expect(m.empty).toBe(false);
      expect(m.toString()).toBe('');
    }
  });

  it('an empty selector matches everything', () => {
    const m = labelSelectorFromObject({});
    expect(m.empty).toBe(true);
    expect(m.matches({ x: 'y' })).toBe(true);
    expect(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }).matches(undefined)).toBe(true);
  });

  it('combines matchLabels and matchExpressions', () => {
    const m = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'edge'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(m.toString()).toBe('app=web,env notin (prod),!legacy,team,tier in (edge,front)');
    expect(m.matches({ app: 'web', tier: 'edge', team: 'a' })).toBe(true);
    expect(m.matches({ app: 'web', tier: 'edge', team: 'a', env: 'prod' })).toBe(false);
    expect(m.matches({ app: 'web', tier: 'edge', team: 'a', legacy: '' })).toBe(false);
    expect(m.matches({ app: 'web', tier: 'back', team: 'a' })).toBe(false);
    expect(m.matches({ app: 'web', tier: 'edge' })).toBe(false);
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }, "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: ["x"]: values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'bad key': 'x' } }, `key: Invalid value: "bad key": ${nameRegexMsg}`],
    [{ matchLabels: { a: 'bad value' } }, `values[0][a]: Invalid value: "bad value": ${labelValueMsg}`],
  ])('rejects %j', (sel, message) => {
    expect(() => labelSelectorFromObject(sel)).toThrow(expect.objectContaining({ code: 400, reason: 'BadRequest', message }));
  });

  it('matchesLabels is the object form in one call', () => {
    expect(matchesLabels({ matchLabels: { a: 'b' } }, { a: 'b', c: 'd' })).toBe(true);
    expect(matchesLabels({ matchLabels: { a: 'b' } }, { a: 'c' })).toBe(false);
    expect(matchesLabels(null, { a: 'b' })).toBe(false);
    expect(matchesLabels({}, undefined)).toBe(true);
  });
});

describe('formatLabelSelector', () => {
  it.each([
    [null, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['z', 'y'] }] }, 'k in (y,z)'],
    [{ matchExpressions: [{ key: 'k', operator: 'Bogus' }] }, '<error>'],
  ])('%j → %s', (sel, want) => {
    expect(formatLabelSelector(sel)).toBe(want);
  });
});

describe('labelsEqualSelector', () => {
  it('matches supersets of the map', () => {
    const m = labelsEqualSelector({ app: 'web', tier: 'front' });
    expect(m.toString()).toBe('app=web,tier=front');
    expect(m.matches({ app: 'web', tier: 'front', extra: 'x' })).toBe(true);
    expect(m.matches({ app: 'web' })).toBe(false);
  });

  it('an empty or absent map selects everything, as SelectorFromSet', () => {
    expect(labelsEqualSelector({}).empty).toBe(true);
    expect(labelsEqualSelector(undefined).matches({ a: 'b' })).toBe(true);
  });
});
