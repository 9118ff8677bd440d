// The whole control plane as a user meets it: the controller manager and the scheduler
// running in it, simulated nodes (Node objects and Leases kept alive here, pods marked
// Running where an agent would), and the real kubectl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTime } from '../../api/meta.ts';
import type { KubeObject } from '../../api/types.ts';
import type { Pod } from '../../electron/control-plane/controllers/replicaset/pod.ts';
import { createHttpClient, createInformerFactory, R, type Client } from '../../client/index.ts';
import { KUBECTL, startTestCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually, isReady, markReady } from '../controllers/workloads/harness.ts';

let c: TestCluster;
let client: Client;
const stops: (() => void)[] = [];

function node(name: string, cpu: string): KubeObject {
  const now = formatTime(new Date());
  const resources = { cpu, memory: '8Gi', pods: '110', 'ephemeral-storage': '50Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  };
}

/** Nodes whose agent has gone: no more Lease renewals, no more confirmations. */
const dead = new Set<string>();

/** Registers a node and renews its Lease, as an agent does, until the node is marked dead. */
async function addNode(name: string, cpu = '4'): Promise<void> {
  await client.create(R.nodes, undefined, node(name, cpu));
  const lease: KubeObject = await client.create(R.leases, 'kube-node-lease', {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') },
  });
  let current: KubeObject = lease;
  const timer = setInterval(() => {
    if (dead.has(name)) return;
    current = { ...current, spec: { ...(current.spec as object), renewTime: new Date().toISOString().replace('Z', '000Z') } };
    client.update(R.leases, 'kube-node-lease', current).then((l) => (current = l), () => undefined);
  }, 2_000);
  stops.push(() => clearInterval(timer));
}

/** The agent's part: pods bound to a node start and turn Ready; pods being deleted go once confirmed. */
function startKubelet(): void {
  const factory = createInformerFactory(client, () => {});
  const pods = factory.informer<Pod>(R.pods);
  const busy = new Set<string>();
  const consider = (pod: Pod) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!pod.spec?.nodeName || dead.has(pod.spec.nodeName) || busy.has(key)) return;
    let work: Promise<unknown> | undefined;
    if (pod.metadata.deletionTimestamp) work = client.delete(R.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0 });
    else if (!isReady(pod)) work = markReady(client, pod);
    if (!work) return;
    busy.add(key);
    work.catch(() => undefined).finally(() => busy.delete(key));
  };
  pods.addHandlers({ add: consider, update: (_o, p) => consider(p) });
  factory.start();
  stops.push(() => factory.stop());
}

async function podsOf(selector: string): Promise<Pod[]> {
  return (await client.list<Pod>(R.pods, 'default', { labelSelector: selector })).items.filter((p) => !p.metadata.deletionTimestamp);
}

