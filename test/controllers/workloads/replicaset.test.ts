// ReplicaSets and ReplicationControllers against a real control plane: create,
// scale down by rank, adopt and release, status, events, kubectl scale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types.ts';
import { R } from '../../../client/types.ts';
import type { ReplicaOwner } from '../../../electron/control-plane/controllers/replicaset/kind.ts';
import type { Pod } from '../../../electron/control-plane/controllers/replicaset/pod.ts';
import { startReplicaSetController } from '../../../electron/control-plane/controllers/replicaset/index.ts';
import { startReplicationControllerController } from '../../../electron/control-plane/controllers/replicationcontroller/index.ts';
import { container, eventually, isReady, markReady, ownerUid, startWorkloads, type WorkloadHarness } from './harness.ts';

let h: WorkloadHarness;
beforeAll(async () => {
  h = await startWorkloads([startReplicaSetController, startReplicationControllerController]);
});
afterAll(() => h.stop());

const podsOf = async (selector: string) =>
  (await h.client.list<Pod>(R.pods, 'default', { labelSelector: selector })).items.filter((p) => !p.metadata.deletionTimestamp);

function replicaSet(name: string, replicas: number, app: string): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app, tier: 'web' } }, spec: { containers: [container('nginx:1')] } } },
  };
}

async function scaleTo(ref: typeof R.replicasets | typeof R.replicationcontrollers, name: string, replicas: number): Promise<void> {
  await h.client.patch(ref, 'default', name, 'merge', { spec: { replicas } });
}

describe('replicaset controller', () => {
  it('creates the pods from the template, owned by the ReplicaSet, and reports status', async () => {
    const rs = await h.client.create<ReplicaOwner>(R.replicasets, 'default', replicaSet('web', 5, 'web'));
    const pods = await eventually('5 pods', async () => {
      const p = await podsOf('app=web');
      return p.length === 5 && p;
    });
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
      expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(pod.metadata.ownerReferences).toEqual([{
        apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true,
      }]);
    }
    await Promise.all(pods.slice(0, 3).map((p) => markReady(h.client, p)));
    const status = await eventually('status counts', async () => {
      const cur = await h.client.get<ReplicaOwner>(R.replicasets, 'default', 'web');
      return cur.status?.readyReplicas === 3 && cur.status;
    });
    expect(status).toEqual({ replicas: 5, fullyLabeledReplicas: 5, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const events = await eventually('creation events', async () => {
      const { items } = await h.client.list(R.events, 'default', { fieldSelector: 'involvedObject.name=web' });
      return items.filter((e) => e.reason === 'SuccessfulCreate').length === 5 && items;
    });
    expect(events.map((e) => e.message)).toEqual(expect.arrayContaining(pods.map((p) => `Created pod: ${p.metadata.name}`)));
    // Converged: no more pods appear.
    await new Promise((r) => setTimeout(r, 500));
    expect(await podsOf('app=web')).toHaveLength(5);
  });

  it('scales down by deleting the not-ready pods first', async () => {
    const before = await podsOf('app=web');
    const notReady = before.filter((p) => !isReady(p)).map((p) => p.metadata.name).sort();
    expect(notReady).toHaveLength(2);
    await scaleTo(R.replicasets, 'web', 3);
    const after = await eventually('3 pods', async () => {
      const p = await podsOf('app=web');
      return p.length === 3 && p;
    });
    expect(after.every(isReady)).toBe(true);
    expect(after.map((p) => p.metadata.name)).not.toEqual(expect.arrayContaining(notReady));
    await eventually('status after scale-down', async () => {
      const cur = await h.client.get<ReplicaOwner>(R.replicasets, 'default', 'web');
      return cur.status?.replicas === 3 && cur.status.observedGeneration === 2;
    });
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    const rs = await h.client.get<ReplicaOwner>(R.replicasets, 'default', 'web');
    await h.client.create(R.pods, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan', labels: { app: 'web' } }, spec: { containers: [container('nginx:1')] },
    });
    // Adopted, and counted: the ReplicaSet now has one too many and deletes one (the not-ready orphan).
    await eventually('orphan adopted then removed', async () => {
      const p = await podsOf('app=web');
      return p.length === 3 && p.every((x) => ownerUid(x) === rs.metadata.uid) && p.every((x) => x.metadata.name !== 'orphan');
    });

    const [leaving] = await podsOf('app=web');
    await h.client.patch(R.pods, 'default', leaving!.metadata.name!, 'merge', { metadata: { labels: { app: 'elsewhere' } } });
    const released = await eventually('released', async () => {
      const p = await h.client.get<Pod>(R.pods, 'default', leaving!.metadata.name!);
      return (p.metadata.ownerReferences ?? []).length === 0 && p;
    });
    expect(released.metadata.labels).toEqual({ app: 'elsewhere', tier: 'web' });
    // …and replaced.
    await eventually('replacement', async () => (await podsOf('app=web')).length === 3);
  });
});

describe('replication controller', () => {
  it('manages pods with an equality selector, and kubectl scale resizes it', async () => {
    await h.client.create(R.replicationcontrollers, 'default', {
      apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' },
      spec: { replicas: 2, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [container('nginx:1')] } } },
    });
    const pods = await eventually('2 pods', async () => {
      const p = await podsOf('app=legacy');
      return p.length === 2 && p;
    });
    expect(pods[0]!.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', controller: true });

    const scaled = await h.cluster.kubectl(['scale', 'rc/legacy', '--replicas=4']);
    expect(scaled.stderr).toBe('');
    expect(scaled.stdout).toContain('replicationcontroller/legacy scaled');
    await eventually('4 pods', async () => (await podsOf('app=legacy')).length === 4);
    const status = await eventually('rc status', async () => {
      const rc = await h.client.get<ReplicaOwner>(R.replicationcontrollers, 'default', 'legacy');
      return rc.status?.replicas === 4 && rc.status;
    });
    expect(status).toMatchObject({ replicas: 4, fullyLabeledReplicas: 4, readyReplicas: 0, availableReplicas: 0, observedGeneration: 2 });
    const get = await h.cluster.kubectl(['get', 'rc', 'legacy', '--no-headers']);
    expect(get.stdout).toMatch(/^legacy\s+4\s+4\s+0\s/);
  });

  it('counts a ready pod as available only after minReadySeconds', async () => {
    const rs = replicaSet('slow', 1, 'slow') as KubeObject & { spec: Record<string, unknown> };
    rs.spec.minReadySeconds = 2;
    await h.client.create(R.replicasets, 'default', rs);
    const [pod] = await eventually('pod', async () => {
      const p = await podsOf('app=slow');
      return p.length === 1 && p;
    });
    await markReady(h.client, pod!);
    const ready = await eventually('ready, not yet available', async () => {
      const cur = await h.client.get<ReplicaOwner>(R.replicasets, 'default', 'slow');
      return cur.status?.readyReplicas === 1 && cur.status;
    });
    expect(ready.availableReplicas).toBe(0);
    // No pod event follows: the controller has to come back by itself.
    await eventually('available', async () => (await h.client.get<ReplicaOwner>(R.replicasets, 'default', 'slow')).status?.availableReplicas === 1, 10_000);
  });
});
