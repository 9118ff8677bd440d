// The namespace and ServiceAccount controllers against a real control plane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../../api/status.ts';
import type { KubeObject } from '../../../api/types.ts';
import { R } from '../../../client/types.ts';
import { startNamespaceController } from '../../../electron/control-plane/controllers/namespace/index.ts';
import { startServiceAccountController } from '../../../electron/control-plane/controllers/serviceaccount/index.ts';
import { eventually, startControllers, type ControllerHarness } from './harness.ts';

let h: ControllerHarness;
beforeAll(async () => {
  h = await startControllers([startNamespaceController, startServiceAccountController]);
});
afterAll(() => h.stop());

const gone = (ref: typeof R[keyof typeof R], namespace: string | undefined, name: string) => async () => {
  try {
    await h.client.get(ref, namespace, name);
    return false;
  } catch (err) {
    return err instanceof StatusError && err.code === 404;
  }
};

describe('serviceaccount controller', () => {
  it('creates the default ServiceAccount in new namespaces and recreates it when deleted', async () => {
    await h.client.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sa-test' } });
    const first = await eventually('default ServiceAccount', () => h.client.get(R.serviceaccounts, 'sa-test', 'default'));
    await h.client.delete(R.serviceaccounts, 'sa-test', 'default');
    const second = await eventually('default ServiceAccount again', async () => {
      const sa = await h.client.get(R.serviceaccounts, 'sa-test', 'default');
      return sa.metadata.uid !== first.metadata.uid && sa;
    });
    expect(second.metadata.namespace).toBe('sa-test');
  });

  it('covers the namespaces that existed before it started', async () => {
    await eventually('default ServiceAccount in kube-system', () => h.client.get(R.serviceaccounts, 'kube-system', 'default'));
  });
});

describe('namespace controller', () => {
  it('kubectl delete namespace deletes the content, then the namespace', async () => {
    expect((await h.cluster.kubectl(['create', 'namespace', 'doomed'])).code).toBe(0);
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'doomed' }, data: { a: 'b' } };
    await h.client.create(R.configmaps, 'doomed', cm);
    await h.client.create(R.pods, 'doomed', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    await h.client.create(R.deployments, 'doomed', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd1' },
      spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const deleted = await h.cluster.kubectl(['delete', 'namespace', 'doomed', '--timeout=30s']);
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout).toContain('namespace "doomed" deleted');
    expect(await gone(R.namespaces, undefined, 'doomed')()).toBe(true);
    // Recreated, it starts empty.
    await h.client.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    expect((await h.client.list(R.configmaps, 'doomed')).items).toEqual([]);
    expect((await h.client.list(R.deployments, 'doomed')).items).toEqual([]);
  });

  it('waits for content with finalizers and reports it in the conditions', async () => {
    await h.client.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'held' } });
    await h.client.create(R.configmaps, 'held', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', finalizers: ['example.com/hold'] } });
    await h.client.delete(R.namespaces, undefined, 'held');
    const ns = await eventually('NamespaceFinalizersRemaining', async () => {
      const obj = await h.client.get<KubeObject & { status?: { conditions?: { type: string; status: string; message?: string }[] } }>(R.namespaces, undefined, 'held');
      return obj.status?.conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') && obj;
    });
    const conditions = Object.fromEntries(ns.status!.conditions!.map((c) => [c.type, c]));
    expect(conditions.NamespaceContentRemaining).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps has 1 resource instances' });
    expect(conditions.NamespaceFinalizersRemaining).toMatchObject({ reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' });
    expect(conditions.NamespaceDeletionContentFailure).toMatchObject({ status: 'False', reason: 'ContentDeleted' });
    // The finalizer's owner lets go: the namespace follows.
    const kept = await h.client.get(R.configmaps, 'held', 'kept');
    await h.client.update(R.configmaps, 'held', { ...kept, metadata: { ...kept.metadata, finalizers: [] } });
    await eventually('namespace held gone', gone(R.namespaces, undefined, 'held'), 30_000);
  }, 45_000);
});
