// Objects seen through their schema the way structured-merge-diff sees them:
// which list items are the "same" item (map lists by their keys, sets by value),
// which fields an applied configuration sets, what changed between two objects,
// and how an applied configuration merges into a live object.
import type { JsonObject } from './json.ts';
import { clone, deepEqual, isObject } from './json.ts';
import type { Path } from './fieldset.ts';
import { FieldSet, elementValue, fieldElement, keyElement, pathString, valueElement } from './fieldset.ts';
import type { SchemaWalker } from './schema.ts';
import { childOf, isAtomicMap, listKindOf } from './schema.ts';

/** An applied configuration the schema cannot make sense of (duplicate or keyless list items). */
export class TypedError extends Error {}

/**
 * The path element of every item of a granular list, or undefined when the list
 * is atomic. For live objects (strict = false) a list whose items cannot be told
 * apart is treated as atomic; for an applied configuration it is an error.
 */
function listElements(list: unknown[], walker: SchemaWalker | undefined, path: Path, strict: boolean): string[] | undefined {
  const kind = listKindOf(walker);
  if (kind.type === 'atomic') return undefined;
  const itemWalker = walker?.items();
  const elements: string[] = [];
  for (const [index, item] of list.entries()) {
    let element: string;
    if (kind.type === 'set') {
      if (isObject(item) || Array.isArray(item)) return fail(`${pathString(path)}: element ${index}: sets may only hold scalars`);
      element = valueElement(item);
    } else {
      if (!isObject(item)) return fail(`${pathString(path)}: element ${index}: expected a map`);
      const key: JsonObject = {};
      for (const name of kind.keys) {
        const value = item[name] ?? itemWalker?.field(name)?.meta().default;
        if (value === undefined) {
          return fail(`${pathString(path)}: element ${index}: associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
        }
        key[name] = value;
      }
      element = keyElement(key);
    }
    if (elements.includes(element)) return fail(`${pathString(path)}: duplicate entries for key ${pathString([element])}`);
    elements.push(element);
  }
  return elements;

  function fail(message: string): undefined {
    if (strict) throw new TypedError(message);
    return undefined;
  }
}

/**
 * The fields an applied configuration sets: every scalar, every list item, every
 * key of a map that is not a declared struct field, and empty or null values.
 */
export function appliedFieldSet(config: JsonObject, walker: SchemaWalker | undefined): FieldSet {
  const set = FieldSet.empty();
  const visit = (value: unknown, w: SchemaWalker | undefined, path: string[]): void => {
    if (isObject(value)) {
      if (isAtomicMap(w)) return set.insert(path);
      for (const [key, child] of Object.entries(value)) {
        const childPath = [...path, fieldElement(key)];
        visit(child, childOf(w, key), childPath);
        const declared = w?.field(key) !== undefined;
        if (child === null || (isObject(child) && Object.keys(child).length === 0) || !declared) set.insert(childPath);
      }
    } else if (Array.isArray(value)) {
      const elements = listElements(value, w, path, true);
      if (!elements) return set.insert(path);
      value.forEach((item, i) => {
        const itemPath = [...path, elements[i]];
        visit(item, w?.items(), itemPath);
        set.insert(itemPath);
      });
    } else {
      set.insert(path);
    }
  };
  visit(config, walker, []);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from `before` to `after`, path by path, as structured-merge-diff's Compare. */
export function compare(before: JsonObject, after: JsonObject, walker: SchemaWalker | undefined): Comparison {
  const result: Comparison = { added: FieldSet.empty(), modified: FieldSet.empty(), removed: FieldSet.empty() };
  const visit = (l: unknown, r: unknown, w: SchemaWalker | undefined, path: string[]): void => {
    const granular = descend(l, r, w, path, visit);
    if (!granular) {
      if (l === undefined) result.added.insert(path);
      else if (r === undefined) result.removed.insert(path);
      else if (!deepEqual(l, r)) result.modified.insert(path);
    } else if (path.length > 0) {
      if (l === undefined) result.added.insert(path);
      else if (r === undefined) result.removed.insert(path);
    }
  };
  visit(before, after, walker, []);
  return result;
}

type Visitor = (l: unknown, r: unknown, walker: SchemaWalker | undefined, path: string[]) => void;

/**
 * Visits the children of two values that are both granular maps or both
 * granular lists (either may be absent). Returns false when the pair is a leaf:
 * scalars, atomic values, mismatched types, or two empty values.
 */
function descend(l: unknown, r: unknown, w: SchemaWalker | undefined, path: string[], visit: Visitor): boolean {
  if ((isObject(l) || l === undefined) && (isObject(r) || r === undefined)) {
    const lo = l as JsonObject | undefined;
    const ro = r as JsonObject | undefined;
    if (isAtomicMap(w) || (isEmpty(lo) && isEmpty(ro))) return false;
    for (const key of new Set([...Object.keys(lo ?? {}), ...Object.keys(ro ?? {})])) {
      visit(lo?.[key], ro?.[key], childOf(w, key), [...path, fieldElement(key)]);
    }
    return true;
  }
  if ((Array.isArray(l) || l === undefined) && (Array.isArray(r) || r === undefined)) {
    const la = (l ?? []) as unknown[];
    const ra = (r ?? []) as unknown[];
    if (la.length === 0 && ra.length === 0) return false;
    const le = listElements(la, w, path, false);
    const re = listElements(ra, w, path, false);
    if (!le || !re) return false;
    for (const element of new Set([...le, ...re])) {
      const li = le.indexOf(element);
      const ri = re.indexOf(element);
      visit(li >= 0 ? la[li] : undefined, ri >= 0 ? ra[ri] : undefined, w?.items(), [...path, element]);
    }
    return true;
  }
  return false;
}

function isEmpty(value: JsonObject | undefined): boolean {
  return value === undefined || Object.keys(value).length === 0;
}

/**
 * Server-side apply's merge: the configuration's values win, maps and granular
 * lists merge item by item, null removes, atomic values are replaced whole.
 */
export function mergeApplied(live: JsonObject, config: JsonObject, walker: SchemaWalker | undefined): JsonObject {
  return mergeValue(live, config, walker, []) as JsonObject;
}

function mergeValue(l: unknown, r: unknown, w: SchemaWalker | undefined, path: string[]): unknown {
  if (r === undefined) return l;
  if (r === null) return undefined;
  if (isObject(r) && (isObject(l) || l === undefined) && !isAtomicMap(w)) {
    const out: JsonObject = { ...(l as JsonObject | undefined) };
    for (const [key, value] of Object.entries(r)) {
      const merged = mergeValue(out[key], value, childOf(w, key), [...path, fieldElement(key)]);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
    return out;
  }
  if (Array.isArray(r) && (Array.isArray(l) || l === undefined)) {
    const re = listElements(r, w, path, true);
    const le = listElements(l ?? [], w, path, false);
    if (re && le) return mergeLists(l ?? [], le, r, re, (li, ri, element) => mergeValue(li, ri, w?.items(), [...path, element]));
  }
  return stripNulls(clone(r));
}

/**
 * Orders a merged list as structured-merge-diff does: items only the live list
 * has stay where they were, items of the configuration follow its order, and
 * items both have are placed when the configuration reaches them.
 */
function mergeLists(
  live: unknown[], liveElements: string[], config: unknown[], configElements: string[],
  merge: (l: unknown, r: unknown, element: string) => unknown,
): unknown[] {
  const out: unknown[] = [];
  const emit = (value: unknown) => {
    if (value !== undefined) out.push(value);
  };
  const inConfig = new Set(configElements);
  const shared = configElements.filter((element) => liveElements.includes(element));
  const done = new Set<string>();
  let nextShared = 0;
  let l = 0;
  let r = 0;
  while (l < live.length || r < config.length) {
    if (l < live.length) {
      const element = liveElements[l];
      if (r < config.length && element === configElements[r]) {
        done.add(element);
        emit(merge(live[l], config[r], element));
        l++;
        r++;
        nextShared++;
        continue;
      }
      if (!inConfig.has(element)) {
        emit(live[l++]);
        continue;
      }
      if (done.has(element)) {
        l++;
        continue;
      }
      if (shared[nextShared] !== element) {
        // A shared item the configuration places later: leave it for then.
        l++;
        continue;
      }
    }
    if (r < config.length) {
      const element = configElements[r];
      const li = liveElements.indexOf(element);
      done.add(element);
      emit(merge(li >= 0 ? live[li] : undefined, config[r], element));
      if (shared[nextShared] === element) nextShared++;
      r++;
    } else {
      l++;
    }
  }
  return out;
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isObject(value)) return value;
  for (const [key, child] of Object.entries(value)) {
    if (child === null) delete value[key];
    else value[key] = stripNulls(child);
  }
  return value;
}

/** The schema at `path`, and whether its last element is a declared struct field. */
export function isNamedField(path: Path, walker: SchemaWalker | undefined): boolean {
  let w = walker;
  for (const [i, element] of path.entries()) {
    const declared = element.startsWith('f:') ? w?.field(element.slice(2)) : undefined;
    if (i === path.length - 1) return declared !== undefined;
    w = element.startsWith('f:') ? childOf(w, element.slice(2)) : w?.items();
  }
  return false;
}

/** Removes the value at `path` from `root` (in place); a path that is not there is ignored. */
export function removePath(root: JsonObject, path: Path, walker: SchemaWalker | undefined): void {
  let parent: unknown = root;
  let w = walker;
  for (const [i, element] of path.entries()) {
    const last = i === path.length - 1;
    if (element.startsWith('f:')) {
      if (!isObject(parent)) return;
      const name = element.slice(2);
      if (last) {
        delete parent[name];
        return;
      }
      parent = parent[name];
      w = childOf(w, name);
      continue;
    }
    if (!Array.isArray(parent)) return;
    const index = findItem(parent, element, w?.items());
    if (index < 0) return;
    if (last) {
      parent.splice(index, 1);
      return;
    }
    parent = parent[index];
    w = w?.items();
  }
}

function findItem(list: unknown[], element: string, itemWalker: SchemaWalker | undefined): number {
  if (element.startsWith('i:')) return Number(element.slice(2));
  const wanted = elementValue(element);
  if (element.startsWith('v:')) return list.findIndex((item) => deepEqual(item, wanted));
  return list.findIndex((item) => isObject(item) && Object.entries(wanted as JsonObject)
    .every(([name, value]) => deepEqual(item[name] ?? itemWalker?.field(name)?.meta().default, value)));
}
