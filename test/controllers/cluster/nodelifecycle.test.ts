// A node whose Lease stops is marked Unknown, tainted, and its pods evicted by their
// tolerations; when it comes back it is untainted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../../api/status.ts';
import type { Taint, Toleration } from '../../../api/types.ts';
import { R } from '../../../client/types.ts';
import type { Lease, Node, Pod } from '../../../electron/control-plane/controllers/namespace/objects.ts';
import { startNodeLifecycleController } from '../../../electron/control-plane/controllers/nodelifecycle/index.ts';
import { startPodGCController } from '../../../electron/control-plane/controllers/podgc/index.ts';
import { eventually, readyNode, startControllers, type ControllerHarness } from './harness.ts';

const GRACE_MS = 2000;
let h: ControllerHarness;
const beating = new Set(['healthy', 'lost']);
let heartbeat: NodeJS.Timeout;

const microTime = () => new Date().toISOString().replace('Z', '000Z');

async function renew(name: string): Promise<void> {
  try {
    const lease = await h.client.get<Lease>(R.leases, 'kube-node-lease', name);
    await h.client.update(R.leases, 'kube-node-lease', { ...lease, spec: { ...lease.spec, renewTime: microTime() } });
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 404)) throw err;
    await h.client.create(R.leases, 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microTime() },
    });
  }
}

async function createPod(name: string, tolerations: Toleration[]): Promise<void> {
  const pod = await h.client.create<Pod>(R.pods, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { nodeName: 'lost', terminationGracePeriodSeconds: 1, tolerations, containers: [{ name: 'c', image: 'nginx' }] },
  });
  await h.client.updateStatus(R.pods, 'default', { ...pod, status: { phase: 'Running', podIP: '10.0.0.5', conditions: [{ type: 'Ready', status: 'True' }] } });
}

const node = (name: string) => h.client.get<Node>(R.nodes, undefined, name);
const pod = async (name: string) => {
  try {
    return await h.client.get<Pod>(R.pods, 'default', name);
  } catch (err) {
    if (err instanceof StatusError && err.code === 404) return undefined;
    throw err;
  }
};
const taintKeys = (taints: Taint[] | undefined) => (taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
const unreachableSince = async () => Date.parse((await node('lost')).spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!);

beforeAll(async () => {
  h = await startControllers([startNodeLifecycleController, startPodGCController], { nodeMonitorGracePeriodMs: GRACE_MS, resyncPeriodMs: 200 });
  for (const name of beating) {
    const created = await h.client.create(R.nodes, undefined, readyNode(name));
    await h.client.updateStatus(R.nodes, undefined, { ...created, status: readyNode(name).status });
    await renew(name);
  }
  heartbeat = setInterval(() => {
    for (const name of beating) void renew(name).catch(() => undefined);
  }, 300);
});
afterAll(async () => {
  clearInterval(heartbeat);
  await h.stop();
});

describe('node lifecycle controller', () => {
  it('marks a silent node Unknown, taints it and evicts its pods by their tolerations; untaints it when it is back', async () => {
    await createPod('intolerant', [{ key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: 'x', effect: 'NoExecute' }]);
    await createPod('patient', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 }]);
    await createPod('loyal', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    // Heartbeats keep both nodes healthy past the grace period.
    await new Promise((r) => setTimeout(r, GRACE_MS + 500));
    expect((await node('lost')).spec?.taints ?? []).toEqual([]);

    beating.delete('lost');
    const lost = await eventually('lost node Unknown', async () => {
      const n = await node('lost');
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown' && n;
    }, GRACE_MS + 5000);
    const conditions = Object.fromEntries(lost.status!.conditions!.map((c) => [c.type, c]));
    expect(conditions.Ready).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(Object.values(conditions).map((c) => c.status)).toEqual(['Unknown', 'Unknown', 'Unknown', 'Unknown']);

    await eventually('unreachable taints', async () =>
      taintKeys((await node('lost')).spec?.taints).join() === 'node.kubernetes.io/unreachable:NoExecute,node.kubernetes.io/unreachable:NoSchedule');
    const taintedAt = await unreachableSince();

    // No matching toleration: evicted at once (and, stuck on a node that is gone, force-deleted by pod GC).
    await eventually('intolerant pod evicted', async () => (await pod('intolerant'))?.metadata.deletionTimestamp !== undefined || !(await pod('intolerant')));
    expect(await pod('patient')).toMatchObject({ metadata: { name: 'patient' } });
    expect((await pod('patient'))!.metadata.deletionTimestamp).toBeUndefined();
    const patientGone = await eventually('patient pod evicted after its toleration', async () => {
      const p = await pod('patient');
      return (!p || p.metadata.deletionTimestamp !== undefined) && Date.now();
    }, 8000);
    expect(patientGone - taintedAt).toBeGreaterThanOrEqual(3000);
    await eventually('terminating pods force-deleted by pod GC', async () => !(await pod('intolerant')) && !(await pod('patient')), 8000);

    const loyal = (await pod('loyal'))!;
    expect(loyal.metadata.deletionTimestamp).toBeUndefined();
    expect(loyal.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(taintKeys((await node('healthy')).spec?.taints)).toEqual([]);

    // The kubelet is back: it posts Ready and renews its Lease.
    const back = await node('lost');
    await h.client.updateStatus(R.nodes, undefined, { ...back, status: readyNode('lost').status });
    beating.add('lost');
    await eventually('taints removed', async () => ((await node('lost')).spec?.taints ?? []).length === 0);
  }, 40_000);

  it('evicts nothing when every node is unreachable (full disruption), and says so with NoSchedule taints only', async () => {
    const pod = await h.client.create<Pod>(R.pods, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stranded' },
      spec: { nodeName: 'healthy', tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: 'x', effect: 'NoExecute' }], containers: [{ name: 'c', image: 'nginx' }] },
    });
    beating.clear();
    await eventually('both nodes Unknown', async () => {
      const all = await Promise.all(['healthy', 'lost'].map(node));
      return all.every((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown');
    }, GRACE_MS + 5000);
    await eventually('NoSchedule taints', async () => taintKeys((await node('healthy')).spec?.taints).join() === 'node.kubernetes.io/unreachable:NoSchedule');
    await new Promise((r) => setTimeout(r, 1000));
    for (const name of ['healthy', 'lost']) expect(taintKeys((await node(name)).spec?.taints)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect((await h.client.get<Pod>(R.pods, 'default', 'stranded')).metadata.uid).toBe(pod.metadata.uid);
  }, 20_000);
});
