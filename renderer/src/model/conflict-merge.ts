// Three-way merge of an edited API object onto a newer version of it: base is
// the object when editing started, mine the edit, theirs what the server has
// now. Changes from one side only are kept; a field both sides changed to
// different values is a conflict, resolved to theirs unless mine is chosen.
// Lists of named items (containers, env, ports, volumes) merge item by item,
// keyed by name, as the server's strategic merge does.

export interface MergeConflict {
  /** e.g. spec.replicas, spec.template.spec.containers[name=web].image */
  path: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult<T> {
  merged: T;
  conflicts: MergeConflict[];
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isFields(a) && isFields(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

function named(value: unknown): value is Fields[] {
  if (!Array.isArray(value) || !value.every((item) => isFields(item) && typeof item.name === 'string')) return false;
  return new Set(value.map((item) => item.name)).size === value.length;
}

function byName(items: Fields[]): Map<string, Fields> {
  return new Map(items.map((item) => [item.name as string, item]));
}

class Merger {
  readonly conflicts: MergeConflict[] = [];

  constructor(private readonly preferMine: boolean) {}

  /** undefined stands for an absent field on any side. */
  value(path: string, base: unknown, mine: unknown, theirs: unknown): unknown {
    if (deepEqual(mine, base)) return theirs;
    if (deepEqual(theirs, base) || deepEqual(mine, theirs)) return mine;
    if (isFields(mine) && isFields(theirs)) return this.fields(path, isFields(base) ? base : {}, mine, theirs);
    if (named(mine) && named(theirs)) return this.list(path, named(base) ? base : [], mine, theirs);
    this.conflicts.push({ path, base, mine, theirs });
    return this.preferMine ? mine : theirs;
  }

  private fields(path: string, base: Fields, mine: Fields, theirs: Fields): Fields {
    const out: Fields = {};
    // Theirs' order first, then fields only mine has, so the YAML reads like the live object.
    for (const key of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
      const value = this.value(path ? `${path}.${key}` : key, base[key], mine[key], theirs[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  private list(path: string, base: Fields[], mine: Fields[], theirs: Fields[]): Fields[] {
    const [b, m, t] = [byName(base), byName(mine), byName(theirs)];
    const out: Fields[] = [];
    for (const name of new Set([...t.keys(), ...m.keys()])) {
      const value = this.value(`${path}[name=${name}]`, b.get(name), m.get(name), t.get(name));
      if (value !== undefined) out.push(value as Fields);
    }
    return out;
  }
}

/** Mine applied onto theirs; with preferMine, mine also wins the conflicts (which are listed either way). */
export function threeWayMerge<T>(base: T, mine: T, theirs: T, preferMine = false): MergeResult<T> {
  const merger = new Merger(preferMine);
  const merged = merger.value('', base, mine, theirs) as T;
  return { merged, conflicts: merger.conflicts };
}
