// Applying an edited object against the real API server: from the version the
// edit started at, so a change made meanwhile is a conflict, and a refused
// edit changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types.ts';
import { ApiError } from '../../../renderer/src/api/client.ts';
import { applyEdit, conflictMessage, editableYaml } from '../../../renderer/src/model/yaml-edit.ts';
import { dashboardCluster } from './api-client.ts';

const PATH = '/api/v1/namespaces/default/configmaps/edited';

describe('applyEdit', () => {
  const api = dashboardCluster();
  let live: KubeObject;

  beforeAll(async () => {
    live = (await api.cluster.api('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'edited' }, data: { a: '1' } })).body;
  });

  it('shows the object without managedFields unless asked', () => {
    expect(live.metadata.managedFields).toBeDefined();
    expect(editableYaml(live, false)).not.toContain('managedFields');
    expect(editableYaml(live, true)).toContain('managedFields');
  });

  it('updates from the version the edit started at', async () => {
    const saved = await applyEdit(api.client, live, live.metadata.resourceVersion, { ...live, data: { a: '2' } });
    expect(saved.data).toEqual({ a: '2' });
    expect((await api.cluster.api('GET', PATH)).body.data).toEqual({ a: '2' });
  });

  it('is a conflict when the object changed since, whatever resourceVersion the text holds', async () => {
    const current = (await api.cluster.api('GET', PATH)).body;
    const stale = live.metadata.resourceVersion;
    const error = await applyEdit(api.client, current, stale, { ...current, data: { a: '3' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('conflict');
    expect((await api.cluster.api('GET', PATH)).body.data).toEqual({ a: '2' });
    expect(conflictMessage(live, current)).toBe(`ConfigMap edited was changed by someone else since you started editing (your version ${stale}, now ${current.metadata.resourceVersion})`);
  });

  it('changes nothing when the dry run refuses the edit', async () => {
    const current = (await api.cluster.api('GET', PATH)).body;
    const error = await applyEdit(api.client, current, current.metadata.resourceVersion, { ...current, data: { 'bad key!': 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('invalid');
    expect((error as ApiError).fields[0].field).toMatch(/^data/);
    expect((await api.cluster.api('GET', PATH)).body.metadata.resourceVersion).toBe(current.metadata.resourceVersion);
  });
});
