// Splitting a YAML file into API objects, and finding the line a field path
// from the API's Status causes points at.
import { describe, expect, it } from 'vitest';
import { kindsIn, parseFieldPath, parseYaml } from '../../../renderer/src/model/yaml-documents.ts';

const TWO = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx
        - name: sidecar
`;

describe('parseFieldPath', () => {
  it('reads names, indexes and bracketed keys as upstream prints them', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].image')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(parseFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parseFieldPath('metadata.name')).toEqual(['metadata', 'name']);
  });
});

describe('parseYaml', () => {
  it('splits documents and skips empty ones', () => {
    const { documents, problems } = parseYaml(`---\n${TWO}---\n`);
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.index, d.object.kind, d.object.metadata.name, d.line])).toEqual([[0, 'ConfigMap', 'settings', 2], [1, 'Deployment', 'web', 9]]);
  });

  it('finds the line of a field path, or of its nearest existing parent', () => {
    const deployment = parseYaml(TWO).documents[1];
    expect(deployment.lineOf('metadata.name')).toBe(11);
    expect(deployment.lineOf('spec.template.spec.containers[0].image')).toBe(17);
    // The second container has no image: the container itself is marked.
    expect(deployment.lineOf('spec.template.spec.containers[1].image')).toBe(18);
    expect(deployment.lineOf('spec.replicas')).toBe(12);
    expect(deployment.lineOf('')).toBe(8);
  });

  it('reports syntax errors with their line, in every document', () => {
    const { documents, problems } = parseYaml(`${TWO}---\nkind: [unclosed\n---\na: b\n  c: d\n`);
    // The parser notices the unclosed sequence where the next document starts.
    expect(problems.map((p) => p.line)).toEqual([21, 22, 22]);
    expect(problems[0].message).toBe('Flow sequence in block collection must be sufficiently indented and end with a ]');
    expect(documents).toHaveLength(2);
  });

  it('refuses documents that are not API objects, saying what is missing', () => {
    const { problems } = parseYaml('- a\n---\nkind: Pod\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n');
    expect(problems).toEqual([
      { line: 1, message: 'Document 1 is not a mapping of fields (an API object)' },
      { line: 3, message: 'Document 2 has no apiVersion' },
      { line: 6, message: 'Document 3 has no metadata.name' },
    ]);
  });
});

describe('kindsIn', () => {
  it('names each apiVersion and kind once, skipping documents without them or that do not parse', () => {
    const text = `${TWO}---\napiVersion: v1\nkind: ConfigMap\n---\nkind: Pod\n---\nkind: [broken\n`;
    expect(kindsIn(text)).toEqual([
      { group: '', version: 'v1', kind: 'ConfigMap' },
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
  });
});
