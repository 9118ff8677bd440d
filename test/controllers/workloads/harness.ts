// A real control plane with the workload controllers running against it through
// the real client machinery, controllers that can be restarted with fresh
// informers, and a stand-in kubelet that marks pods Running and Ready.
import { formatTime } from '../../../api/meta.ts';
import type { KubeObject } from '../../../api/types.ts';
import { createEventRecorder, createHttpClient, createInformerFactory } from '../../../client/index.ts';
import { R, type Client, type Informer, type InformerFactory } from '../../../client/types.ts';
import type { Pod } from '../../../electron/control-plane/controllers/replicaset/pod.ts';
import { DEFAULT_CONTROLLER_OPTIONS, type ControllerStarter, type RunningController } from '../../../electron/control-plane/controllers/types.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
export { eventually } from '../../helpers/eventually.ts';

export interface WorkloadHarness {
  cluster: TestCluster;
  client: Client;
  logs: string[];
  /** Stops the controllers and starts new ones with new informers (a controller-manager restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkloads(starters: ControllerStarter[]): Promise<WorkloadHarness> {
  const cluster = await startTestCluster();
  const client = createHttpClient(cluster.cp.loopback);
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  let informers: InformerFactory;
  let running: RunningController[] = [];
  const start = () => {
    informers = createInformerFactory(client, log);
    const ctx = {
      client,
      informers,
      recorder: (component: string) => createEventRecorder(client, component, undefined, log),
      options: { ...DEFAULT_CONTROLLER_OPTIONS, resyncPeriodMs: 2_000 },
      log,
    };
    running = starters.map((s) => s(ctx));
    informers.start();
  };
  const halt = async () => {
    await Promise.all(running.map((r) => r.stop()));
    informers.stop();
  };
  start();
  return {
    cluster,
    client,
    logs,
    async restart() {
      await halt();
      start();
    },
    async stop() {
      await halt();
      await cluster.stop();
      if (process.env.FLOTILLA_TEST_LOG) console.log(logs.join('\n'));
    },
  };
}


export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** What a kubelet reports for a pod whose containers all started and pass readiness. */
export async function markReady(client: Client, pod: Pod): Promise<void> {
  const now = formatTime(new Date());
  const containers = pod.spec?.containers ?? [];
  // Unconditional (no resourceVersion), as a kubelet's status write wins over label or owner edits.
  const { resourceVersion: _rv, ...metadata } = pod.metadata;
  await client.updateStatus(R.pods, pod.metadata.namespace, {
    ...pod,
    metadata,
    status: {
      phase: 'Running',
      startTime: now,
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: 'True', lastTransitionTime: now },
      ],
      containerStatuses: containers.map((c) => ({
        name: c.name, image: c.image ?? '', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } },
      })),
    },
  });
}

export interface Kubelet {
  pods: Informer<Pod>;
  /** Whether new pods are made ready (a test can hold them back). */
  enabled: boolean;
  stop(): void;
}

/**
 * Watches pods through an informer of its own and marks each new pod ready;
 * `onChange` sees the pod cache after every event (for invariants).
 */
export function startKubelet(client: Client, onChange: (pods: Informer<Pod>) => void = () => {}): Kubelet {
  const factory = createInformerFactory(client, () => {});
  const pods = factory.informer<Pod>(R.pods);
  const kubelet: Kubelet = { pods, enabled: true, stop: () => factory.stop() };
  const pending = new Set<string>();
  const consider = (pod: Pod) => {
    onChange(pods);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (!kubelet.enabled || isReady(pod) || pod.metadata.deletionTimestamp || pending.has(key)) return;
    pending.add(key);
    markReady(client, pod).catch(() => {}).finally(() => pending.delete(key));
  };
  pods.addHandlers({ add: consider, update: (_old, pod) => consider(pod), delete: () => onChange(pods) });
  factory.start();
  return kubelet;
}

/** Marks every pod in the namespace that is not ready yet (after a kubelet was held back). */
export async function readyAll(client: Client, namespace: string): Promise<void> {
  const { items } = await client.list<Pod>(R.pods, namespace);
  await Promise.all(items.filter((p) => !isReady(p) && !p.metadata.deletionTimestamp).map((p) => markReady(client, p)));
}

export const container = (image: string) => ({ name: 'web', image });

export function ownerUid(obj: KubeObject): string | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}
