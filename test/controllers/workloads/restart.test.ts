// Controllers restarted (fresh informers, no expectations) in the middle of a
// rollout finish it without extra pods; a Recreate rollout never overlaps versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { R } from '../../../client/types.ts';
import type { DeploymentObject, ReplicaSetObject } from '../../../electron/control-plane/controllers/deployment/types.ts';
import { startDeploymentController } from '../../../electron/control-plane/controllers/deployment/index.ts';
import { startReplicaSetController } from '../../../electron/control-plane/controllers/replicaset/index.ts';
import type { Pod } from '../../../electron/control-plane/controllers/replicaset/pod.ts';
import { container, eventually, readyAll, startKubelet, startWorkloads, type WorkloadHarness } from './harness.ts';

let h: WorkloadHarness;
beforeAll(async () => {
  h = await startWorkloads([startReplicaSetController, startDeploymentController]);
});
afterAll(() => h.stop());

const deployment = (name: string, replicas: number, strategy: Record<string, unknown>) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
  spec: {
    replicas, strategy, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [container('nginx:1')] } },
  },
});

const live = (pods: readonly Pod[], app: string) => pods.filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);

async function complete(name: string, image: string): Promise<DeploymentObject> {
  return eventually(`${name} on ${image}`, async () => {
    const d = await h.client.get<DeploymentObject>(R.deployments, 'default', name);
    const s = d.status ?? {};
    return d.spec.template.spec?.containers[0]?.image === image && s.observedGeneration === d.metadata.generation
      && s.updatedReplicas === d.spec.replicas && s.replicas === d.spec.replicas && s.availableReplicas === d.spec.replicas && d;
  }, 30_000);
}

describe('restarts and recreate', () => {
  it('finishes a rollout after the controllers restart half way, without extra pods', async () => {
    let maxPods = 0;
    const kubelet = startKubelet(h.client, (pods) => {
      maxPods = Math.max(maxPods, live(pods.list('default'), 'api').length);
    });
    await h.client.create(R.deployments, 'default', deployment('api', 8, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } }));
    await complete('api', 'nginx:1');

    // Hold new pods back so the rollout stops half way, then restart the controllers there.
    kubelet.enabled = false;
    await h.client.patch(R.deployments, 'default', 'api', 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } });
    await eventually('surge pods created', () => live(kubelet.pods.list('default'), 'api').length === 10);
    await h.restart();
    kubelet.enabled = true;
    await readyAll(h.client, 'default');
    await complete('api', 'nginx:2');
    kubelet.stop();

    expect(maxPods).toBeLessThanOrEqual(10);
    const rss = (await h.client.list<ReplicaSetObject>(R.replicasets, 'default', { labelSelector: 'app=api' })).items;
    expect(rss).toHaveLength(2);
    expect(rss.map((rs) => rs.spec.replicas).sort()).toEqual([0, 8]);
    // Settled: exactly the desired pods, and no more appear.
    await new Promise((r) => setTimeout(r, 1000));
    const pods = (await h.client.list<Pod>(R.pods, 'default', { labelSelector: 'app=api' })).items;
    expect(live(pods, 'api')).toHaveLength(8);
    expect(pods.every((p) => p.spec?.containers[0]?.image === 'nginx:2')).toBe(true);
  });

  it('Recreate stops every old pod before the first new one starts', async () => {
    let overlap = false;
    const kubelet = startKubelet(h.client, (pods) => {
      const images = new Set(live(pods.list('default'), 'batch').map((p) => p.spec?.containers[0]?.image));
      if (images.size > 1) overlap = true;
    });
    await h.client.create(R.deployments, 'default', deployment('batch', 3, { type: 'Recreate' }));
    await complete('batch', 'nginx:1');
    await h.client.patch(R.deployments, 'default', 'batch', 'strategic', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } });
    const d = await complete('batch', 'nginx:2');
    kubelet.stop();
    expect(overlap).toBe(false);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });
});
