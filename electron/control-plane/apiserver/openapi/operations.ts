// The HTTP operations a resource list serves, in one neutral form that the
// Swagger 2.0 and OpenAPI 3.0 builders both render: upstream's paths,
// operation ids, x-kubernetes-action and x-kubernetes-group-version-kind.
import type { GroupVersionKind } from '../../../../api/types.ts';
import {
  DELETE_COLLECTION_QUERY, DELETE_QUERY, LIST_QUERY, LOG_QUERY, PATCH_QUERY, WRITE_QUERY,
} from './parameters.ts';
import { DEFAULT_VERBS } from '../../registry/types.ts';
import { groupVersionPath, listDefinitionOf } from './resources.ts';
import type { OpenAPIResource } from './resources.ts';

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

export interface Operation {
  method: HttpMethod;
  action?: 'list' | 'post' | 'deletecollection' | 'get' | 'put' | 'patch' | 'delete';
  operationId: string;
  description: string;
  /** Absent on discovery, which upstream does not tag with a kind. */
  gvk?: GroupVersionKind;
  query: string[];
  /** Definition name of the request body. */
  body?: string;
  /** Definition name of the response, or undefined for a text/plain stream (logs). */
  response?: string;
  /** Success codes besides 200. */
  alsoSucceeds: Array<201 | 202>;
  /** List responses can also be watch streams. */
  watchable?: boolean;
}