async function kubectl(args: string[]): Promise<string> {
  const r = await c.kubectl(args);
  expect(r.code, `kubectl ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('a cluster with simulated nodes', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    c = await startTestCluster(KUBECTL, { controllers: { resyncPeriodMs: 1_000, nodeMonitorGracePeriodMs: 4_000 } });
    client = createHttpClient(c.cp.loopback);
    for (const name of ['node-a', 'node-b', 'node-c']) await addNode(name);
    startKubelet();
  });
  afterAll(async () => {
    for (const stop of stops) stop();
    await c?.stop();
  });

  it('spreads a Deployment of 10 replicas over 3 nodes and rolls it out', async () => {
    await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=10']);
    const pods = await eventually('10 ready pods', async () => {
      const list = await podsOf('app=web');
      return list.length === 10 && list.every(isReady) && list;
    }, 40_000);
    const perNode = new Map<string, number>();
    for (const p of pods) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    expect([...perNode.keys()].sort()).toEqual(['node-a', 'node-b', 'node-c']);
    for (const n of perNode.values()) expect(n).toBeGreaterThanOrEqual(3);
    expect(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s'])).toContain('successfully rolled out');
    const described = await kubectl(['describe', 'pod', pods[0]!.metadata.name!]);
    expect(described).toMatch(/Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/\S+ to node-[abc]/);
  });

  it('reports a pod that fits nowhere, and places it once a node fits', async () => {
    await client.create(R.pods, 'default', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge' },
      spec: { containers: [{ name: 'main', image: 'nginx', resources: { requests: { cpu: '16' } } }] },
    } as KubeObject);
    const condition = await eventually('PodScheduled=False', async () => {
      const pod = await client.get<Pod>(R.pods, 'default', 'huge');
      return pod.status?.conditions?.find((x) => x.type === 'PodScheduled' && x.status === 'False');
    });
    expect(condition.reason).toBe('Unschedulable');
    expect(condition.message).toMatch(/^0\/3 nodes are available: 3 Insufficient cpu\./);
    expect(await kubectl(['describe', 'pod', 'huge'])).toMatch(/Warning\s+FailedScheduling\s+.*0\/3 nodes are available: 3 Insufficient cpu/);
    await addNode('node-big', '32');
    await eventually('huge bound to node-big', async () => (await client.get<Pod>(R.pods, 'default', 'huge')).spec?.nodeName === 'node-big');
  });

  it('cordons, drains through evictions, and uncordons a node', async () => {
    await kubectl(['cordon', 'node-a']);
    const cordoned = await client.get<KubeObject & { spec?: { unschedulable?: boolean } }>(R.nodes, undefined, 'node-a');
    expect(cordoned.spec?.unschedulable).toBe(true);
    expect(await kubectl(['get', 'node', 'node-a'])).toMatch(/^node-a\s+Ready,SchedulingDisabled\s+/m);
    const drained = await kubectl(['drain', 'node-a', '--ignore-daemonsets', '--timeout=60s']);
    expect(drained).toContain('node/node-a drained');
    const pods = await eventually('10 ready pods off node-a', async () => {
      const list = await podsOf('app=web');
      return list.length === 10 && list.every(isReady) && list.every((p) => p.spec?.nodeName !== 'node-a') && list;
    }, 40_000);
    expect(pods).toHaveLength(10);
    await kubectl(['uncordon', 'node-a']);
    expect(await kubectl(['get', 'node', 'node-a'])).toMatch(/^node-a\s+Ready\s+/m);
  });

  it('scales, and deleting the Deployment removes its ReplicaSets and pods', async () => {
    await kubectl(['scale', 'deployment', 'web', '--replicas=4']);
    await eventually('4 pods', async () => (await podsOf('app=web')).length === 4);
    await kubectl(['delete', 'deployment', 'web']);
    await eventually('no ReplicaSets', async () => (await client.list(R.replicasets, 'default')).items.length === 0);
    await eventually('no pods', async () => (await podsOf('app=web')).length === 0);
  });

  it('marks a silent node Unknown, taints it, and recreates its pods elsewhere', async () => {
    await client.create(R.deployments, 'default', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' },
      spec: {
        replicas: 6,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: {
            containers: [{ name: 'api', image: 'nginx:1.27' }],
            tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }],
          },
        },
      },
    } as KubeObject);
    const before = await eventually('6 ready api pods', async () => {
      const list = await podsOf('app=api');
      return list.length === 6 && list.every(isReady) && list;
    }, 40_000);
    const victim = before.find((p) => p.spec?.nodeName && p.spec.nodeName !== 'node-big')!.spec!.nodeName!;
    dead.add(victim);
    const tainted = await eventually(`${victim} Unknown and tainted`, async () => {
      const n = await client.get<KubeObject & { spec?: { taints?: { key: string; effect: string }[] }; status?: { conditions?: { type: string; status: string }[] } }>(R.nodes, undefined, victim);
      const ready = n.status?.conditions?.find((x) => x.type === 'Ready');
      return ready?.status === 'Unknown' && n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') && n;
    }, 30_000);
    expect(tainted.metadata.name).toBe(victim);
    await eventually('6 ready api pods off the silent node', async () => {
      const list = await podsOf('app=api');
      return list.length === 6 && list.every(isReady) && list.every((p) => p.spec?.nodeName !== victim);
    }, 40_000);
  });
});
