// A real control plane, the fake runtime (with a record of every container config
// it was handed) and a pod manager for node `node-a`, plus helpers to read pods.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject, Pod } from '../../../api/types.ts';
import { createHttpClient } from '../../../client/http-client.ts';
import { R } from '../../../client/types.ts';
import type { Client } from '../../../client/types.ts';
import { startPodManager, type PodManager } from '../../../agent/pods/index.ts';
import { createFakeRuntime, type FakeRuntime } from '../../../agent/runtime/fake/index.ts';
import type { ContainerConfig } from '../../../agent/runtime/types.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

export const NODE = 'node-a';
export const NODE_IP = '192.0.2.10';

export interface Harness {
  cluster: TestCluster;
  client: Client;
  runtime: FakeRuntime;
  /** Every ContainerConfig createContainer received, in order. */
  configs: ContainerConfig[];
  dataDir: string;
  staticDir: string;
  logs: string[];
  manager: PodManager;
  startManager(): PodManager;
  stop(): Promise<void>;
}

export async function startHarness(behaviour: Parameters<typeof createFakeRuntime>[0]['behaviour'] = {}): Promise<Harness> {
  const cluster = await startTestCluster();
  const client = createHttpClient(cluster.cp.loopback);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-pods-'));
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const fake = createFakeRuntime({ agentId: 'agent-1', nodeName: NODE, log, behaviour: { images: ['busybox:1'], ...behaviour } });
  const configs: ContainerConfig[] = [];
  // The real fake runtime, seen through a recorder of what the workers hand it.
  const runtime: FakeRuntime = {
    ...fake,
    createContainer(sandboxId, config, sandbox) {
      configs.push(config);
      return fake.createContainer(sandboxId, config, sandbox);
    },
  };
  const h: Harness = {
    cluster,
    client,
    runtime,
    configs,
    dataDir: path.join(dir, 'data'),
    staticDir: path.join(dir, 'manifests'),
    logs,
    manager: undefined as unknown as PodManager,
    startManager() {
      h.manager = startPodManager({ client, nodeName: NODE, nodeIP: NODE_IP, runtime, dataDir: h.dataDir, staticPodPath: h.staticDir, log });
      return h.manager;
    },
    async stop() {
      await h.manager?.stop();
      await fake.close();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export function podSpec(name: string, spec: Partial<NonNullable<Pod['spec']>>, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...meta },
    spec: {
      nodeName: NODE,
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: 'busybox:1' }],
      ...spec,
    },
  };
}

export async function createPod(h: Harness, pod: Pod, namespace = 'default'): Promise<Pod> {
  return (await h.client.create(R.pods, namespace, pod as unknown as KubeObject)) as unknown as Pod;
}

export async function getPod(h: Harness, name: string, namespace = 'default'): Promise<Pod> {
  return (await h.client.get(R.pods, namespace, name)) as unknown as Pod;
}

/** Waits until the pod's status satisfies `check`, returning the pod. */
export function podWhere(h: Harness, name: string, what: string, check: (pod: Pod) => boolean, ms = 20_000): Promise<Pod> {
  return eventually(what, async () => {
    const pod = await getPod(h, name);
    return check(pod) ? pod : undefined;
  }, ms);
}

export const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);
export const containerStatus = (pod: Pod, name = 'main') => pod.status?.containerStatuses?.find((c) => c.name === name);
