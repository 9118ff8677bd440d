// Picks the runtime driver by name. Drivers are imported on demand so an agent on a
// machine without Docker never loads dockerode, and the fake driver stays out of real nodes.
import type { Runtime } from './types.ts';

export type RuntimeKind = 'docker' | 'process' | 'fake';

export const RUNTIME_KINDS: readonly RuntimeKind[] = ['docker', 'process', 'fake'];

export interface RuntimeOptions {
  /** Stable per agent install: labels every sandbox and container this agent owns. */
  agentId: string;
  nodeName: string;
  dataDir: string;
  log: (line: string) => void;
  /** Docker only: the engine's socket when not the default (DOCKER_HOST or /var/run/docker.sock). */
  socketPath?: string;
  /** Docker only: the image of the sandbox container. */
  pauseImage?: string;
}

export async function createRuntime(kind: RuntimeKind, opts: RuntimeOptions): Promise<Runtime> {
  switch (kind) {
    case 'docker': {
      const { createDockerRuntime } = await import('./docker/index.ts');
      return createDockerRuntime(opts);
    }
    case 'process': {
      const { createProcessRuntime } = await import('./process/index.ts');
      return createProcessRuntime({ agentId: opts.agentId, nodeName: opts.nodeName, dataDir: opts.dataDir, log: opts.log });
    }
    case 'fake': {
      const { createFakeRuntime } = await import('./fake/index.ts');
      return createFakeRuntime({ agentId: opts.agentId, nodeName: opts.nodeName, log: opts.log });
    }
  }
}

/** Whether a Docker engine answers its ping, within timeoutMs: how `flotilla agent` picks its default runtime. */
export async function dockerEngineAnswers(socketPath?: string, timeoutMs = 3_000): Promise<boolean> {
  const { default: Docker } = await import('dockerode');
  const docker = new Docker({ ...(socketPath ? { socketPath } : {}), timeout: timeoutMs });
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}