export interface PathItem {
  path: string;
  pathParams: Array<'namespace' | 'name'>;
  operations: Operation[];
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
export const STATUS = `${META}Status`;
export const DELETE_OPTIONS = `${META}DeleteOptions`;
export const PATCH = `${META}Patch`;
export const WATCH_EVENT = `${META}WatchEvent`;
export const API_RESOURCE_LIST = `${META}APIResourceList`;
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const SCALE_GVK: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

/** `rbac.authorization.k8s.io` → `RbacAuthorization`, `` → `Core`, as upstream's operation ids spell groups. */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Upstream's tag: `core_v1`, `apps_v1`, `rbacAuthorization_v1`. */
export function tagOf(group: string, version: string): string {
  const word = groupWord(group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${version}`;
}

// Subresources beyond status and scale, which ResourceDef does not describe.
interface ExtraSubresource {
  name: string;
  method: HttpMethod;
  action: NonNullable<Operation['action']>;
  verbWord: string;
  description: string;
  gvk: GroupVersionKind;
  body?: string;
  response?: string;
  query: string[];
}

const EXTRA_SUBRESOURCES: Record<string, ExtraSubresource[]> = {
  '/pods': [
    {
      name: 'binding', method: 'post', action: 'post', verbWord: 'create', description: 'create binding of a Pod',
      gvk: { group: '', version: 'v1', kind: 'Binding' }, body: 'io.k8s.api.core.v1.Binding',
      response: 'io.k8s.api.core.v1.Binding', query: WRITE_QUERY,
    },
    {
      name: 'eviction', method: 'post', action: 'post', verbWord: 'create', description: 'create eviction of a Pod',
      gvk: { group: 'policy', version: 'v1', kind: 'Eviction' }, body: 'io.k8s.api.policy.v1.Eviction',
      response: 'io.k8s.api.policy.v1.Eviction', query: WRITE_QUERY,
    },
    {
      name: 'log', method: 'get', action: 'get', verbWord: 'read', description: 'read log of the specified Pod',
      gvk: { group: '', version: 'v1', kind: 'Pod' }, query: LOG_QUERY,
    },
  ],
};

/** The paths and operations of one resource, upstream's shape. */
export function resourcePaths(r: OpenAPIResource): PathItem[] {
  const verbs = new Set<string>(r.verbs ?? DEFAULT_VERBS);
  const gvk: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const gv = `${groupWord(r.group)}${r.version.charAt(0).toUpperCase()}${r.version.slice(1)}`;
  const scope = r.namespaced ? 'Namespaced' : '';
  const id = (verbWord: string, suffix = '', collection = ''): string => `${verbWord}${gv}${collection}${scope}${r.kind}${suffix}`;
  const base = `/${groupVersionPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
  const scopeParams: PathItem['pathParams'] = r.namespaced ? ['namespace'] : [];
  const itemParams: PathItem['pathParams'] = ['name', ...scopeParams];
  const listQuery = verbs.has('watch') ? LIST_QUERY : LIST_QUERY.filter((q) => !['watch', 'allowWatchBookmarks', 'sendInitialEvents'].includes(q));
  const list = listDefinitionOf(r);

  const collection: Operation[] = [];
  if (verbs.has('list')) {
    collection.push({
      method: 'get', action: 'list', operationId: id('list'), description: `list or watch objects of kind ${r.kind}`,
      gvk, query: listQuery, response: list, alsoSucceeds: [], watchable: verbs.has('watch'),
    });
  }
  if (verbs.has('create')) {
    collection.push({
      method: 'post', action: 'post', operationId: id('create'), description: `create a ${r.kind}`,
      gvk, query: WRITE_QUERY, body: r.definition, response: r.definition, alsoSucceeds: [201, 202],
    });
  }
  if (verbs.has('deletecollection')) {
    collection.push({
      method: 'delete', action: 'deletecollection', operationId: id('delete', '', 'Collection'),
      description: `delete collection of ${r.kind}`, gvk, query: DELETE_COLLECTION_QUERY, body: DELETE_OPTIONS,
      response: STATUS, alsoSucceeds: [],
    });
  }

  const item: Operation[] = [];
  if (verbs.has('get')) {
    item.push({ method: 'get', action: 'get', operationId: id('read'), description: `read the specified ${r.kind}`, gvk, query: [], response: r.definition, alsoSucceeds: [] });
  }
  if (verbs.has('update')) {
    item.push({
      method: 'put', action: 'put', operationId: id('replace'), description: `replace the specified ${r.kind}`,
      gvk, query: WRITE_QUERY, body: r.definition, response: r.definition, alsoSucceeds: [201],
    });
  }
  if (verbs.has('patch')) {
    item.push({
      method: 'patch', action: 'patch', operationId: id('patch'), description: `partially update the specified ${r.kind}`,
      gvk, query: PATCH_QUERY, body: PATCH, response: r.definition, alsoSucceeds: [201],
    });
  }
  if (verbs.has('delete')) {
    item.push({
      method: 'delete', action: 'delete', operationId: id('delete'), description: `delete a ${r.kind}`,
      gvk, query: DELETE_QUERY, body: DELETE_OPTIONS, response: STATUS, alsoSucceeds: [202],
    });
  }

  const paths: PathItem[] = [];
  if (collection.length > 0) paths.push({ path: base, pathParams: scopeParams, operations: collection });
  if (item.length > 0) paths.push({ path: `${base}/{name}`, pathParams: itemParams, operations: item });
  if (r.namespaced && verbs.has('list')) {
    paths.push({
      path: `/${groupVersionPath(r.group, r.version)}/${r.resource}`,
      pathParams: [],
      operations: [{ ...collection[0], operationId: `list${gv}${r.kind}ForAllNamespaces` }],
    });
  }

  // status and scale: read, replace and patch of the object's (or a Scale's) slice.
  const slices: Array<{ name: string; word: string; gvk: GroupVersionKind; definition: string }> = [];
  if (r.status) slices.push({ name: 'status', word: 'Status', gvk, definition: r.definition });
  if (r.scale) slices.push({ name: 'scale', word: 'Scale', gvk: SCALE_GVK, definition: SCALE });
  for (const s of slices) {
    const ops: Operation[] = [];
    if (verbs.has('get')) {
      ops.push({ method: 'get', action: 'get', operationId: id('read', s.word), description: `read ${s.name} of the specified ${r.kind}`, gvk: s.gvk, query: [], response: s.definition, alsoSucceeds: [] });
    }
    if (verbs.has('update')) {
      ops.push({
        method: 'put', action: 'put', operationId: id('replace', s.word), description: `replace ${s.name} of the specified ${r.kind}`,
        gvk: s.gvk, query: WRITE_QUERY, body: s.definition, response: s.definition, alsoSucceeds: [201],
      });
    }
    if (verbs.has('patch')) {
      ops.push({
        method: 'patch', action: 'patch', operationId: id('patch', s.word), description: `partially update ${s.name} of the specified ${r.kind}`,
        gvk: s.gvk, query: PATCH_QUERY, body: PATCH, response: s.definition, alsoSucceeds: [201],
      });
    }
    if (ops.length > 0) paths.push({ path: `${base}/{name}/${s.name}`, pathParams: itemParams, operations: ops });
  }

  for (const extra of EXTRA_SUBRESOURCES[`${r.group}/${r.resource}`] ?? []) {
    const word = extra.name.charAt(0).toUpperCase() + extra.name.slice(1);
    paths.push({
      path: `${base}/{name}/${extra.name}`,
      pathParams: itemParams,
      operations: [{
        method: extra.method, action: extra.action, operationId: id(extra.verbWord, word), description: extra.description,
        gvk: extra.gvk, query: extra.query, body: extra.body, response: extra.response,
        alsoSucceeds: extra.method === 'post' ? [201, 202] : [],
      }],
    });
  }
  return paths;
}

/** `GET /api/v1/`: the group/version's APIResourceList. */
export function discoveryPath(group: string, version: string): PathItem {
  return {
    path: `/${groupVersionPath(group, version)}/`,
    pathParams: [],
    operations: [{
      method: 'get', operationId: `get${groupWord(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}APIResources`,
      description: 'get available resources', query: [],
      response: API_RESOURCE_LIST, alsoSucceeds: [],
    }],
  };
}

export function definitionsUsed(paths: PathItem[]): string[] {
  return paths.flatMap((p) => p.operations.flatMap((op) => [op.body, op.response].filter((d): d is string => d !== undefined)));
}
