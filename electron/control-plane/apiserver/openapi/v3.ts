// OpenAPI 3.0 documents, one per group/version (`GET /openapi/v3/apis/apps/v1`).
// kubectl reads them for `explain`, for client-side apply's patch strategies,
// and to decide that the server validates fields: a PATCH operation tagged
// with the kind's x-kubernetes-group-version-kind (an object) and a
// fieldValidation query parameter makes it send fieldValidation=Strict.
import { reachableDefinitions } from './closure.ts';
import { requestTypes, responseTypes, STATUS_TEXT } from './media.ts';
import { definitionsUsed, discoveryPath, resourcePaths, tagOf } from './operations.ts';
import type { Operation, PathItem } from './operations.ts';
import { PARAMETERS } from './parameters.ts';
import { documented, groupVersionPath, groupVersionsOf } from './resources.ts';
import type { OpenAPIResource } from './resources.ts';
import { COMPONENT_REF_PREFIX, v3Definition } from './v3-schema.ts';

function parameter(name: string, required = false): Record<string, unknown> {
  const spec = PARAMETERS.get(name);
  if (!spec) throw new Error(`OpenAPI: unknown parameter ${name}`);
  return {
    description: spec.description, in: spec.in, name, ...(required ? { required: true } : {}),
    schema: { type: spec.type, uniqueItems: true },
  };
}

function content(types: string[], schema: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function operation(op: Operation, tag: string): Record<string, unknown> {
  const schema = op.response === undefined ? { type: 'string' } : { $ref: COMPONENT_REF_PREFIX + op.response };
  const responses: Record<string, unknown> = {};
  for (const code of [200, ...op.alsoSucceeds]) {
    responses[code] = { content: content(responseTypes(op), schema), description: STATUS_TEXT[code] };
  }
  responses[401] = { description: STATUS_TEXT[401] };
  return {
    description: op.description,
    operationId: op.operationId,
    ...(op.query.length > 0 ? { parameters: op.query.map((q) => parameter(q)) } : {}),
    ...(op.body
      ? { requestBody: { content: content(requestTypes(op), { $ref: COMPONENT_REF_PREFIX + op.body }), required: true } }
      : {}),
    responses,
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

/** Index keys of the group/versions with documents: `api/v1`, `apis/apps/v1`, … */
export function openapiV3Paths(resources: readonly OpenAPIResource[]): string[] {
  return groupVersionsOf(documented(resources)).map(({ group, version }) => groupVersionPath(group, version));
}

/**
 * The document for one group/version, named as in the index (`api/v1`,
 * `apis/apps/v1`); undefined when no resource is served there.
 */
export function openapiV3Document(
  groupVersion: string,
  resources: readonly OpenAPIResource[],
): Record<string, unknown> | undefined {
  const served = documented(resources).filter((r) => groupVersionPath(r.group, r.version) === groupVersion);
  if (served.length === 0) return undefined;
  const { group, version } = served[0];
  const tag = tagOf(group, version);
  const items = [discoveryPath(group, version), ...served.flatMap(resourcePaths)];
  items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const names = reachableDefinitions(definitionsUsed(items));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    paths: Object.fromEntries(items.map((item) => [item.path, pathItem(item, tag)])),
    components: {
      schemas: Object.fromEntries(names.map((n) => [n, v3Definition(n)])),
      securitySchemes: {
        BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
      },
    },
    security: [{ BearerToken: [] }],
  };
}
