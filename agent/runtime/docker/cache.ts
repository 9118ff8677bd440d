// Statuses of listed containers, kept while the engine's list shows them in the
// same state. A container's inspect changes only when its state does (we set no
// restart policy), so every pod worker listing everything costs one list call and
// inspects only of what changed, not one inspect per container per list.

export class StatusCache<T> {
  private entries = new Map<string, { state: string; value: T }>();

  /** Values for the listed containers, fetching those that are new or changed state; entries no longer listed are dropped. */
  async resolve(listed: { Id: string; State: string }[], fetch: (id: string) => Promise<T | undefined>): Promise<T[]> {
    const ids = new Set(listed.map((c) => c.Id));
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
    const values: (T | undefined)[] = await Promise.all(listed.map(async (c): Promise<T | undefined> => {
      const hit = this.entries.get(c.Id);
      if (hit && hit.state === c.State) return hit.value;
      const value = await fetch(c.Id);
      if (value === undefined) this.entries.delete(c.Id);
      else this.entries.set(c.Id, { state: c.State, value });
      return value;
    }));
    return values.filter((v): v is T => v !== undefined);
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}
