// Strategic merge patch as the API server applies it (upstream
// apimachinery/pkg/util/strategicpatch, MergeParallelList and
// IgnoreUnmatchedNulls set): lists merge by their patch merge key when their
// patch strategy is "merge", and the directives kubectl sends ($patch,
// $retainKeys, $setElementOrder/, $deleteFromPrimitiveList/) are honoured.
// Directives never reach the result: values the original lacks are merged into
// an empty value rather than copied, which strips them.
import { errors } from '../../../../api/status.ts';
import type { JsonObject } from './json.ts';
import { clone, goFormat, isObject } from './json.ts';
import { patchRejected } from './rejected.ts';
import type { SchemaWalker } from './schema.ts';
import { childOf, patchStrategies } from './schema.ts';
import { noMergeKey, normalizeElementOrder, partitionByPresence } from './strategic-order.ts';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const ORDER_PREFIX = '$setElementOrder/';
const DELETE_PREFIX = '$deleteFromPrimitiveList/';

/** Returns the patched object; neither argument is modified. */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, walker: SchemaWalker): JsonObject {
  return mergeMap(clone(original), clone(patch), walker);
}

function mergeMap(original: JsonObject | undefined, patch: JsonObject, walker: SchemaWalker | undefined): JsonObject {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (directive === 'replace') return mergeMap(undefined, patch, walker);
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw badPatchType(directive, { ...patch, [DIRECTIVE]: directive });
  }
  const result = original ?? {};
  applyRetainKeys(result, patch);
  applyElementOrder(result, patch, walker);

  const deletions: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PREFIX)) {
      deletions.push([key.slice(DELETE_PREFIX.length), value]);
    } else if (value === null) {
      delete result[key];
    } else {
      result[key] = mergeValue(result[key], value, childOf(walker, key));
    }
  }
  for (const [key, values] of deletions) deleteFromPrimitiveList(result, key, values);
  return result;
}

function mergeValue(original: unknown, patch: unknown, walker: SchemaWalker | undefined): unknown {
  if (original === undefined) return fresh(patch, walker);
  if (isObject(original) && isObject(patch)) {
    return patchStrategies(walker?.meta()).includes('replace') ? fresh(patch, walker) : mergeMap(original, patch, walker);
  }
  if (Array.isArray(original) && Array.isArray(patch)) return mergeList(original, patch, walker);
  return fresh(patch, walker);
}

/** A patch value the original does not have, with its directives applied to nothing. */
function fresh(patch: unknown, walker: SchemaWalker | undefined): unknown {
  if (isObject(patch)) return mergeMap(undefined, patch, walker);
  if (Array.isArray(patch)) return mergeList([], patch, walker);
  return patch;
}

function mergeList(original: unknown[], patch: unknown[], walker: SchemaWalker | undefined): unknown[] {
  const meta = walker?.meta();
  if (!patchStrategies(meta).includes('merge')) return patch.filter((item) => !(isObject(item) && DIRECTIVE in item));
  if (original.length === 0 && patch.length === 0) return original;

  if (elementKind(original, patch) !== 'object') {
    const merged = [...new Set([...original, ...patch])];
    const [patchItems, serverOnly] = partitionByPresence(merged, patch, undefined);
    return normalizeElementOrder(patchItems, serverOnly, patch, original, undefined);
  }
  const mergeKey = meta?.patchMergeKey;
  if (!mergeKey) throw errors.badRequest('cannot merge lists without merge key for type map');
  const itemWalker = walker?.items();
  const [base, rest] = applyListDirectives(original, patch, mergeKey, itemWalker);
  const merged = [...base];
  for (const item of rest) {
    if (!isObject(item) || !(mergeKey in item)) throw noMergeKey(item, mergeKey);
    const at = merged.findIndex((candidate) => isObject(candidate) && candidate[mergeKey] === item[mergeKey]);
    if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, itemWalker);
    else merged.push(fresh(item, itemWalker));
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, rest, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, rest, base, mergeKey);
}

/** Applies `$patch: delete | replace` list elements; returns the base list and the remaining patch items. */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string, itemWalker: SchemaWalker | undefined): [unknown[], unknown[]] {
  let base = original;
  let replace = false;
  const rest: unknown[] = [];
  for (const item of patch) {
    if (!isObject(item) || !(DIRECTIVE in item)) {
      rest.push(item);
      continue;
    }
    switch (item[DIRECTIVE]) {
      case 'delete':
        if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
        base = base.filter((candidate) => !(isObject(candidate) && candidate[mergeKey] === item[mergeKey]));
        break;
      case 'replace':
        replace = true;
        break;
      case 'merge':
        throw errors.badRequest('merging lists cannot yet be specified in the patch');
      default:
        throw badPatchType(item[DIRECTIVE], item);
    }
  }
  return replace ? [rest.map((item) => fresh(item, itemWalker)), []] : [base, rest];
}

