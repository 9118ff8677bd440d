// The schema facts strategic merge and server-side apply need, as an interface
// the server fills from its OpenAPI schemas (see openapi-walker.ts). Where the
// walker knows nothing (custom resources without a schema, unknown fields) both
// fall back to upstream's JSON semantics: maps merge, lists are atomic.

/** The upstream OpenAPI extensions on one field, plus its default (used for list-map keys). */
export interface FieldMeta {
  /** x-kubernetes-patch-merge-key */
  patchMergeKey?: string;
  /** x-kubernetes-patch-strategy, e.g. "merge", "replace", "retainKeys", "merge,retainKeys" */
  patchStrategy?: string;
  /** x-kubernetes-list-type */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys */
  listMapKeys?: string[];
  /** x-kubernetes-map-type (also used for structs marked atomic) */
  mapType?: 'atomic' | 'granular';
  /** The schema default, which fills a list-map key an applied item leaves out (ports' protocol). */
  default?: unknown;
}

/** A position in the schema of one kind. */
export interface SchemaWalker {
  /** A declared field of this struct; undefined for map keys and unknown fields. */
  field(name: string): SchemaWalker | undefined;
  meta(): FieldMeta;
  /** The element of a list or the value of a map (additionalProperties). */
  items(): SchemaWalker | undefined;
}

/** The schema of a struct's field or of a map's value under `key`. */
export function childOf(walker: SchemaWalker | undefined, key: string): SchemaWalker | undefined {
  return walker?.field(key) ?? walker?.items();
}

export function patchStrategies(meta: FieldMeta | undefined): string[] {
  return meta?.patchStrategy ? meta.patchStrategy.split(',').map((s) => s.trim()) : [];
}

export type ListKind =
  | { type: 'atomic' }
  | { type: 'set' }
  | { type: 'map'; keys: string[] };

/**
 * How server-side apply treats a list. Without x-kubernetes-list-type, upstream
 * derives it from the patch extensions: merge + merge key is a map keyed by the
 * merge key, merge alone (primitive lists such as finalizers) is a set, anything
 * else is atomic.
 */
export function listKindOf(walker: SchemaWalker | undefined): ListKind {
  const meta = walker?.meta();
  if (!meta) return { type: 'atomic' };
  switch (meta.listType) {
    case 'atomic': return { type: 'atomic' };
    case 'set': return { type: 'set' };
    case 'map': {
      const keys = meta.listMapKeys ?? (meta.patchMergeKey ? [meta.patchMergeKey] : []);
      return keys.length > 0 ? { type: 'map', keys } : { type: 'atomic' };
    }
  }
  if (!patchStrategies(meta).includes('merge')) return { type: 'atomic' };
  return meta.patchMergeKey ? { type: 'map', keys: [meta.patchMergeKey] } : { type: 'set' };
}

export function isAtomicMap(walker: SchemaWalker | undefined): boolean {
  return walker?.meta().mapType === 'atomic';
}
