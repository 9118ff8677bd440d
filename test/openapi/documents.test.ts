import { describe, expect, it } from 'vitest';
import {
  openapiDocuments, openapiV2, openapiV3Document, openapiV3Index,
} from '../../electron/control-plane/apiserver/openapi/index.ts';
import type { OpenAPIResource } from '../../electron/control-plane/apiserver/openapi/index.ts';

const resources: OpenAPIResource[] = [
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, definition: 'io.k8s.api.core.v1.Pod', status: true },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, definition: 'io.k8s.api.core.v1.ConfigMap' },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, definition: 'io.k8s.api.core.v1.Node', status: true },
  {
    group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true,
    definition: 'io.k8s.api.apps.v1.Deployment', status: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  },
  {
    group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true,
    definition: 'io.k8s.api.coordination.v1.Lease', verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  // No schema: left out of the documents instead of published with dangling refs.
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', namespaced: true, definition: 'io.k8s.metrics.pkg.apis.metrics.v1beta1.PodMetrics', verbs: ['get', 'list'] },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every `$ref` in a document, with the JSON path it sits at. */
function refs(value: unknown, at = '$', out: Array<[string, string]> = []): Array<[string, string]> {
  if (Array.isArray(value)) value.forEach((v, i) => refs(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push([at, v]);
      else refs(v, `${at}.${k}`, out);
    }
  }
  return out;
}

describe('OpenAPI v3', () => {
  const core = openapiV3Document('api/v1', resources) as Json;
  const apps = openapiV3Document('apis/apps/v1', resources) as Json;

  it('indexes each group/version with a content hash', () => {
    const index = openapiV3Index(resources);
    expect(Object.keys(index.paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1']);
    const url = index.paths['api/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    expect(url.endsWith(openapiDocuments(resources).v3('api/v1')!.hash)).toBe(true);
    const changed = openapiV3Index(resources.filter((r) => r.resource !== 'configmaps'));
    expect(changed.paths['api/v1'].serverRelativeURL).not.toBe(url);
    expect(changed.paths['apis/apps/v1']).toEqual(index.paths['apis/apps/v1']);
    expect(openapiV3Document('apis/metrics.k8s.io/v1beta1', resources)).toBeUndefined();
  });

  it('has the PATCH operation kubectl checks before sending fieldValidation=Strict', () => {
    const patch = core.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(patch['x-kubernetes-action']).toBe('patch');
    const query = patch.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    expect(query).toEqual(expect.arrayContaining(['fieldValidation', 'fieldManager', 'force', 'dryRun']));
    expect(Object.keys(patch.requestBody.content).sort()).toEqual([
      'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json',
    ]);
    // kubectl stops at the first PATCH tagged with the kind, in map order: every one must qualify.
    for (const [path, item] of Object.entries(core.paths as Record<string, Json>)) {
      if (item.patch?.['x-kubernetes-group-version-kind']?.kind === 'Pod') {
        expect(item.patch.parameters.map((p: Json) => p.name), path).toContain('fieldValidation');
      }
    }
    expect(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind'])
      .toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('lays out paths and operations as upstream', () => {
    expect(Object.keys(core.paths)).toEqual(expect.arrayContaining([
      '/api/v1/', '/api/v1/namespaces/{namespace}/pods', '/api/v1/pods', '/api/v1/namespaces/{namespace}/pods/{name}/status',
      '/api/v1/namespaces/{namespace}/pods/{name}/eviction', '/api/v1/namespaces/{namespace}/pods/{name}/log',
      '/api/v1/nodes', '/api/v1/nodes/{name}', '/api/v1/nodes/{name}/status',
    ]));
    expect(core.paths['/api/v1/nodes/{name}/scale']).toBeUndefined();
    const pods = core.paths['/api/v1/namespaces/{namespace}/pods'];
    expect(pods.get.operationId).toBe('listCoreV1NamespacedPod');
    expect(pods.get.parameters.map((p: Json) => p.name)).toContain('watch');
    expect(Object.keys(pods.get.responses['200'].content)).toContain('application/json;stream=watch');
    expect(pods.delete['x-kubernetes-action']).toBe('deletecollection');
    expect(core.paths['/api/v1/pods'].get.operationId).toBe('listCoreV1PodForAllNamespaces');
    expect(pods.parameters.map((p: Json) => p.name)).toEqual(['namespace', 'pretty']);
    const lease = openapiV3Document('apis/coordination.k8s.io/v1', resources) as Json;
    expect(lease.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases'].delete).toBeUndefined();
    expect(lease.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}'].put.operationId)
      .toBe('replaceCoordinationV1NamespacedLease');
  });

  it('carries schemas in v3 form that explain can walk', () => {
    const schemas = core.components.schemas as Record<string, Json>;
    const pod = schemas['io.k8s.api.core.v1.Pod'];
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(pod.properties.spec).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }],
      description: expect.stringMatching(/^Specification of the desired behavior of the pod/),
    });
    expect(pod.properties.metadata.default).toEqual({});
    const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
    expect(containers).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(schemas['io.k8s.api.core.v1.Container'].properties.name).toMatchObject({ type: 'string', default: '' });
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(schemas['io.k8s.api.policy.v1.Eviction']).toBeDefined();
    expect(schemas['io.k8s.api.apps.v1.Deployment']).toBeUndefined();
    expect(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
  });

  it('has every $ref resolve inside the document', () => {
    for (const doc of [core, apps]) {
      const found = refs(doc);
      expect(found.length).toBeGreaterThan(100);
      for (const [at, ref] of found) {
        expect(ref.startsWith('#/components/schemas/'), at).toBe(true);
        expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], `${at} → ${ref}`).toBeDefined();
      }
    }
  });
});

describe('OpenAPI v2', () => {
  const v2 = openapiV2(resources) as Json;

  it('is Swagger 2.0 with every resource path and refs that resolve', () => {
    expect(v2.swagger).toBe('2.0');
    const get = v2.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].get;
    expect(get['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(get.responses['200'].schema).toEqual({ $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' });
    const patch = v2.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(patch.parameters.map((p: Json) => p.name)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
    for (const name of ['io.k8s.api.apps.v1.DeploymentList', 'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
      'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.policy.v1.Eviction', 'io.k8s.api.core.v1.Binding',
      'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList']) {
      expect(v2.definitions[name], name).toBeDefined();
    }
    for (const [at, ref] of refs(v2)) {
      expect(v2.definitions[ref.slice('#/definitions/'.length)], `${at} → ${ref}`).toBeDefined();
    }
    expect(Object.keys(v2.paths).some((p) => p.includes('metrics.k8s.io'))).toBe(false);
  });

  it('is served pre-serialized, once per resource list', () => {
    const docs = openapiDocuments(resources);
    expect(docs.v2()).toBe(docs.v2());
    expect(JSON.parse(docs.v2().body)).toEqual(v2);
    expect(docs.v2().etag).toBe(`"${docs.v2().hash}"`);
    expect(openapiDocuments(resources)).toBe(docs);
  });
});

/** Length-delimited fields of a protobuf message, by field number (all this encoding uses besides bools). */
function fields(bytes: Uint8Array): Map<number, Uint8Array[]> {
  const out = new Map<number, Uint8Array[]>();
  let i = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[i++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  };
  while (i < bytes.length) {
    const tag = varint();
    if (tag % 8 === 0) {
      varint();
      continue;
    }
    const length = varint();
    const list = out.get(Math.floor(tag / 8)) ?? [];
    list.push(bytes.subarray(i, i + length));
    out.set(Math.floor(tag / 8), list);
    i += length;
  }
  return out;
}

describe('OpenAPI v2 protobuf', () => {
  const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

  it('encodes the document in gnostic field numbers', () => {
    const doc = fields(openapiDocuments(resources).v2Protobuf().body);
    expect(text(doc.get(1)?.[0])).toBe('2.0');
    const definitions = fields(doc.get(9)![0]).get(1)!.map(fields);
    const pod = definitions.find((named) => text(named.get(1)?.[0]) === 'io.k8s.api.core.v1.Pod')!;
    const podSchema = fields(pod.get(2)![0]);
    expect(text(podSchema.get(4)?.[0])).toMatch(/^Pod is a collection of containers/);
    const gvk = fields(podSchema.get(31)![0]);
    expect(text(gvk.get(1)?.[0])).toBe('x-kubernetes-group-version-kind');
    expect(JSON.parse(text(fields(gvk.get(2)![0]).get(2)?.[0]))).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    const paths = fields(doc.get(8)![0]).get(2)!.map(fields);
    const pods = paths.find((named) => text(named.get(1)?.[0]) === '/api/v1/namespaces/{namespace}/pods/{name}')!;
    const patch = fields(fields(pods.get(2)![0]).get(8)![0]);
    expect(text(patch.get(5)?.[0])).toBe('patchCoreV1NamespacedPod');
  });
});
