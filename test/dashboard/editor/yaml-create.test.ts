// Creating a YAML file's objects against the real API server: all dry-run
// first, nothing created when one fails, the refusals at their lines.
import { describe, expect, it } from 'vitest';
import { createAll } from '../../../renderer/src/model/yaml-create.ts';
import { parseYaml } from '../../../renderer/src/model/yaml-documents.ts';
import { dashboardCluster } from './api-client.ts';

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
`;

const BAD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: Bad_Name
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
`;

describe('createAll', () => {
  const api = dashboardCluster();

  it('creates nothing when one document fails the dry run, and places each refused field at its line', async () => {
    const { documents } = parseYaml(`${CONFIG_MAP}---\n${BAD_DEPLOYMENT}`);
    const outcome = await createAll(api.client, documents, 'default');
    expect(outcome.lines.map((l) => l.status)).toEqual(['held', 'failed']);
    expect(outcome.lines[1].text).toMatch(/^deployment\.apps\/Bad_Name: .*is invalid/);
    expect(outcome.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [11, 'metadata.name'],
      [20, 'spec.template.spec.containers[0].image'],
    ]);
    expect((await api.cluster.api('GET', '/api/v1/namespaces/default/configmaps/settings')).status).toBe(404);
  });

  it('creates every document in order, a namespace before the objects in it, and links the created objects', async () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n---\n${CONFIG_MAP.replace('name: settings', 'name: settings\n  namespace: team')}---\n${CONFIG_MAP}`;
    const outcome = await createAll(api.client, parseYaml(text).documents, 'default');
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual([
      { text: 'namespace/team created', status: 'created', route: '/r/namespaces/_/team' },
      { text: 'configmap/settings created', status: 'created', route: '/r/configmaps/team/settings' },
      { text: 'configmap/settings created', status: 'created', route: '/r/configmaps/default/settings' },
    ]);
    expect((await api.cluster.api('GET', '/api/v1/namespaces/team/configmaps/settings')).status).toBe(200);
  });

  it('says which kind or apiVersion the server does not know', async () => {
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: v1\nkind: Widget\nmetadata: {name: w}\n';
    const outcome = await createAll(api.client, parseYaml(text).documents, 'default');
    expect(outcome.lines.map((l) => l.text)).toEqual([
      'widget.example.com/w: The server does not serve apiVersion "example.com/v1"',
      'widget/w: The server has no kind "Widget" in v1',
    ]);
    expect(outcome.problems).toEqual([{ line: 1, message: 'The server does not serve apiVersion "example.com/v1"' }, { line: 5, message: 'The server has no kind "Widget" in v1' }]);
  });
});
