// managedFields entries as the API stores them, and the managers they describe.
// A manager is identified as upstream does: by name, operation and subresource,
// plus the API version for Update entries (so one appliers' entry follows it
// across versions while updaters get one entry per version).
import type { ManagedFieldsEntry } from '../../../../api/types.ts';
import { FieldSet } from './fieldset.ts';
import type { Path } from './fieldset.ts';

export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

export function sameManager(a: Omit<Manager, 'fields' | 'time'>, b: Omit<Manager, 'fields' | 'time'>): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '')
    && (a.operation === 'Apply' || a.apiVersion === b.apiVersion);
}

/** How conflict messages name a manager: `"kubectl-client-side-apply" using v1`, `"kubectl"` for appliers. */
export function describeManager(m: Manager): string {
  let text = JSON.stringify(m.manager);
  if (m.subresource) text += ` with subresource ${JSON.stringify(m.subresource)}`;
  return m.operation === 'Update' ? `${text} using ${m.apiVersion}` : text;
}

/** Decodes stored entries; undefined when any entry is malformed (upstream then starts afresh). */
export function decodeManagers(entries: readonly ManagedFieldsEntry[] | undefined): Manager[] | undefined {
  const managers: Manager[] = [];
  for (const entry of entries ?? []) {
    if ((entry.operation !== 'Apply' && entry.operation !== 'Update') || entry.fieldsType !== 'FieldsV1') return undefined;
    let fields: FieldSet;
    try {
      fields = FieldSet.fromFieldsV1(entry.fieldsV1 ?? {});
    } catch {
      return undefined;
    }
    managers.push({
      manager: entry.manager ?? '',
      operation: entry.operation,
      apiVersion: entry.apiVersion ?? '',
      ...(entry.time ? { time: entry.time } : {}),
      ...(entry.subresource ? { subresource: entry.subresource } : {}),
      fields,
    });
  }
  return managers;
}

/** Entries in upstream's order: appliers first, then by time, manager, version and subresource. */
export function encodeManagers(managers: readonly Manager[]): ManagedFieldsEntry[] {
  const seconds = (m: Manager) => (m.time ? Math.floor(Date.parse(m.time) / 1000) : 0);
  const sorted = managers.filter((m) => !m.fields.isEmpty()).sort((a, b) =>
    compare(a.operation, b.operation) || seconds(a) - seconds(b) || compare(a.manager, b.manager)
    || compare(a.apiVersion, b.apiVersion) || compare(a.subresource ?? '', b.subresource ?? ''));
  return sorted.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: m.fields.toFieldsV1(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Fields nobody manages: identity and server-set metadata (upstream's
 * stripMetaManager). They are dropped from every recorded set.
 */
const UNMANAGED: Path[] = [
  ['f:apiVersion'], ['f:kind'], ['f:metadata'],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']
    .map((field) => ['f:metadata', `f:${field}`]),
];

export function withoutUnmanaged(fields: FieldSet): FieldSet {
  return fields.difference(FieldSet.of(UNMANAGED));
}
