import type { KV } from './types.ts';
import { prefixEnd } from './key-range.ts';
import { SortedKeys } from './sorted-keys.ts';

export interface Page {
  items: KV[];
  more: boolean;
  remaining: number;
}

/** The committed current value of every live key, ordered for prefix listing. */
export class MemoryState {
  private readonly values = new Map<string, KV>();
  private readonly keys: SortedKeys;

  constructor(live: readonly KV[]) {
    for (const kv of live) this.values.set(kv.key, kv);
    this.keys = SortedKeys.fromSorted([...this.values.keys()].sort());
  }

  get(key: string): KV | undefined {
    return this.values.get(key);
  }

  put(kv: KV): void {
    if (!this.values.has(kv.key)) this.keys.add(kv.key);
    this.values.set(kv.key, kv);
  }

  remove(key: string): void {
    if (this.values.delete(key)) this.keys.remove(key);
  }

  count(prefix: string): number {
    return this.rankEnd(prefix) - this.keys.rank(prefix);
  }

  /** `limit` 0 or undefined means no limit. */
  list(prefix: string, startAfter?: string, limit?: number): Page {
    const items: KV[] = [];
    const keys = startAfter !== undefined && startAfter >= prefix ? this.keys.from(startAfter, true) : this.keys.from(prefix);
    for (const key of keys) {
      if (!key.startsWith(prefix)) break;
      if (limit && items.length === limit) {
        const remaining = this.rankEnd(prefix) - this.keys.rank(key);
        return { items, more: true, remaining };
      }
      items.push(this.values.get(key)!);
    }
    return { items, more: false, remaining: 0 };
  }

  private rankEnd(prefix: string): number {
    const end = prefixEnd(prefix);
    return end === undefined ? this.keys.size : this.keys.rank(end);
  }
}
