// Small helpers for the registry tests: find a definition and run its create path
// (defaults, then prepareForCreate) as the generic store does.
import type { KubeObject } from '../../api/types.ts';
import { allResources } from '../../electron/control-plane/registry/index.ts';
import type { ResourceDef } from '../../electron/control-plane/registry/types.ts';

export function def(group: string, resource: string, version?: string): ResourceDef {
  const found = allResources.find((r) => r.group === group && r.resource === resource && (!version || r.version === version));
  if (!found) throw new Error(`no ${group}/${resource}`);
  return found;
}

export function created<T>(d: ResourceDef, obj: T): T {
  const o = structuredClone(obj) as unknown as KubeObject;
  o.metadata ??= {};
  o.metadata.uid ??= 'uid-1';
  o.metadata.creationTimestamp ??= '2024-05-01T10:00:00Z';
  d.defaults?.(o);
  d.prepareForCreate?.(o);
  return o as unknown as T;
}

/** "field: message" lines, as kubectl prints the causes of a 422. */
export function problems(d: ResourceDef, obj: unknown, old?: unknown): string[] {
  const o = obj as KubeObject;
  const errs = [...(d.validate?.(o) ?? []), ...(old ? d.validateUpdate?.(o, old as KubeObject) ?? [] : [])];
  return errs.map((e) => `${e.field}: ${e.message}`);
}

/** Cells by column name, wide ones included. */
export function cells(d: ResourceDef, obj: unknown, now: Date): Record<string, unknown> {
  const row = d.row(obj as KubeObject, now);
  return Object.fromEntries(d.columns.map((c, i) => [c.name, row[i]]));
}

export const NOW = new Date('2024-05-01T10:05:03Z');
