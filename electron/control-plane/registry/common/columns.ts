// Column definitions and cell formatters shared by the kinds' tables, so that the
// common columns (NAME, AGE, CONTAINERS/IMAGES/SELECTOR) read the same everywhere.
import type { Container, ObjectMeta } from '../../../../api/types.ts';
import type { TableCell, TableColumn } from '../types.ts';
import { since } from './age.ts';

const NAME_DOC = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const CREATION_DOC = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A plain column; `wide` ones show only with `-o wide` (priority 1). */
export function column(name: string, description: string, type: TableColumn['type'] = 'string', wide = false): TableColumn {
  return { name, type, description, priority: wide ? 1 : 0 };
}

export function wideColumn(name: string, description: string, type: TableColumn['type'] = 'string'): TableColumn {
  return column(name, description, type, true);
}

export const nameColumn: TableColumn = { name: 'Name', type: 'string', format: 'name', description: NAME_DOC, priority: 0 };
export const ageColumn: TableColumn = column('Age', CREATION_DOC);

/** CONTAINERS and IMAGES, the wide columns of every kind with a pod template. */
export const templateColumns: TableColumn[] = [
  wideColumn('Containers', 'Names of each container in the template.'),
  wideColumn('Images', 'Images referenced by each container in the template.'),
];

export function selectorColumn(description = 'A label query over pods that should match the replica count.'): TableColumn {
  return wideColumn('Selector', description);
}

export function nameOf(meta: ObjectMeta | undefined): string {
  return meta?.name ?? '';
}

export function ageOf(meta: ObjectMeta | undefined, now: Date): string {
  return since(meta?.creationTimestamp, now);
}

/** The CONTAINERS and IMAGES cells: names and images joined by commas. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** labels.FormatLabels: sorted k=v pairs, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** "a,b,c + 2 more..." as upstream abbreviates long lists; `empty` when there is nothing. */
export function listWithMore(items: string[], max: number, empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}

/** Kinds without a printer in upstream get the generic NAME / CREATED AT table. */
export const createdAtColumns: TableColumn[] = [nameColumn, column('Created At', CREATION_DOC, 'date')];

export function createdAtRow(meta: ObjectMeta | undefined): TableCell[] {
  const created = meta?.creationTimestamp ? new Date(meta.creationTimestamp).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
  return [nameOf(meta), created];
}
