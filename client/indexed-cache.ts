// An informer's local cache: one object per key, plus indexes kept in step with it.
import type { KubeObject } from '../api/types.ts';
import type { IndexFunc } from './types.ts';

/** "namespace/name" for namespaced objects, "name" for cluster-scoped ones (upstream's MetaNamespaceKeyFunc). */
export function keyOf(namespace: string | undefined, name: string | undefined): string {
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

export function objectKey(obj: KubeObject): string {
  return keyOf(obj.metadata.namespace, obj.metadata.name);
}

export class IndexedCache<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.indexFuncs.has(name)) throw new Error(`index ${name} already exists`);
    this.indexFuncs.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) this.indexAdd(index, fn(obj), key);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  values(): T[] {
    return [...this.items.values()];
  }

  /** Stores obj under its key; returns the object it replaced. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name)!;
      if (old) this.indexRemove(index, fn(old), key);
      this.indexAdd(index, fn(obj), key);
    }
    return old;
  }

  /** Removes the key; returns the object it held. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    for (const [name, fn] of this.indexFuncs) this.indexRemove(this.indices.get(name)!, fn(old), key);
    return old;
  }

  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`index ${name} does not exist`);
    const keys = index.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const key of keys) out.push(this.items.get(key)!);
    return out;
  }

  private indexAdd(index: Map<string, Set<string>>, values: string[], key: string): void {
    for (const value of values) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private indexRemove(index: Map<string, Set<string>>, values: string[], key: string): void {
    for (const value of values) {
      const keys = index.get(value);
      if (!keys) continue;
      keys.delete(key);
      // Empty sets would pile up for every namespace, node and owner ever seen.
      if (keys.size === 0) index.delete(value);
    }
  }
}
