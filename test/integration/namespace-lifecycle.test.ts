// A namespace being deleted refuses new content and goes once its finalizers are removed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.stop();
});

it('terminates, refuses content, and goes when finalized', async () => {
  expect((await c.api('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } })).status).toBe(201);
  const deleted = await c.api('DELETE', '/api/v1/namespaces/doomed');
  expect(deleted.status).toBe(200);
  expect((deleted.body.status as { phase: string }).phase).toBe('Terminating');
  expect(deleted.body.metadata.deletionTimestamp).toBeTruthy();

  const refused = await c.api('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
  expect(refused.status).toBe(403);
  expect(refused.body.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');

  // A status write while terminating keeps it (the spec finalizer still guards it).
  const ns = await c.api('GET', '/api/v1/namespaces/doomed');
  expect((await c.api('PUT', '/api/v1/namespaces/doomed/status', ns.body)).status).toBe(200);
  expect((await c.api('GET', '/api/v1/namespaces/doomed')).status).toBe(200);

  const finalized = await c.api('PUT', '/api/v1/namespaces/doomed/finalize', { ...ns.body, spec: { finalizers: [] } });
  expect(finalized.status).toBe(200);
  expect((await c.api('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
});

it('refuses to delete the system namespaces', async () => {
  const r = await c.api('DELETE', '/api/v1/namespaces/kube-system');
  expect(r.status).toBe(403);
  expect(r.body.message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
});
