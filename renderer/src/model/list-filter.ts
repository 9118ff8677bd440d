// What a list shows: the objects that pass the label selector and the text
// filter, in the order the user sorted them by.
import type { KubeObject } from '../../../api/types.ts';
import { parseLabelSelector, type LabelSelectorMatcher } from '../../../api/labels.ts';
import type { Column } from './columns.ts';

export type LabelFilter = { matcher: LabelSelectorMatcher; error?: undefined } | { matcher?: undefined; error: string };

/** The label filter box's selector, or why it is not one (the API's own wording). */
export function labelFilter(selector: string): LabelFilter {
  try {
    return { matcher: parseLabelSelector(selector.trim()) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Case-insensitive: every word of the query must appear in one of the row's cells. */
export function textFilter(query: string, columns: readonly Column[], now: number): (object: KubeObject) => boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return () => true;
  return (object) => {
    const text = columns.map((column) => column.text(object, now)).join('\n').toLowerCase();
    return words.every((word) => text.includes(word));
  };
}

export interface SortState {
  column: string;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** A sorted copy; each key is computed once, and ties keep namespace/name order so rows do not jump. */
export function sortObjects(objects: readonly KubeObject[], columns: readonly Column[], sort: SortState, now: number): KubeObject[] {
  const column = columns.find((c) => c.name === sort.column) ?? columns[0];
  if (!column) return [...objects];
  const keyOf = column.sortKey ?? ((object: KubeObject) => column.text(object, now));
  const keyed = objects.map((object) => ({ object, key: keyOf(object), tie: `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}` }));
  const direction = sort.descending ? -1 : 1;
  keyed.sort((a, b) => direction * compareKeys(a.key, b.key) || collator.compare(a.tie, b.tie));
  return keyed.map((entry) => entry.object);
}

// Each list keeps its sort while the app runs, so coming back to it finds it as it was left.
const remembered = new Map<string, SortState>();

export function rememberedSort(list: string, fallback: SortState): SortState {
  return remembered.get(list) ?? fallback;
}

export function rememberSort(list: string, sort: SortState): void {
  remembered.set(list, sort);
}
