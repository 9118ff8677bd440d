import type { StoreEvent } from './types.ts';

export interface Subscriber {
  push(event: StoreEvent): void;
}

/**
 * Fans committed events out to watchers by prefix. Instead of testing every
 * watcher, it looks up the key's own prefixes of each length some watcher
 * uses, so the cost per event follows the number of distinct prefix lengths,
 * not the number of watchers.
 */
export class WatchHub<S extends Subscriber> {
  private readonly byPrefix = new Map<string, Set<S>>();
  private readonly prefixesOfLength = new Map<number, number>();
  private lengths: number[] = [];

  add(prefix: string, sub: S): void {
    let subs = this.byPrefix.get(prefix);
    if (!subs) {
      subs = new Set();
      this.byPrefix.set(prefix, subs);
      this.countLength(prefix.length, +1);
    }
    subs.add(sub);
  }

  remove(prefix: string, sub: S): void {
    const subs = this.byPrefix.get(prefix);
    if (!subs?.delete(sub) || subs.size > 0) return;
    this.byPrefix.delete(prefix);
    this.countLength(prefix.length, -1);
  }

  /** Every current subscriber, for shutting them all down. */
  all(): S[] {
    return [...this.byPrefix.values()].flatMap((subs) => [...subs]);
  }

  publish(event: StoreEvent): void {
    const key = event.kv.key;
    for (const length of this.lengths) {
      if (length > key.length) break;
      const subs = this.byPrefix.get(key.slice(0, length));
      if (subs) for (const sub of subs) sub.push(event);
    }
  }

  private countLength(length: number, delta: number): void {
    const n = (this.prefixesOfLength.get(length) ?? 0) + delta;
    if (n > 0) this.prefixesOfLength.set(length, n);
    else this.prefixesOfLength.delete(length);
    this.lengths = [...this.prefixesOfLength.keys()].sort((a, b) => a - b);
  }
}
