// The fake runtime: sandboxes and containers simulated in memory, for scale tests
// with many hollow nodes in one process (kubemark) and for pod-worker tests that
// need lifecycles on cue. What a container does follows its command line; see
// script.ts for the words it understands. Test controls: kill(), behaviour hooks.
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import {
  LABEL_AGENT_ID,
  LABEL_CONTAINER_NAME,
  LABEL_NODE_NAME,
  LABEL_POD_NAME,
  LABEL_POD_NAMESPACE,
  LABEL_POD_UID,
  type ContainerConfig,
  type ContainerStats,
  type ContainerStatus,
  type ImageStatus,
  type LogOptions,
  type PodSandboxConfig,
  type PodSandboxStatus,
  type PullProgress,
  type Runtime,
  type RuntimeEvent,
  type RuntimeVersion,
  type StreamOptions,
  type StreamSession,
} from '../types.ts';
import { EXIT_SIGKILL, FakeContainer } from './container.ts';
import { FakeImages } from './images.ts';
import { fakeAttach, fakeExec } from './sessions.ts';

export interface FakeBehaviour {
  /** A message makes pulling `image` fail with it (ErrImagePull); undefined lets it succeed. */
  pullError?(image: string): string | undefined;
  /** Images present before any pull. Others must be pulled before a container can use them. */
  images?: string[];
}

export interface FakeRuntimeOptions {
  agentId: string;
  nodeName: string;
  log: (line: string) => void;
  behaviour?: FakeBehaviour;
}

export interface FakeRuntime extends Runtime {
  /** The container's process dies now with `exitCode` (state exited, event container-died). */
  kill(containerId: string, exitCode: number): void;
}

interface FakeSandbox {
  status: PodSandboxStatus;
}

/** Simulated usage: a container idles at 5 millicores and about 8 MiB. */
const CPU_NANOS_PER_MS = 5_000;
const MEMORY_BYTES = 8 * 1024 * 1024;

