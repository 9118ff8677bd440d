import { describe, expect, it } from 'vitest';
import { SortedKeys } from '../../electron/control-plane/store/sorted-keys.ts';

describe('SortedKeys', () => {
  it('agrees with a sorted array under random inserts and removals', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const keys = new SortedKeys();
    const reference = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const key = `k${Math.floor(random() * 5000)}`;
      if (reference.has(key) && random() < 0.5) {
        reference.delete(key);
        keys.remove(key);
      } else if (!reference.has(key)) {
        reference.add(key);
        keys.add(key);
      }
    }
    const sorted = [...reference].sort();
    expect(keys.size).toBe(sorted.length);
    expect([...keys.from('')]).toEqual(sorted);
    for (const probe of ['k', 'k2', 'k2500', 'k4999', 'l', sorted[100]!]) {
      const rank = sorted.filter((k) => k < probe).length;
      expect(keys.rank(probe)).toBe(rank);
      expect([...keys.from(probe, true)]).toEqual(sorted.filter((k) => k > probe));
    }
  });

  it('bulk-loads sorted keys', () => {
    const sorted = Array.from({ length: 3000 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    const keys = SortedKeys.fromSorted(sorted);
    keys.add('k00000a');
    keys.remove('k01000');
    expect([...keys.from('k00999')].slice(0, 3)).toEqual(['k00999', 'k01001', 'k01002']);
    expect(keys.rank('k00001')).toBe(2);
    expect(keys.size).toBe(3000);
  });
});
