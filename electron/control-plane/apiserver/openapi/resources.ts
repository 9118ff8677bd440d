// What the OpenAPI documents need to know about a served resource: a subset of
// the registry's ResourceDef, so tests can describe resources without rules.
import { schemaOf } from '../../../../api/openapi/index.ts';
import type { ResourceDef } from '../../registry/types.ts';

export type OpenAPIResource = Pick<
  ResourceDef,
  'group' | 'version' | 'resource' | 'kind' | 'listKind' | 'namespaced' | 'verbs' | 'definition' | 'status' | 'scale'
>;

export function listDefinitionOf(r: OpenAPIResource): string {
  return `${r.definition.slice(0, r.definition.lastIndexOf('.'))}.${r.listKind ?? `${r.kind}List`}`;
}

/** The index key and URL segment of a group/version: `api/v1`, `apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The resources a document can describe: those whose kind and list kind have a
 * schema. Others (aggregated APIs such as metrics) are left out rather than
 * published with dangling refs.
 */
export function documented(resources: readonly OpenAPIResource[]): OpenAPIResource[] {
  return resources.filter((r) => schemaOf(r.definition) && schemaOf(listDefinitionOf(r)));
}

/** Distinct group/versions, core first, then by group and version. */
export function groupVersionsOf(resources: readonly OpenAPIResource[]): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of resources) seen.set(groupVersionPath(r.group, r.version), { group: r.group, version: r.version });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, gv]) => gv);
}
