// A node server on 127.0.0.1 over the fake runtime, and pods to run on it.
import type { AddressInfo } from 'node:net';
import type { StatsHistory, StatsSummary } from '../../../api/stats.ts';
import { createFakeRuntime, type FakeRuntime } from '../../../agent/runtime/fake/index.ts';
import type { ContainerConfig, PodSandboxConfig } from '../../../agent/runtime/types.ts';
import { createNodeServer, type NodeServer } from '../../../agent/server/index.ts';
import { containerConfig as baseConfig } from '../../helpers/runtime.ts';

export const IMAGE = 'flotilla.test/busybox:1';

export interface Fixture {
  runtime: FakeRuntime;
  node: NodeServer;
  /** `http://127.0.0.1:PORT` */
  base: string;
  logs: string[];
  close(): Promise<void>;
}

export const SUMMARY: StatsSummary = {
  node: { nodeName: 'node-a', startTime: '2025-01-01T00:00:00Z' },
  pods: [],
  window: '10s',
};

export const HISTORY: StatsHistory = { nodeName: 'node-a', intervalSeconds: 10, node: [{ t: 1, cpuNanoCores: 2, memoryWorkingSetBytes: 3 }], pods: {} };

export async function startFixture(): Promise<Fixture> {
  const logs: string[] = [];
  const log = (line: string): void => void logs.push(line);
  const runtime = createFakeRuntime({ agentId: 'agent-test', nodeName: 'node-a', log, behaviour: { images: [IMAGE] } });
  const node = createNodeServer({
    runtime,
    nodeName: 'node-a',
    stats: { summary: async () => SUMMARY, history: () => HISTORY },
    log,
  });
  await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
  const { port } = node.server.address() as AddressInfo;
  return {
    runtime,
    node,
    base: `http://127.0.0.1:${port}`,
    logs,
    async close() {
      await node.close();
      await runtime.close();
    },
  };
}

export function containerConfig(name: string, command: string[], attempt = 0, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return baseConfig(IMAGE, { name, attempt, command, ...extra });
}

export function sandboxConfig(namespace: string, name: string): PodSandboxConfig {
  return {
    metadata: { uid: `uid-${name}`, namespace, name, attempt: 0 },
    hostname: name,
    hostNetwork: false,
    portMappings: [],
    labels: {},
    annotations: {},
  };
}


/** Runs a pod with one container; returns the sandbox id and the container id. */
export async function runPod(runtime: FakeRuntime, namespace: string, name: string, container: string, command: string[]): Promise<{ sandboxId: string; containerId: string }> {
  const sandbox = sandboxConfig(namespace, name);
  const sandboxId = await runtime.runPodSandbox(sandbox);
  const containerId = await runtime.createContainer(sandboxId, containerConfig(container, command), sandbox);
  await runtime.startContainer(containerId);
  return { sandboxId, containerId };
}
