// The Swagger 2.0 document (`GET /openapi/v2`) for a resource list.
import { schemaOf } from '../../../../api/openapi/index.ts';
import type { Schema } from '../../../../api/openapi/index.ts';
import { reachableDefinitions } from './closure.ts';
import { requestTypes, responseTypes, STATUS_TEXT } from './media.ts';
import {
  API_RESOURCE_LIST, DELETE_OPTIONS, PATCH, STATUS, WATCH_EVENT, definitionsUsed, discoveryPath, resourcePaths, tagOf,
} from './operations.ts';
import type { Operation, PathItem } from './operations.ts';
import { PARAMETERS } from './parameters.ts';
import { documented, groupVersionsOf } from './resources.ts';
import type { OpenAPIResource } from './resources.ts';

/** Definitions upstream's v2 document always carries, whether or not a path names them. */
const ALWAYS = [
  STATUS, DELETE_OPTIONS, WATCH_EVENT, API_RESOURCE_LIST, PATCH,
  'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.policy.v1.Eviction', 'io.k8s.api.core.v1.Binding',
];

function parameter(name: string, required = false): Record<string, unknown> {
  const spec = PARAMETERS.get(name);
  if (!spec) throw new Error(`OpenAPI: unknown parameter ${name}`);
  return {
    description: spec.description, in: spec.in, name, ...(required ? { required: true } : {}), type: spec.type, uniqueItems: true,
  };
}

function ref(name: string): Schema {
  return { $ref: `#/definitions/${name}` };
}

function operation(op: Operation, tag: string): Record<string, unknown> {
  const schema = op.response === undefined ? { type: 'string' } : ref(op.response);
  const responses: Record<string, unknown> = {};
  for (const code of [200, ...op.alsoSucceeds]) responses[code] = { description: STATUS_TEXT[code], schema };
  responses[401] = { description: STATUS_TEXT[401] };
  return {
    consumes: requestTypes(op),
    description: op.description,
    operationId: op.operationId,
    parameters: [
      ...(op.body ? [{ in: 'body', name: 'body', required: true, schema: ref(op.body) }] : []),
      ...op.query.map((q) => parameter(q)),
    ],
    produces: responseTypes(op),
    responses,
    schemes: ['https'],
    tags: [tag],
    ...(op.action ? { 'x-kubernetes-action': op.action } : {}),
    ...(op.gvk ? { 'x-kubernetes-group-version-kind': op.gvk } : {}),
  };
}

function pathItem(item: PathItem, tag: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of item.operations) out[op.method] = operation(op, tag);
  out.parameters = [...item.pathParams.map((p) => parameter(p, true)), parameter('pretty')];
  return out;
}

export function openapiV2(resources: readonly OpenAPIResource[]): Record<string, unknown> {
  const served = documented(resources);
  const items: Array<{ item: PathItem; tag: string }> = [
    ...groupVersionsOf(served).map(({ group, version }) => ({ item: discoveryPath(group, version), tag: tagOf(group, version) })),
    ...served.flatMap((r) => resourcePaths(r).map((item) => ({ item, tag: tagOf(r.group, r.version) }))),
  ];
  items.sort((a, b) => (a.item.path < b.item.path ? -1 : a.item.path > b.item.path ? 1 : 0));
  const names = reachableDefinitions([...definitionsUsed(items.map((i) => i.item)), ...ALWAYS]);
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(items.map(({ item, tag }) => [item.path, pathItem(item, tag)])),
    definitions: Object.fromEntries(names.map((n) => [n, schemaOf(n)])),
    securityDefinitions: {
      BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
    },
    security: [{ BearerToken: [] }],
  };
}