/** `$retainKeys`: the original keeps only the listed keys, and the patch may set only those. */
function applyRetainKeys(result: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const keep = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(keep)) throw errors.badRequest('invalid patch format of retainKeys');
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_PREFIX) || key.startsWith(ORDER_PREFIX)) continue;
    if (!keep.includes(key)) throw errors.badRequest('invalid patch format of retainKeys');
  }
  for (const key of Object.keys(result)) if (!keep.includes(key)) delete result[key];
}

/**
 * `$setElementOrder/<list>`: merges the list together with its order directive
 * (then drops both from the patch) so the result follows the order kubectl
 * computed, with server-only items kept near their old neighbours.
 */
function applyElementOrder(result: JsonObject, patch: JsonObject, walker: SchemaWalker | undefined): void {
  for (const directive of Object.keys(patch)) {
    if (!directive.startsWith(ORDER_PREFIX)) continue;
    const order = patch[directive];
    delete patch[directive];
    if (!Array.isArray(order)) throw errors.badRequest('invalid patch format of setElementOrder list');
    const key = directive.slice(ORDER_PREFIX.length);
    const original = result[key];
    const patchList = patch[key];
    if (patchList === null) continue;
    if ((original !== undefined && !Array.isArray(original)) || (patchList !== undefined && !Array.isArray(patchList))) {
      throw errors.badRequest('invalid patch format of setElementOrder list');
    }
    const listWalker = childOf(walker, key);
    const mergeKey = listWalker?.meta().patchMergeKey;
    if (patchList) validateOrder(patchList, order, mergeKey);

    let merged: unknown[];
    if (original && patchList) merged = mergeList(original, patchList, listWalker);
    else if (original) merged = original;
    else if (patchList) merged = mergeList([], patchList, listWalker);
    else continue;
    delete patch[key];

    const ordersMaps = merged.some(isObject);
    if (ordersMaps && !mergeKey) {
      result[key] = merged;
      continue;
    }
    const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
    result[key] = normalizeElementOrder(patchItems, serverOnly, order, original ?? [], mergeKey);
  }
}

/** The patch list must name its items in the same relative order as the order directive. */
function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string | undefined): void {
  if (order.length === 0 || patchList.length === 0) return;
  const kept = mergeKey ? patchList.filter((item) => !(isObject(item) && item[DIRECTIVE] === 'delete')) : patchList;
  let p = 0;
  let o = 0;
  while (p < kept.length && o < order.length) {
    const item = kept[p];
    if (isObject(item) && DIRECTIVE in item) {
      p++;
      continue;
    }
    if (sameItem(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < kept.length) {
    throw errors.badRequest(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${ORDER_PREFIX.slice(0, -1)} list:\n${goFormat(order)}\n`);
  }
}

function sameItem(a: unknown, b: unknown, mergeKey: string | undefined): boolean {
  if (!mergeKey) return a === b;
  if (!isObject(a) || !(mergeKey in a)) throw noMergeKey(a, mergeKey);
  if (!isObject(b) || !(mergeKey in b)) throw noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}

function deleteFromPrimitiveList(result: JsonObject, key: string, values: unknown): void {
  if (!Array.isArray(values)) throw errors.badRequest('invalid patch format of primitive list');
  const current = result[key];
  if (current === undefined) return;
  if (!Array.isArray(current)) throw errors.badRequest('invalid patch format of primitive list');
  result[key] = current.filter((item) => !values.includes(item));
}

/** Every element of the lists must have the same JSON type, and lists of lists are refused. */
function elementKind(...lists: unknown[][]): string | undefined {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const itemKind = Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item;
      if (itemKind === 'array') throw patchRejected('lists of lists are not supported');
      if (kind !== undefined && kind !== itemKind) {
        throw errors.badRequest(`list element types are not identical: ${goFormat(lists)}`);
      }
      kind = itemKind;
    }
  }
  return kind;
}

function badPatchType(directive: unknown, map: JsonObject): Error {
  return errors.badRequest(`unknown patch type: ${String(directive)} in map: ${goFormat(map)}`);
}
