// A sorted set of strings kept as a list of small sorted blocks, so inserts and
// deletes move at most one block (not the whole 100k-key array) and rank
// queries cost one pass over the block sizes.
const MAX_BLOCK = 512;

export class SortedKeys {
  private blocks: string[][] = [];
  private total = 0;

  /** `keys` must be sorted ascending and distinct. */
  static fromSorted(keys: readonly string[]): SortedKeys {
    const set = new SortedKeys();
    for (let i = 0; i < keys.length; i += MAX_BLOCK / 2) set.blocks.push(keys.slice(i, i + MAX_BLOCK / 2));
    set.total = keys.length;
    return set;
  }

  get size(): number {
    return this.total;
  }

  /** `key` must not be present. */
  add(key: string): void {
    if (this.blocks.length === 0) {
      this.blocks.push([key]);
      this.total = 1;
      return;
    }
    const b = Math.min(this.blockFor(key), this.blocks.length - 1);
    const block = this.blocks[b]!;
    block.splice(lowerBound(block, key), 0, key);
    this.total++;
    if (block.length > MAX_BLOCK) this.blocks.splice(b + 1, 0, block.splice(MAX_BLOCK / 2));
  }

  remove(key: string): void {
    const b = this.blockFor(key);
    const block = this.blocks[b];
    if (!block) return;
    const i = lowerBound(block, key);
    if (block[i] !== key) return;
    block.splice(i, 1);
    this.total--;
    if (block.length === 0) this.blocks.splice(b, 1);
  }

  /** Number of keys strictly less than `key`. */
  rank(key: string): number {
    const b = this.blockFor(key);
    let n = 0;
    for (let i = 0; i < b; i++) n += this.blocks[i]!.length;
    const block = this.blocks[b];
    return block ? n + lowerBound(block, key) : n;
  }

  /** Keys >= `key` (> `key` when `exclusive`), ascending. */
  *from(key: string, exclusive = false): Generator<string> {
    let b = this.blockFor(key);
    const first = this.blocks[b];
    if (!first) return;
    let i = lowerBound(first, key);
    if (exclusive && first[i] === key) i++;
    for (; b < this.blocks.length; b++, i = 0) {
      const block = this.blocks[b]!;
      for (; i < block.length; i++) yield block[i]!;
    }
  }

  /** Index of the first block whose last key is >= `key` (blocks.length if none). */
  private blockFor(key: string): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid]!;
      if (block[block.length - 1]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
