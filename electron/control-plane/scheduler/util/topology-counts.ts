// Counts per topology domain (label key → label value → n): upstream's
// topologyToMatchedTermCount, shared by InterPodAffinity and PodTopologySpread.

type Labels = Readonly<Record<string, string>>;

export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();

  get size(): number {
    return this.byKey.size;
  }

  add(key: string, value: string, n: number): void {
    let values = this.byKey.get(key);
    if (!values) this.byKey.set(key, (values = new Map()));
    values.set(value, (values.get(value) ?? 0) + n);
  }

  /** Adds n to the node's domain for `key`, when the node has that label. */
  addForNode(labels: Labels, key: string, n: number): void {
    const value = labels[key];
    if (value !== undefined) this.add(key, value, n);
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** The values of one key, with their counts. */
  domains(key: string): ReadonlyMap<string, number> {
    return this.byKey.get(key) ?? new Map();
  }

  /** The sum, over the keys counted, of the count of the node's domain. */
  sumForNode(labels: Labels): number {
    let sum = 0;
    for (const [key, values] of this.byKey) {
      const value = labels[key];
      if (value !== undefined) sum += values.get(value) ?? 0;
    }
    return sum;
  }

  /** Whether any domain the node is in has a positive count. */
  anyPositiveForNode(labels: Labels): boolean {
    for (const [key, values] of this.byKey) {
      const value = labels[key];
      if (value !== undefined && (values.get(value) ?? 0) > 0) return true;
    }
    return false;
  }
}
