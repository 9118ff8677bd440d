// The garbage collector's three propagation policies, through the client and kubectl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../../api/status.ts';
import type { KubeObject, OwnerReference } from '../../../api/types.ts';
import { R } from '../../../client/types.ts';
import { startGarbageCollector } from '../../../electron/control-plane/controllers/garbagecollector/index.ts';
import { eventually, startControllers, type ControllerHarness } from './harness.ts';

let h: ControllerHarness;
beforeAll(async () => {
  h = await startControllers([startGarbageCollector]);
});
afterAll(() => h.stop());

const ownerRef = (owner: KubeObject, block = true): OwnerReference => ({
  apiVersion: owner.apiVersion!, kind: owner.kind!, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: block,
});

/** A ReplicaSet owning two pods, as the workload controllers would leave them. */
async function replicaSetWithPods(name: string, finalizersOnPods: string[] = []): Promise<{ rs: KubeObject; pods: KubeObject[] }> {
  const rs = await h.client.create(R.replicasets, 'default', {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  const pods = await Promise.all([1, 2].map((i) => h.client.create(R.pods, 'default', {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${name}-${i}`, labels: { app: name }, ownerReferences: [ownerRef(rs)], finalizers: finalizersOnPods },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  })));
  return { rs, pods };
}

async function exists(ref: typeof R[keyof typeof R], name: string): Promise<KubeObject | undefined> {
  try {
    return await h.client.get(ref, 'default', name);
  } catch (err) {
    if (err instanceof StatusError && err.code === 404) return undefined;
    throw err;
  }
}

describe('garbage collector', () => {
  it('Background: the dependents of a deleted owner are deleted after it', async () => {
    await replicaSetWithPods('bg');
    expect(await h.client.delete(R.replicasets, 'default', 'bg', { propagationPolicy: 'Background' })).toBeUndefined();
    await eventually('pods of bg collected', async () => !(await exists(R.pods, 'bg-1')) && !(await exists(R.pods, 'bg-2')));
  });

  it('a dependent whose owner never existed (uid mismatch) is collected', async () => {
    await h.client.create(R.configmaps, 'default', {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'stray', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' }] },
    });
    await eventually('stray configmap collected', async () => !(await exists(R.configmaps, 'stray')));
  });

  it('Foreground: the owner stays, marked, until its blocking dependents are gone', async () => {
    const { rs } = await replicaSetWithPods('fg', ['example.com/hold']);
    const pending = await h.client.delete(R.replicasets, 'default', 'fg', { propagationPolicy: 'Foreground' });
    expect(pending?.metadata.finalizers).toContain('foregroundDeletion');
    // The pods are being deleted but held by their own finalizer, so the owner waits.
    await eventually('pods marked for deletion', async () => (await exists(R.pods, 'fg-1'))?.metadata.deletionTimestamp !== undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect((await exists(R.replicasets, 'fg'))?.metadata.uid).toBe(rs.metadata.uid);
    for (const name of ['fg-1', 'fg-2']) {
      const pod = (await exists(R.pods, name))!;
      await h.client.update(R.pods, 'default', { ...pod, metadata: { ...pod.metadata, finalizers: [] } });
    }
    await eventually('owner gone after its pods', async () => !(await exists(R.replicasets, 'fg')));
  });

  it('Orphan: the dependents lose their owner reference and stay', async () => {
    await replicaSetWithPods('or');
    await h.client.delete(R.replicasets, 'default', 'or', { propagationPolicy: 'Orphan' });
    await eventually('owner gone', async () => !(await exists(R.replicasets, 'or')));
    for (const name of ['or-1', 'or-2']) expect((await exists(R.pods, name))?.metadata.ownerReferences ?? []).toEqual([]);
  });

  it('a dependent with another standing owner only loses the reference to the deleted one', async () => {
    const a = await h.client.create(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-a' } });
    const b = await h.client.create(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-b' } });
    await h.client.create(R.configmaps, 'default', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', ownerReferences: [ownerRef(a, false), { ...ownerRef(b, false), controller: false }] },
    });
    await h.client.delete(R.configmaps, 'default', 'owner-a');
    const shared = await eventually('reference to owner-a dropped', async () => {
      const cm = await exists(R.configmaps, 'shared');
      return cm?.metadata.ownerReferences?.length === 1 && cm;
    });
    expect(shared.metadata.ownerReferences![0]!.name).toBe('owner-b');
  });

  it.each(['background', 'foreground', 'orphan'])('kubectl delete --cascade=%s', async (cascade) => {
    const name = `kc-${cascade}`;
    await replicaSetWithPods(name);
    const result = await h.cluster.kubectl(['delete', 'replicaset', name, `--cascade=${cascade}`, '--wait=true', '--timeout=20s']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`replicaset.apps "${name}" deleted`);
    expect(await exists(R.replicasets, name)).toBeUndefined();
    if (cascade === 'orphan') {
      expect((await exists(R.pods, `${name}-1`))?.metadata.ownerReferences ?? []).toEqual([]);
    } else {
      // Foreground deletion returns only once the pods are gone; background soon after.
      if (cascade === 'foreground') expect(await exists(R.pods, `${name}-1`)).toBeUndefined();
      await eventually('pods collected', async () => !(await exists(R.pods, `${name}-1`)) && !(await exists(R.pods, `${name}-2`)));
    }
  });

  it('Foreground cascades through an owner chain (Deployment → ReplicaSet → Pods)', async () => {
    const deploy = await h.client.create(R.deployments, 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'chain' },
      spec: { selector: { matchLabels: { app: 'chain' } }, template: { metadata: { labels: { app: 'chain' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const rs = await h.client.create(R.replicasets, 'default', {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'chain-1', ownerReferences: [ownerRef(deploy)] },
      spec: { selector: { matchLabels: { app: 'chain' } }, template: { metadata: { labels: { app: 'chain' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await h.client.create(R.pods, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'chain-1-a', ownerReferences: [ownerRef(rs)], finalizers: ['example.com/hold'] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await h.client.delete(R.deployments, 'default', 'chain', { propagationPolicy: 'Foreground' });
    await eventually('pod marked for deletion', async () => (await exists(R.pods, 'chain-1-a'))?.metadata.deletionTimestamp !== undefined);
    expect(await exists(R.deployments, 'chain')).toBeDefined();
    expect((await exists(R.replicasets, 'chain-1'))?.metadata.finalizers).toContain('foregroundDeletion');
    const pod = (await exists(R.pods, 'chain-1-a'))!;
    await h.client.update(R.pods, 'default', { ...pod, metadata: { ...pod.metadata, finalizers: [] } });
    await eventually('deployment gone', async () => !(await exists(R.deployments, 'chain')));
    expect(await exists(R.replicasets, 'chain-1')).toBeUndefined();
  });
});
