// The palette's fuzzy matching: order of characters, word starts and runs first.
import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../../../renderer/src/model/fuzzy.ts';

describe('fuzzy matching', () => {
  it('needs the characters in order', () => {
    expect(fuzzyScore('ngx', 'nginx')).toBeDefined();
    expect(fuzzyScore('xgn', 'nginx')).toBeUndefined();
    expect(fuzzyScore('', 'anything')).toBe(0);
  });

  it('ranks word starts and consecutive runs above scattered letters', () => {
    const names = ['deleted-pod-webhook', 'Deployment web', 'redis-web-0'];
    expect(fuzzyFilter('dep web', names, (n) => n, 10)[0]).toBe('Deployment web');
    expect(fuzzyFilter('web', ['a-w-e-b', 'web'], (n) => n, 10)).toEqual(['web', 'a-w-e-b']);
  });

  it('keeps at most the limit and drops non-matches', () => {
    const many = Array.from({ length: 100 }, (_, i) => `pod-${i}`);
    expect(fuzzyFilter('pod', many, (n) => n, 5)).toHaveLength(5);
    expect(fuzzyFilter('zzz', many, (n) => n, 5)).toEqual([]);
  });
});
