// The editor's JSON Schema, built from the real control plane's OpenAPI v3
// documents through the dashboard's own API client.
import { describe, expect, it } from 'vitest';
import { addDefinitions, schemaNameFor, type JsonSchema, type OpenApiDocument } from '../../../renderer/src/model/yaml-openapi.ts';
import { SchemaSource } from '../../../renderer/src/model/yaml-schemas.ts';
import { dashboardCluster } from './api-client.ts';

/** Every `$ref` anywhere in a schema. */
function refs(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => refs(item, out));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.add(item);
      else refs(item, out);
    }
  }
  return out;
}

/** The definition a `#/definitions/NAME` ref names, followed through a property path. */
function propertyAt(schema: JsonSchema, definitions: Record<string, JsonSchema>, path: string[]): JsonSchema {
  let at = schema;
  for (const name of path) {
    const property = (at.properties as Record<string, JsonSchema>)[name];
    const ref = (property.$ref ?? (property.allOf as JsonSchema[] | undefined)?.[0]?.$ref) as string | undefined;
    at = ref ? definitions[ref.replace('#/definitions/', '')] : property;
  }
  return at;
}

describe('OpenAPI v3 to JSON Schema', () => {
  const api = dashboardCluster();

  it('finds a kind by x-kubernetes-group-version-kind and collects everything it refers to', async () => {
    const apps = (await api.cluster.api('GET', '/openapi/v3/apis/apps/v1')).body as unknown as OpenApiDocument;
    const name = schemaNameFor(apps, { group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(name).toBe('io.k8s.api.apps.v1.Deployment');
    expect(schemaNameFor(apps, { group: 'apps', version: 'v1', kind: 'Pod' })).toBeUndefined();

    const definitions: Record<string, JsonSchema> = {};
    addDefinitions(apps, name!, definitions);
    for (const ref of refs(definitions)) {
      expect(ref).toMatch(/^#\/definitions\//);
      expect(definitions[ref.slice('#/definitions/'.length)], ref).toBeDefined();
    }
    expect(definitions['io.k8s.api.core.v1.PodSpec'].required).toContain('containers');
    const spec = propertyAt(definitions[name!], definitions, ['spec']);
    expect((spec.properties as Record<string, JsonSchema>).replicas.type).toBe('integer');
    // Unknown fields are refused, as the server's strict validation does; free-form maps stay open.
    expect(spec.additionalProperties).toBe(false);
    const labels = (propertyAt(definitions[name!], definitions, ['metadata']).properties as Record<string, JsonSchema>).labels;
    expect(labels.additionalProperties).toEqual({ default: '', type: 'string' });
  });

  it('builds one root schema that picks each document’s kind, fetching group-versions as needed', async () => {
    const schema = await new SchemaSource(api.client).schemaFor([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
      { group: '', version: 'v1', kind: 'ConfigMap' },
      { group: 'example.com', version: 'v1', kind: 'Unknown' },
    ]);
    expect(schema.required).toEqual(['apiVersion', 'kind']);
    const branches = schema.allOf as { if: { properties: { apiVersion: { const: string }; kind: { const: string } } }; then: { $ref: string } }[];
    expect(branches.map((b) => [b.if.properties.apiVersion.const, b.if.properties.kind.const, b.then.$ref])).toEqual([
      ['apps/v1', 'Deployment', '#/definitions/io.k8s.api.apps.v1.Deployment'],
      ['v1', 'ConfigMap', '#/definitions/io.k8s.api.core.v1.ConfigMap'],
    ]);
    const definitions = schema.definitions as Record<string, JsonSchema>;
    for (const ref of refs(schema)) expect(definitions[ref.slice('#/definitions/'.length)], ref).toBeDefined();
  });
});
