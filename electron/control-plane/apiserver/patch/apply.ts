// Server-side apply and the managedFields bookkeeping of ordinary writes, with
// upstream's semantics (structured-merge-diff's Updater): an applier owns
// exactly the fields of its last applied configuration, fields it stops
// applying are removed unless someone else owns them, and changing a field
// another manager owns is a conflict unless forced.
import { StatusError, errors } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import { parseApiVersion } from '../../../../api/types.ts';
import type { JsonObject } from './json.ts';
import { clone, deepEqual } from './json.ts';
import { FieldSet, pathString } from './fieldset.ts';
import type { Path } from './fieldset.ts';
import type { Manager } from './managedfields.ts';
import { decodeManagers, describeManager, encodeManagers, sameManager, withoutUnmanaged } from './managedfields.ts';
import type { SchemaWalker } from './schema.ts';
import { TypedError, appliedFieldSet, compare, isNamedField, mergeApplied, removePath } from './typed.ts';

export interface ManagedFieldsOptions {
  /** The fieldManager query parameter, or the client's name from its User-Agent. */
  manager: string;
  /** The group/version the request was made in. */
  apiVersion: string;
  /** RFC 3339 time stamped on the manager's entry. */
  now: string;
  /** The kind's schema; undefined for custom resources without one. */
  walker: SchemaWalker | undefined;
  /** Set for writes to a subresource (status, scale). */
  subresource?: string;
}

export interface ApplyOptions extends ManagedFieldsOptions {
  force: boolean;
}

/**
 * The object server-side apply makes of `live` (undefined: the object does not
 * exist yet) and the applied configuration, with its managedFields updated.
 * Throws 409 Conflict when the configuration changes fields other managers own
 * and `force` is false.
 */
export function applyPatch(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  if (applied.metadata?.managedFields !== undefined) throw errors.badRequest('metadata.managedFields must be nil');
  const liveBody = withoutManagedFields(live);
  const [configFields, merged] = typed(applied, () => [
    appliedFieldSet(applied, opts.walker),
    mergeApplied(liveBody, applied, opts.walker),
  ] as const);

  const me: Manager = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, fields: FieldSet.empty(), ...subresourceOf(opts) };
  const managers = decodeManagers(live?.metadata.managedFields) ?? [];
  const previous = managers.find((m) => sameManager(m, me));
  const others = managers.filter((m) => m !== previous);

  if (previous) prune(merged, previous.fields, others.reduce((kept, m) => kept.union(m.fields), configFields), opts.walker);

  const { added, modified } = compare(liveBody, merged, opts.walker);
  const changed = added.union(modified);
  const conflicts = others
    .map((m) => ({ manager: m, fields: m.fields.intersection(changed) }))
    .filter((c) => !c.fields.isEmpty());
  const blocking = opts.force ? [] : withoutClientSideApplyConflicts(conflicts, live, liveBody, opts);
  if (blocking.length > 0) throw conflictError(blocking);
  for (const c of conflicts) c.manager.fields = c.manager.fields.difference(c.fields);

  me.fields = withoutUnmanaged(configFields);
  const unchanged = previous !== undefined && deepEqual(liveBody, merged) && previous.fields.equals(me.fields);
  me.time = unchanged ? previous.time : opts.now;
  if (me.time === undefined) delete me.time;

  const result = merged as KubeObject;
  setManagedFields(result, [...others, me]);
  if (opts.manager === KUBECTL_MANAGER) keepLastAppliedCurrent(result, applied);
  return result;
}

const KUBECTL_MANAGER = 'kubectl';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Upstream's lastAppliedManager: `kubectl apply --server-side` may take over fields
 * that an earlier client-side apply set, as long as they still hold the values
 * recorded in last-applied-configuration, so moving from client-side to
 * server-side apply does not conflict with kubectl's own earlier writes.
 */
function withoutClientSideApplyConflicts(
  conflicts: Array<{ manager: Manager; fields: FieldSet }>,
  live: KubeObject | undefined,
  liveBody: JsonObject,
  opts: ApplyOptions,
): Array<{ manager: Manager; fields: FieldSet }> {
  const annotation = live?.metadata.annotations?.[LAST_APPLIED];
  if (opts.manager !== KUBECTL_MANAGER || conflicts.length === 0 || !annotation) return conflicts;
  let lastApplied: JsonObject;
  try {
    lastApplied = JSON.parse(annotation) as JsonObject;
  } catch {
    return conflicts;
  }
  const allowed = typed(lastApplied as KubeObject, () => {
    const recorded = appliedFieldSet(lastApplied, opts.walker);
    const drifted = compare(mergeApplied(liveBody, lastApplied, opts.walker), liveBody, opts.walker);
    return recorded.difference(drifted.added.union(drifted.modified));
  });
  return conflicts
    .map((c) => ({ manager: c.manager, fields: c.fields.difference(allowed) }))
    .filter((c) => !c.fields.isEmpty());
}

