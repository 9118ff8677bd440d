import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS_FILE, renderDefinitions } from '../../api/openapi/generate.ts';
import { definitions, fieldSchema, refName, schemaOf, unknownFields } from '../../api/openapi/index.ts';
import type { Schema } from '../../api/openapi/index.ts';

function* subschemas(schema: Schema): Generator<Schema> {
  yield schema;
  if (schema.items) yield* subschemas(schema.items);
  if (schema.additionalProperties) yield* subschemas(schema.additionalProperties);
  for (const p of Object.values(schema.properties ?? {})) yield* subschemas(p);
}

describe('generated definitions', () => {
  it('are what the generator produces now (regenerate with `npx tsx api/openapi/generate.ts`)', () => {
    expect(readFileSync(DEFINITIONS_FILE, 'utf8')).toBe(renderDefinitions());
  }, 30_000);

  it('carry upstream names, descriptions and types', () => {
    const pod = schemaOf('io.k8s.api.core.v1.Pod')!;
    expect(pod.description).toMatch(/^Pod is a collection of containers/);
    expect(pod.properties?.metadata.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(schemaOf('io.k8s.api.apps.v1.Deployment')!['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(schemaOf('io.k8s.api.core.v1.PodSpec')!['x-kubernetes-group-version-kind']).toBeUndefined();
    expect(schemaOf('io.k8s.api.core.v1.Container')!.required).toEqual(['name']);
    expect(schemaOf('io.k8s.apimachinery.pkg.apis.meta.v1.Time')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemaOf('io.k8s.apimachinery.pkg.api.resource.Quantity')).toMatchObject({ type: 'string' });
    expect(schemaOf('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(fieldSchema('io.k8s.api.core.v1.ServicePort', ['targetPort'])?.format).toBe('int-or-string');
    expect(fieldSchema('io.k8s.api.core.v1.Pod', ['metadata', 'generation'])).toMatchObject({ type: 'integer', format: 'int64' });
    expect(fieldSchema('io.k8s.api.core.v1.Container', ['ports', 'containerPort'])).toMatchObject({ type: 'integer', format: 'int32' });
    expect(fieldSchema('io.k8s.api.core.v1.ConfigMap', ['data'])).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
  });

  it('merge the list extensions upstream marks', () => {
    const containers = fieldSchema('io.k8s.api.core.v1.Pod', ['spec', 'containers'])!;
    expect(containers['x-kubernetes-patch-merge-key']).toBe('name');
    expect(containers['x-kubernetes-patch-strategy']).toBe('merge');
    expect(containers.description).toMatch(/^List of containers belonging to the pod/);
    expect(fieldSchema('io.k8s.api.core.v1.Pod', ['spec', 'volumes'])!['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(fieldSchema('io.k8s.api.core.v1.Pod', ['spec', 'containers', 'ports'])).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    });
    expect(fieldSchema('io.k8s.api.core.v1.Service', ['spec', 'ports'])!['x-kubernetes-list-map-keys']).toEqual(['port', 'protocol']);
    expect(fieldSchema('io.k8s.api.apps.v1.Deployment', ['metadata', 'ownerReferences'])!['x-kubernetes-patch-merge-key']).toBe('uid');
    expect(schemaOf('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')!['x-kubernetes-map-type']).toBe('atomic');
  });

  it('have no dangling refs', () => {
    for (const [name, def] of Object.entries(definitions)) {
      for (const s of subschemas(def)) {
        const target = refName(s);
        if (s.$ref) expect(target && schemaOf(target), `${name} → ${s.$ref}`).toBeTruthy();
      }
    }
  });
});

describe('unknownFields', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { 'any/label': 'x' }, annotations: { whatever: 'y' }, managedFields: [{ fieldsV1: { 'f:spec': {} } }] },
    spec: {
      foo: 1,
      containers: [
        { name: 'a', image: 'nginx', resources: { limits: { cpu: '1' } } },
        { name: 'b', bogus: true, ports: [{ containerPort: 80, nope: 1 }] },
      ],
    },
  };

  it('finds fields the schema does not declare, with upstream paths', () => {
    expect(unknownFields(pod, 'io.k8s.api.core.v1.Pod')).toEqual([
      'spec.foo',
      'spec.containers[1].bogus',
      'spec.containers[1].ports[0].nope',
    ]);
  });

  it('skips free-form maps and raw fields', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v', other: 'w' } };
    expect(unknownFields(cm, 'io.k8s.api.core.v1.ConfigMap')).toEqual([]);
    expect(unknownFields({ metadata: { nam: 'typo' } }, 'io.k8s.api.core.v1.ConfigMap')).toEqual(['metadata.nam']);
  });
});
