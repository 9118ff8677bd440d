// App containers: Kubernetes' container spec → the engine's create options, in the
// sandbox's namespaces; and their lifecycle.
import type Docker from 'dockerode';
import type { ContainerConfig, ContainerStatus, PodSandboxConfig } from '../types.ts';
import { statusCode } from './errors.ts';
import { createNamed, ignoreGone, inspectOwn, mustInspectOwn, type DriverContext } from './context.ts';
import { annotationLabels, dockerName, identityLabels, LABEL_ATTEMPT, LABEL_SANDBOX_ID, LABEL_TYPE, ownFilters, TYPE_CONTAINER, TYPE_SANDBOX } from './labels.ts';
import { imageRefOf, toContainerStatus } from './status.ts';

const MIN_SHARES = 2;
const MAX_SHARES = 262144;

/** The kubelet's milliCPUToShares: 1000m = 1024 shares, never below 2 (BestEffort gets 2). */
export function milliCPUToShares(milliCPU: number): number {
  if (milliCPU === 0) return MIN_SHARES;
  const shares = Math.floor((milliCPU * 1024) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

/**
 * Kubernetes' command/args over the image's ENTRYPOINT/CMD: command replaces the
 * entrypoint and drops the image's CMD (args, possibly none, take its place); args alone replace CMD.
 */
export function entrypointAndCmd(command: string[], args: string[]): { Entrypoint?: string[]; Cmd?: string[] } {
  if (command.length > 0) return { Entrypoint: command, Cmd: args };
  return args.length > 0 ? { Cmd: args } : {};
}

function user(sc: ContainerConfig['securityContext']): string | undefined {
  if (sc.runAsUser === undefined) return undefined;
  return sc.runAsGroup === undefined ? String(sc.runAsUser) : `${sc.runAsUser}:${sc.runAsGroup}`;
}

export function createOptions(ctx: DriverContext, sandboxId: string, config: ContainerConfig, sandbox: PodSandboxConfig): Docker.ContainerCreateOptions {
  const r = config.resources;
  const sc = config.securityContext;
  const runAs = user(sc);
  return {
    Image: config.image,
    ...entrypointAndCmd(config.command, config.args),
    Env: config.env.map((e) => `${e.name}=${e.value}`),
    ...(config.workingDir ? { WorkingDir: config.workingDir } : {}),
    ...(runAs ? { User: runAs } : {}),
    Tty: config.tty,
    OpenStdin: config.stdin,
    StdinOnce: config.stdinOnce,
    // attach needs the stdin pipe open from the start
    AttachStdin: config.stdin,
    Labels: {
      ...config.labels,
      ...identityLabels(ctx, sandbox.metadata, config.name),
      ...annotationLabels(config.annotations),
      [LABEL_TYPE]: TYPE_CONTAINER,
      [LABEL_SANDBOX_ID]: sandboxId,
      [LABEL_ATTEMPT]: String(config.attempt),
    },
    HostConfig: {
      NetworkMode: `container:${sandboxId}`,
      IpcMode: `container:${sandboxId}`,
      Binds: config.mounts.map((m) => `${m.hostPath}:${m.containerPath}:${m.readOnly ? 'ro' : 'rw'}`),
      Privileged: sc.privileged ?? false,
      ReadonlyRootfs: sc.readOnlyRootFilesystem ?? false,
      // swap equal to the limit: none beyond it, so the limit means what the pod says (as the kubelet sets it)
      ...(r.memoryLimitBytes ? { Memory: r.memoryLimitBytes, MemorySwap: r.memoryLimitBytes } : {}),
      ...(r.cpuLimitMillis ? { NanoCpus: r.cpuLimitMillis * 1_000_000 } : {}),
      CpuShares: milliCPUToShares(r.cpuRequestMillis ?? 0),
      RestartPolicy: { Name: 'no' },
      // the kubelet's container log rotation defaults (10 MiB × 5), and a driver the logs API can read
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '5' } },
    },
  };
}

export async function createContainer(ctx: DriverContext, sandboxId: string, config: ContainerConfig, sandbox: PodSandboxConfig): Promise<string> {
  await mustInspectOwn(ctx, sandboxId, TYPE_SANDBOX);
  const name = dockerName(config.name, sandbox.metadata, config.attempt);
  return createNamed(ctx, name, createOptions(ctx, sandboxId, config, sandbox));
}

export async function startContainer(ctx: DriverContext, id: string): Promise<void> {
  await mustInspectOwn(ctx, id, TYPE_CONTAINER);
  ctx.containers.forget(id);
  await ctx.docker.getContainer(id).start().catch((err: unknown) => {
    // 304: already started
    if (statusCode(err) !== 304) throw err;
  });
}

export async function stopContainer(ctx: DriverContext, id: string, timeoutSeconds: number): Promise<void> {
  if (!(await inspectOwn(ctx, id, TYPE_CONTAINER))) return;
  ctx.containers.forget(id);
  await ctx.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(timeoutSeconds)) }).catch(ignoreGone);
}

export async function removeContainer(ctx: DriverContext, id: string): Promise<void> {
  if (!(await inspectOwn(ctx, id, TYPE_CONTAINER))) return;
  ctx.containers.forget(id);
  await ctx.docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone);
}

/**
 * Image identities by image id, so listing containers costs no image inspect each.
 * A pull may give a local image its first registry digest: pulls forget them all.
 */
export class ImageRefs {
  private known = new Map<string, string>();
  constructor(private ctx: DriverContext) {}

  async of(imageId: string): Promise<string> {
    const cached = this.known.get(imageId);
    if (cached) return cached;
    const image = await this.ctx.docker.getImage(imageId).inspect().catch(() => undefined);
    const ref = imageRefOf(image, imageId);
    if (image) this.known.set(imageId, ref);
    return ref;
  }

  forget(): void {
    this.known.clear();
  }
}

export async function containerStatus(ctx: DriverContext, refs: ImageRefs, id: string): Promise<ContainerStatus | undefined> {
  const info = await inspectOwn(ctx, id, TYPE_CONTAINER);
  return info && toContainerStatus(info, await refs.of(info.Image));
}

export async function listContainers(ctx: DriverContext, refs: ImageRefs, filter: { sandboxId?: string } = {}): Promise<ContainerStatus[]> {
  const extra = filter.sandboxId ? [`${LABEL_SANDBOX_ID}=${filter.sandboxId}`] : [];
  const found = await ctx.docker.listContainers({ all: true, filters: ownFilters(ctx.agentId, TYPE_CONTAINER, extra) });
  // a filtered list is not the whole set: it must not drop the others' cache entries
  if (filter.sandboxId) return (await Promise.all(found.map((c) => containerStatus(ctx, refs, c.Id)))).filter((s): s is ContainerStatus => s !== undefined);
  return ctx.containers.resolve(found, (id) => containerStatus(ctx, refs, id));
}
