import { describe, expect, it } from 'vitest';
import { expand } from '../../../agent/env/index.ts';

describe('$(VAR) expansion', () => {
  const lookup = (n: string) => ({ A: 'a', B: 'b' } as Record<string, string>)[n];
  it('follows upstream: known names expand, unknown stay, $$ escapes, lone $ and unterminated refs stay', () => {
    expect(expand('$(A)-$(B)', lookup)).toBe('a-b');
    expect(expand('$(C)', lookup)).toBe('$(C)');
    expect(expand('$$(A)', lookup)).toBe('$(A)');
    expect(expand('cost $5 $', lookup)).toBe('cost $5 $');
    expect(expand('x$(A', lookup)).toBe('x$(A');
  });
});
