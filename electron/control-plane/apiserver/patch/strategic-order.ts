// The list ordering rules of upstream's strategic merge patch: items named by the
// patch (or its $setElementOrder list) follow the patch's order, items only the
// server has keep their relative order, and the two are interleaved by the
// server's order where both are known.
import { errors } from '../../../../api/status.ts';
import { goFormat, isObject } from './json.ts';

/** The identity of a list item: its merge key's value, or the item itself for primitives. */
function identity(item: unknown, mergeKey: string | undefined): unknown {
  return mergeKey && isObject(item) ? item[mergeKey] : item;
}

function indexIn(list: readonly unknown[], item: unknown, mergeKey: string | undefined): number {
  const id = identity(item, mergeKey);
  return list.findIndex((candidate) => identity(candidate, mergeKey) === id);
}

export function noMergeKey(item: unknown, mergeKey: string): Error {
  return errors.badRequest(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

/** Splits `items` into those present in `by` and the rest, keeping their order. */
export function partitionByPresence(items: readonly unknown[], by: readonly unknown[], mergeKey: string | undefined): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  for (const item of items) (indexIn(by, item, mergeKey) >= 0 ? present : absent).push(item);
  return [present, absent];
}

/** Orders the patch's items by `patchOrder`, the server's by `serverOrder`, then interleaves them. */
export function normalizeElementOrder(
  patchItems: unknown[], serverOnly: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[],
  mergeKey: string | undefined,
): unknown[] {
  return mergeSorted(sortByOrder(serverOnly, serverOrder, mergeKey), sortByOrder(patchItems, patchOrder, mergeKey), serverOrder, mergeKey);
}

function sortByOrder(items: unknown[], order: readonly unknown[], mergeKey: string | undefined): unknown[] {
  if (mergeKey) {
    for (const item of [...items, ...order]) {
      if (!isObject(item) || !(mergeKey in item)) throw noMergeKey(item, mergeKey);
    }
  }
  // Array.prototype.sort is stable, as upstream's sort.SliceStable.
  return [...items].sort((a, b) => {
    const ia = indexIn(order, a, mergeKey);
    const ib = indexIn(order, b, mergeKey);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
}

/**
 * Inserts the server-only items (`left`) among the patch items (`right`): a
 * server item goes first only when the server's order puts it before the next
 * patch item, so patch items the server has never seen come before the rest.
 */
function mergeSorted(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = indexIn(serverOrder, left[i], mergeKey);
    const ri = indexIn(serverOrder, right[j], mergeKey);
    if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
    else out.push(right[j++]);
  }
  return out.concat(left.slice(i), right.slice(j));
}
