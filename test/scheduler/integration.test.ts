// The scheduler against a real control plane: nodes and pods created through the
// API, bindings and statuses read back from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, PriorityClass } from '../../api/types.ts';
import { createEventRecorder, createHttpClient, createInformerFactory, R, type Client, type InformerFactory } from '../../client/index.ts';
import { DEFAULT_CONTROLLER_OPTIONS, type RunningController } from '../../electron/control-plane/controllers/types.ts';
import type { Node, Pod } from '../../electron/control-plane/scheduler/framework/types.ts';
import { startScheduler } from '../../electron/control-plane/scheduler/index.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/eventually.ts';

let cluster: TestCluster;
let client: Client;
let informers: InformerFactory;
let scheduler: RunningController;


async function createNode(name: string, cpu: string, labels: Record<string, string> = {}): Promise<void> {
  const allocatable = { cpu, memory: '8Gi', pods: '110' };
  const node: Node = {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: {},
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const created = await client.create<Node>(R.nodes, undefined, node);
  await client.updateStatus<Node>(R.nodes, undefined, { ...created, status: node.status });
}

function pod(name: string, cpu: string, extra: Partial<NonNullable<Pod['spec']>> = {}, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'registry.example/app:1', resources: { requests: { cpu, memory: '64Mi' } } }], ...extra },
  };
}

const getPod = (name: string) => client.get<Pod>(R.pods, 'default', name);
const boundNode = async (name: string) => (await getPod(name)).spec?.nodeName || undefined;

beforeAll(async () => {
  cluster = await startTestCluster();
  client = createHttpClient(cluster.cp.loopback);
  informers = createInformerFactory(client, () => {});
  scheduler = startScheduler({
    client,
    informers,
    recorder: (component) => createEventRecorder(client, component, undefined, () => {}),
    options: DEFAULT_CONTROLLER_OPTIONS,
    log: () => {},
  });
  informers.start();
  for (const name of ['n1', 'n2', 'n3']) await createNode(name, '4');
});

afterAll(async () => {
  await scheduler?.stop();
  informers?.stop();
  await cluster?.stop();
});

describe('scheduler against a control plane', () => {
  it('binds 10 pods spread evenly over 3 nodes', async () => {
    for (let i = 0; i < 10; i++) await client.create(R.pods, 'default', pod(`spread-${i}`, '100m', {}, { app: 'spread' }));
    const nodes = await eventually('all pods bound', async () => {
      const names = await Promise.all(Array.from({ length: 10 }, (_, i) => boundNode(`spread-${i}`)));
      return names.every(Boolean) ? (names as string[]) : undefined;
    });
    const perNode = ['n1', 'n2', 'n3'].map((n) => nodes.filter((x) => x === n).length);
    expect(Math.max(...perNode) - Math.min(...perNode)).toBeLessThanOrEqual(1);
    const events = await client.list(R.events, 'default', { fieldSelector: 'involvedObject.name=spread-0' });
    expect(events.items.map((e) => (e as KubeObject & { reason?: string; message?: string }).message))
      .toContain(`Successfully assigned default/spread-0 to ${nodes[0]}`);
  });

  it('reports a pod that fits nowhere, and binds it once a fitting node appears', async () => {
    await client.create(R.pods, 'default', pod('huge', '16'));
    const condition = await eventually('PodScheduled=False', async () => {
      const c = (await getPod('huge')).status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.status === 'False' ? c : undefined;
    });
    const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(condition).toMatchObject({ reason: 'Unschedulable', message });
    const events = await eventually('FailedScheduling event', async () => {
      const list = await client.list(R.events, 'default', { fieldSelector: 'involvedObject.name=huge' });
      const failed = list.items.find((e) => (e as { reason?: string }).reason === 'FailedScheduling');
      return failed as (KubeObject & { type?: string; message?: string }) | undefined;
    });
    expect(events).toMatchObject({ type: 'Warning', message });

    await createNode('big', '32');
    expect(await eventually('huge bound', () => boundNode('huge'))).toBe('big');
  });

  it('preempts a lower-priority pod for a higher-priority one', async () => {
    const high: PriorityClass & KubeObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 };
    await client.create(R.priorityclasses, undefined, high);
    await createNode('solo', '1', { pool: 'solo' });
    const onSolo = { nodeSelector: { pool: 'solo' }, terminationGracePeriodSeconds: 0 };
    await client.create(R.pods, 'default', pod('victim', '800m', onSolo));
    expect(await eventually('victim bound', () => boundNode('victim'))).toBe('solo');

    await client.create(R.pods, 'default', pod('preemptor', '800m', { ...onSolo, priorityClassName: 'high' }));
    await eventually('victim gone', async () => {
      try {
        await getPod('victim');
        return undefined;
      } catch (err) {
        return (err as { code?: number }).code === 404 ? true : undefined;
      }
    });
    expect(await eventually('preemptor bound', () => boundNode('preemptor'))).toBe('solo');
  });
});
