import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/status.ts';
import type { JsonPatchOperation } from '../../electron/control-plane/apiserver/patch/jsonpatch.ts';
import { applyJsonPatch, parseJsonPatch } from '../../electron/control-plane/apiserver/patch/jsonpatch.ts';
import { thrown } from '../helpers/thrown.ts';


// RFC 6902 Appendix A, one case per example.
const examples: Array<[string, unknown, JsonPatchOperation[], unknown]> = [
  ['A.1 adding an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { baz: 'qux', foo: 'bar' }],
  ['A.2 adding an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
  ['A.3 removing an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
  ['A.4 removing an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
  ['A.5 replacing a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
  ['A.6 moving a value',
    { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }],
  ['A.7 moving an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
  ['A.8 testing a value: success', { baz: 'qux', foo: ['a', 2, 'c'] },
    [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
  ['A.10 adding a nested member object', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
  ['A.11 ignoring unrecognized elements', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 } as JsonPatchOperation], { foo: 'bar', baz: 'qux' }],
  ['A.14 ~ escape ordering', { '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: 10 }], { '/': 9, '~1': 10 }],
  ['A.16 adding an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
  ['copy', { a: { b: [1] } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: [1] }, c: { b: [1] } }],
  ['replace the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
  ['~1 in an object key', { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } },
    [{ op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'y' }], { metadata: { labels: { 'app.kubernetes.io/name': 'y' } } }],
];

describe('RFC 6902 JSON patch', () => {
  it.each(examples)('%s', (_name, doc, ops, expected) => {
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
  });

  it('A.9 a failed test is a 422 with the library message as its cause', () => {
    const err = thrown(() => applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('the server rejected our request due to an error in our request');
    expect(err.details?.causes).toEqual([{ reason: 'UnexpectedServerResponse', message: 'testing value /baz failed: test failed' }]);
  });

  it('A.12 adding to a nonexistent target fails', () => {
    const err = thrown(() => applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]));
    expect(err.code).toBe(422);
    expect(err.details?.causes?.[0].message).toBe('add operation does not apply: doc is missing path: "/baz/bat": missing value');
  });

  it('A.15 comparing strings and numbers fails', () => {
    expect(thrown(() => applyJsonPatch({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }])).code).toBe(422);
  });

  it('rejects out-of-range and malformed indices, unknown ops and missing keys', () => {
    expect(thrown(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/2', value: 0 }])).code).toBe(422);
    expect(thrown(() => applyJsonPatch({ a: [1] }, [{ op: 'remove', path: '/a/01' }])).code).toBe(422);
    expect(thrown(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).code).toBe(422);
    expect(thrown(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }])).code).toBe(422);
    expect(thrown(() => applyJsonPatch({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }])).code).toBe(422);
    const err = thrown(() => applyJsonPatch({ a: 1 }, [{ op: 'frobnicate', path: '/a' }]));
    expect(err.details?.causes?.[0].message).toBe('Unexpected kind: frobnicate');
  });

  it('is all or nothing and never mutates its input', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    const ops: JsonPatchOperation[] = [{ op: 'remove', path: '/a/0' }, { op: 'add', path: '/b/d', value: 2 }, { op: 'test', path: '/b/c', value: 5 }];
    expect(() => applyJsonPatch(doc, ops)).toThrow(StatusError);
    const result = applyJsonPatch(doc, ops.slice(0, 2));
    expect(result).toEqual({ a: [2], b: { c: 1, d: 2 } });
    expect(doc).toEqual({ a: [1, 2], b: { c: 1 } });
  });

  it('parses only lists of operation objects', () => {
    expect(parseJsonPatch([{ op: 'remove', path: '/a' }])).toEqual([{ op: 'remove', path: '/a' }]);
    const err = thrown(() => parseJsonPatch({ op: 'remove' }));
    expect(err.code).toBe(400);
    expect(err.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(thrown(() => parseJsonPatch(['x'])).code).toBe(400);
    expect(thrown(() => parseJsonPatch(new Array(10001).fill({ op: 'test', path: '' }))).code).toBe(413);
  });
});
