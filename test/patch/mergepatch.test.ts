import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../electron/control-plane/apiserver/patch/mergepatch.ts';

// RFC 7386 Appendix A, every example.
const examples: Array<[unknown, unknown, unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('RFC 7386 JSON merge patch', () => {
  it.each(examples)('%j + %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('is what kubectl label sends, and leaves its inputs alone', () => {
    const live = { metadata: { name: 'p', labels: { a: '1', b: '2' } }, spec: { nodeName: 'n' } };
    const patch = { metadata: { labels: { a: null, c: '3' } } };
    const result = applyMergePatch(live, patch) as typeof live;
    expect(result).toEqual({ metadata: { name: 'p', labels: { b: '2', c: '3' } }, spec: { nodeName: 'n' } });
    result.spec.nodeName = 'changed';
    expect(live).toEqual({ metadata: { name: 'p', labels: { a: '1', b: '2' } }, spec: { nodeName: 'n' } });
    expect(patch).toEqual({ metadata: { labels: { a: null, c: '3' } } });
  });
});
