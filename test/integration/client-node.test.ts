// @kubernetes/client-node, the official JavaScript client, lists and watches pods.
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.stop();
});

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'client-node' } },
  spec: { containers: [{ name: 'main', image: 'flotilla.test/busybox:1' }] },
});

it('lists and watches pods through the official client', async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(c.cp.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedPod({ namespace: 'default', body: pod('one') });
  const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=client-node' });
  expect(list.items.map((p) => p.metadata?.name)).toEqual(['one']);
  expect(list.items[0]!.spec?.restartPolicy).toBe('Always');

  const seen: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    void new Watch(kc)
      .watch('/api/v1/namespaces/default/pods', { resourceVersion: list.metadata?.resourceVersion }, (type, obj: { metadata: { name: string } }) => {
        seen.push(`${type} ${obj.metadata.name}`);
        if (seen.includes('DELETED two')) resolve();
      }, (err) => (err ? reject(err) : undefined))
      .then((req) => setTimeout(() => req.abort(), 10_000));
  });
  await core.createNamespacedPod({ namespace: 'default', body: pod('two') });
  await core.deleteNamespacedPod({ name: 'two', namespace: 'default' });
  await done;
  expect(seen).toEqual(['ADDED two', 'DELETED two']);
});
