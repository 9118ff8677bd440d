// What the OpenAPI documents need to know about a served resource: a subset of
// the registry's ResourceDef, so tests can describe resources without rules.
import type { ResourceDef } from '../../registry/types.ts';

export type OpenAPIResource = Pick<
  ResourceDef,
  'group' | 'version' | 'resource' | 'kind' | 'listKind' | 'namespaced' | 'verbs' | 'definition' | 'status' | 'scale'
>;

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

export function listDefinitionOf(r: OpenAPIResource): string {
  return `${r.definition.slice(0, r.definition.lastIndexOf('.'))}.${r.listKind ?? `${r.kind}List`}`;
}

/** The index key and URL segment of a group/version: `api/v1`, `apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}