/** Upstream's lastAppliedUpdater: a later client-side apply must see what server-side apply applied. */
function keepLastAppliedCurrent(result: KubeObject, applied: KubeObject): void {
  const annotations = result.metadata.annotations;
  if (!annotations?.[LAST_APPLIED]) return;
  const config = clone(applied) as KubeObject;
  if (config.metadata?.annotations) delete config.metadata.annotations[LAST_APPLIED];
  annotations[LAST_APPLIED] = JSON.stringify(config);
}

/**
 * Records a non-apply write (create, update, patch) in `next.metadata.managedFields`:
 * the writer takes the fields it added or changed, from whoever owned them.
 * Ownership of removed fields is dropped from everyone, so nobody is left
 * "owning" a field that no longer exists and later applies do not conflict on it.
 */
export function updateManagedFields(old: KubeObject | undefined, next: KubeObject, opts: ManagedFieldsOptions & { operation?: 'Update' }): void {
  const managers = managersBeforeUpdate(old, next, opts.subresource !== undefined);
  const { added, modified, removed } = compare(withoutManagedFields(old), withoutManagedFields(next), opts.walker);
  const changed = withoutUnmanaged(added.union(modified));

  const me: Manager = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion, fields: FieldSet.empty(), ...subresourceOf(opts) };
  const mine = managers.find((m) => sameManager(m, me));
  for (const m of managers) m.fields = m.fields.difference(removed).difference(m === mine ? FieldSet.empty() : changed);
  if (!changed.isEmpty()) {
    const entry = mine ?? me;
    entry.fields = entry.fields.union(changed);
    entry.time = opts.now;
    if (!mine) managers.push(entry);
  }
  setManagedFields(next, managers);
}

/**
 * The managers a write starts from, as upstream decides: the live object's,
 * unless the request carries its own entries (an empty list, or one empty
 * entry, resets them). Subresource writes can never set them.
 */
function managersBeforeUpdate(old: KubeObject | undefined, next: KubeObject, subresource: boolean): Manager[] {
  const fromOld = () => decodeManagers(old?.metadata.managedFields) ?? [];
  const requested = next.metadata?.managedFields;
  if (subresource || requested === undefined) return fromOld();
  if (requested.length === 0 || (requested.length === 1 && Object.keys(requested[0]).length === 0)) return [];
  const decoded = decodeManagers(requested);
  return decoded && decoded.length > 0 ? decoded : fromOld();
}

/**
 * Removes what the applier managed last time but no longer applies, unless
 * another manager (or the new configuration) still owns it. A struct field is
 * also kept while anything below it is owned; a list item or map entry is not.
 */
function prune(merged: JsonObject, last: FieldSet, kept: FieldSet, walker: SchemaWalker | undefined): void {
  const candidates = new Map<string, Path>();
  for (const path of last.paths()) {
    for (let end = 1; end <= path.length; end++) {
      const prefix = path.slice(0, end);
      if (end === path.length || isNamedField(prefix, walker)) candidates.set(JSON.stringify(prefix), prefix);
    }
  }
  for (const path of [...candidates.values()].sort((a, b) => a.length - b.length)) {
    if (kept.has(path) || (isNamedField(path, walker) && kept.hasBelow(path))) continue;
    removePath(merged, path, walker);
  }
}

function conflictError(conflicts: Array<{ manager: Manager; fields: FieldSet }>): StatusError {
  const byManager = conflicts
    .map((c) => ({ name: describeManager(c.manager), paths: c.fields.paths().map(pathString) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const causes = byManager.flatMap((c) => c.paths.map((field) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.name}`, field })));
  const message = causes.length === 1
    ? `Apply failed with 1 conflict: conflict with ${byManager[0].name}: ${causes[0].field}`
    : `Apply failed with ${causes.length} conflicts: ${byManager.map((c) => [`conflicts with ${c.name}:`, ...c.paths.map((p) => `- ${p}`)].join('\n')).join('\n')}`;
  return new StatusError(409, 'Conflict', message, { causes });
}

/** Runs schema-dependent work on the applied configuration, turning its complaints into a 400 as upstream words them. */
function typed<T>(applied: KubeObject, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof TypedError)) throw err;
    const { group, version } = parseApiVersion(applied.apiVersion ?? '');
    throw errors.badRequest(`failed to create typed patch object (${group}/${version}, Kind=${applied.kind ?? ''}): ${err.message}`);
  }
}

function withoutManagedFields(obj: KubeObject | undefined): JsonObject {
  if (!obj) return {};
  const copy = clone(obj);
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy;
}

function setManagedFields(obj: KubeObject, managers: readonly Manager[]): void {
  const entries = encodeManagers(managers);
  obj.metadata ??= {};
  if (entries.length > 0) obj.metadata.managedFields = entries;
  else delete obj.metadata.managedFields;
}

function subresourceOf(opts: ManagedFieldsOptions): { subresource?: string } {
  return opts.subresource ? { subresource: opts.subresource } : {};
}
