// The docker driver: the Runtime interface over the Docker Engine API (dockerode).
// Each concern lives in its own module; this file wires them to one engine client.
import Docker from 'dockerode';
import type { Runtime } from '../types.ts';
import { attach, exec } from './streams.ts';
import { containerStatus, createContainer, ImageRefs, listContainers, removeContainer, startContainer, stopContainer } from './containers.ts';
import { StatusCache } from './cache.ts';
import type { DriverContext } from './context.ts';
import { EngineEvents } from './events.ts';
import { primaryHostIP } from './hostip.ts';
import { imageStatus, pullImage } from './images.ts';
import { logs } from './logs.ts';
import { DEFAULT_PAUSE_IMAGE, ensurePauseImage } from './pause.ts';
import { portForward } from './portforward.ts';
import { listPodSandboxes, podSandboxStatus, removePodSandbox, runPodSandbox, stopPodSandbox } from './sandbox.ts';
import { stats } from './stats.ts';

export interface DockerRuntimeOptions {
  /** Labels every object this agent makes; lists never show another agent's. */
  agentId: string;
  nodeName: string;
  dataDir: string;
  log: (line: string) => void;
  /** Default: dockerode's (DOCKER_HOST, else /var/run/docker.sock). */
  socketPath?: string;
  /** Default registry.k8s.io/pause:3.10, replaced by a locally built one when it cannot be pulled. */
  pauseImage?: string;
  /** How port-forward reaches a pod; by default `direct` where the engine's bridge is on this host, else `relay`. */
  portForward?: 'direct' | 'relay';
}

/**
 * Whether sandbox addresses are routable from here: not when the engine runs in a VM
 * (Docker Desktop on any OS, any engine off Linux), remotely, or rootless (its bridge
 * lives in another network namespace).
 */
async function bridgeReachable(docker: Docker, socketPath: string | undefined): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const host = process.env.DOCKER_HOST;
  if (!socketPath && host && !host.startsWith('unix://')) return false;
  const info = (await docker.info()) as { OperatingSystem?: string; SecurityOptions?: string[] };
  if (/docker desktop/i.test(info.OperatingSystem ?? '')) return false;
  return !(info.SecurityOptions ?? []).some((o) => o.includes('rootless'));
}

export async function createDockerRuntime(options: DockerRuntimeOptions): Promise<Runtime> {
  const docker = new Docker(options.socketPath ? { socketPath: options.socketPath } : undefined);
  const wanted = options.pauseImage ?? DEFAULT_PAUSE_IMAGE;
  let pauseImage = await ensurePauseImage(docker, wanted, options.log);
  const ctx: DriverContext = {
    docker,
    agentId: options.agentId,
    nodeName: options.nodeName,
    log: options.log,
    async pauseImage() {
      if (!(await imageStatus(ctx, pauseImage))) pauseImage = await ensurePauseImage(docker, wanted, options.log);
      return pauseImage;
    },
    hostIP: primaryHostIP,
    portForwardVia: options.portForward ?? ((await bridgeReachable(docker, options.socketPath)) ? 'direct' : 'relay'),
    containers: new StatusCache(),
    sandboxes: new StatusCache(),
  };
  const refs = new ImageRefs(ctx);
  const events = new EngineEvents(ctx);
  // what changes behind our back (a process killed, `docker rm`) reaches the list caches through the events
  events.subscribe((e) => {
    ctx.containers.forget(e.containerId);
    ctx.sandboxes.forget(e.containerId);
  });

  return {
    async version() {
      const v = await docker.version();
      return { runtimeName: 'docker', runtimeVersion: v.Version };
    },
    runPodSandbox: (config) => runPodSandbox(ctx, config),
    stopPodSandbox: (id) => stopPodSandbox(ctx, id),
    removePodSandbox: (id) => removePodSandbox(ctx, id),
    podSandboxStatus: (id) => podSandboxStatus(ctx, id),
    listPodSandboxes: () => listPodSandboxes(ctx),
    createContainer: (sandboxId, config, sandbox) => createContainer(ctx, sandboxId, config, sandbox),
    startContainer: (id) => startContainer(ctx, id),
    stopContainer: (id, timeoutSeconds) => stopContainer(ctx, id, timeoutSeconds),
    removeContainer: (id) => removeContainer(ctx, id),
    containerStatus: (id) => containerStatus(ctx, refs, id),
    listContainers: (filter) => listContainers(ctx, refs, filter),
    imageStatus: (image) => imageStatus(ctx, image),
    async pullImage(image, onProgress) {
      const status = await pullImage(ctx, image, onProgress);
      refs.forget();
      ctx.containers.clear();
      return status;
    },
    logs: (id, opts) => logs(ctx, id, opts),
    exec: (id, command, opts) => exec(ctx, id, command, opts),
    attach: (id, opts) => attach(ctx, id, opts),
    portForward: (sandboxId, port) => portForward(ctx, sandboxId, port),
    stats: () => stats(ctx),
    onEvent: (listener) => events.subscribe(listener),
    async close() {
      events.close();
    },
  };
}