export function createFakeRuntime(options: FakeRuntimeOptions): FakeRuntime {
  const { agentId, nodeName, log, behaviour = {} } = options;
  const sandboxes = new Map<string, FakeSandbox>();
  const containers = new Map<string, FakeContainer>();
  const listeners = new Set<(event: RuntimeEvent) => void>();
  const images = new FakeImages(behaviour.images ?? [], behaviour.pullError);
  // Pod IPs from 10.X.0.0/16, X from the agent id, so hollow nodes rarely collide.
  const subnet = createHash('sha256').update(agentId).digest()[0];
  let nextHost = 0;
  let closed = false;

  const newId = () => randomBytes(16).toString('hex');

  const emit = (event: RuntimeEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log(`fake runtime: event listener failed: ${(err as Error).message}`);
      }
    }
  };

  const container = (id: string): FakeContainer => {
    const c = containers.get(id);
    if (!c) throw new Error(`No such container: ${id}`);
    return c;
  };

  const running = (id: string): FakeContainer => {
    const c = container(id);
    if (!c.running) throw new Error(`container ${id} is not running (state ${c.status.state})`);
    return c;
  };

  const copyStatus = (c: FakeContainer): ContainerStatus => ({ ...c.status, labels: { ...c.status.labels }, annotations: { ...c.status.annotations } });
  const copySandbox = (s: FakeSandbox): PodSandboxStatus => ({
    ...s.status,
    metadata: { ...s.status.metadata },
    labels: { ...s.status.labels },
    annotations: { ...s.status.annotations },
  });

  const runtime: FakeRuntime = {
    async version(): Promise<RuntimeVersion> {
      return { runtimeName: 'fake', runtimeVersion: '1.0.0' };
    },

    async runPodSandbox(config: PodSandboxConfig): Promise<string> {
      if (closed) throw new Error('the fake runtime is closed');
      const id = newId();
      const host = (nextHost++ % 65_534) + 1;
      sandboxes.set(id, {
        status: {
          id,
          metadata: { ...config.metadata },
          state: 'ready',
          createdAt: Date.now(),
          // The fake knows no node address: a hostNetwork pod's IP is left to the caller.
          ip: config.hostNetwork ? undefined : `10.${subnet}.${host >> 8}.${host & 255}`,
          labels: {
            ...config.labels,
            [LABEL_POD_UID]: config.metadata.uid,
            [LABEL_POD_NAMESPACE]: config.metadata.namespace,
            [LABEL_POD_NAME]: config.metadata.name,
            [LABEL_NODE_NAME]: nodeName,
            [LABEL_AGENT_ID]: agentId,
          },
          annotations: { ...config.annotations },
        },
      });
      return id;
    },

    async stopPodSandbox(id: string): Promise<void> {
      const sandbox = sandboxes.get(id);
      if (!sandbox) return;
      await Promise.all([...containers.values()].filter((c) => c.status.sandboxId === id).map((c) => c.stop(0)));
      sandbox.status.state = 'notready';
    },

    async removePodSandbox(id: string): Promise<void> {
      if (!sandboxes.has(id)) return;
      await runtime.stopPodSandbox(id);
      for (const c of [...containers.values()]) if (c.status.sandboxId === id) containers.delete(c.status.id);
      sandboxes.delete(id);
    },

    async podSandboxStatus(id: string): Promise<PodSandboxStatus | undefined> {
      const s = sandboxes.get(id);
      return s && copySandbox(s);
    },

    async listPodSandboxes(): Promise<PodSandboxStatus[]> {
      return [...sandboxes.values()].map(copySandbox);
    },

    async createContainer(sandboxId: string, config: ContainerConfig, sandbox: PodSandboxConfig): Promise<string> {
      const s = sandboxes.get(sandboxId);
      if (!s) throw new Error(`No such pod sandbox: ${sandboxId}`);
      if (s.status.state !== 'ready') throw new Error(`pod sandbox ${sandboxId} is not ready`);
      const image = images.status(config.image);
      if (!image) throw new Error(`No such image: ${config.image}`);
      const id = newId();
      const status: ContainerStatus = {
        id,
        sandboxId,
        name: config.name,
        attempt: config.attempt,
        image: config.image,
        imageRef: image.id,
        state: 'created',
        createdAt: Date.now(),
        startedAt: 0,
        finishedAt: 0,
        exitCode: 0,
        labels: {
          ...config.labels,
          [LABEL_POD_UID]: sandbox.metadata.uid,
          [LABEL_POD_NAMESPACE]: sandbox.metadata.namespace,
          [LABEL_POD_NAME]: sandbox.metadata.name,
          [LABEL_CONTAINER_NAME]: config.name,
          [LABEL_NODE_NAME]: nodeName,
          [LABEL_AGENT_ID]: agentId,
        },
        annotations: { ...config.annotations },
      };
      containers.set(id, new FakeContainer(status, config, (c) => emit({ type: 'container-died', containerId: c.status.id, podUid: sandbox.metadata.uid })));
      return id;
    },

    async startContainer(id: string): Promise<void> {
      const c = container(id);
      c.start();
      emit({ type: 'container-started', containerId: id, podUid: c.status.labels[LABEL_POD_UID] });
    },

    async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
      await containers.get(id)?.stop(timeoutSeconds);
    },

    async removeContainer(id: string): Promise<void> {
      const c = containers.get(id);
      if (!c) return;
      if (c.running) c.kill(EXIT_SIGKILL);
      containers.delete(id);
    },

    async containerStatus(id: string): Promise<ContainerStatus | undefined> {
      const c = containers.get(id);
      return c && copyStatus(c);
    },

    async listContainers(filter?: { sandboxId?: string }): Promise<ContainerStatus[]> {
      const all = [...containers.values()];
      return (filter?.sandboxId ? all.filter((c) => c.status.sandboxId === filter.sandboxId) : all).map(copyStatus);
    },

    async imageStatus(image: string): Promise<ImageStatus | undefined> {
      return images.status(image);
    },

    async pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageStatus> {
      return images.pull(image, onProgress);
    },

    async logs(containerId: string, logOptions: LogOptions): Promise<Readable> {
      return container(containerId).log.read(logOptions);
    },

    async exec(containerId: string, command: string[], streamOptions: StreamOptions): Promise<StreamSession> {
      return fakeExec(running(containerId), command, streamOptions);
    },

    async attach(containerId: string, streamOptions: StreamOptions): Promise<StreamSession> {
      return fakeAttach(running(containerId), streamOptions);
    },

    async portForward(sandboxId: string, port: number): Promise<Duplex> {
      const s = sandboxes.get(sandboxId);
      if (!s || s.status.state !== 'ready') throw new Error(`pod sandbox ${sandboxId} is not running`);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`invalid port ${port}`);
      // Whatever is sent comes back: a stand-in for a server listening on `port`.
      return new PassThrough();
    },

    async stats(): Promise<ContainerStats[]> {
      const now = Date.now();
      return [...containers.values()]
        .filter((c) => c.running)
        .map((c) => ({
          containerId: c.status.id,
          timestamp: now,
          cpuUsageCoreNanoSeconds: (now - c.status.startedAt) * CPU_NANOS_PER_MS,
          memoryWorkingSetBytes: MEMORY_BYTES,
          memoryUsageBytes: MEMORY_BYTES + 1024 * 1024,
          memoryRssBytes: MEMORY_BYTES - 2 * 1024 * 1024,
        }));
    },

    onEvent(listener: (event: RuntimeEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    kill(containerId: string, exitCode: number): void {
      running(containerId).kill(exitCode);
    },

    async close(): Promise<void> {
      closed = true;
      listeners.clear();
      // Nothing survives a fake runtime: its timers must not keep the process alive.
      for (const c of containers.values()) if (c.running) c.kill(EXIT_SIGKILL);
    },
  };
  return runtime;
}
