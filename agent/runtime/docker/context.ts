// What every part of the driver shares: the engine client and whose objects are ours.
import type Docker from 'dockerode';
import { LABEL_AGENT_ID, type ContainerStatus, type PodSandboxStatus } from '../types.ts';
import type { StatusCache } from './cache.ts';
import { isNotFound, statusCode } from './errors.ts';
import { LABEL_TYPE, TYPE_SANDBOX } from './labels.ts';

export interface DriverContext {
  docker: Docker;
  agentId: string;
  nodeName: string;
  log: (line: string) => void;
  /** The image sandboxes run; re-resolved when it vanished from the engine (an image prune). */
  pauseImage: () => Promise<string>;
  hostIP: () => string;
  /** `direct`: connect to the sandbox's IP; `relay`: through a container in its network namespace. */
  portForwardVia: 'direct' | 'relay';
  /** Listed statuses, dropped by whatever changes an object (our own calls, engine events, pulls). */
  containers: StatusCache<ContainerStatus>;
  sandboxes: StatusCache<PodSandboxStatus>;
}

/** The container's inspect when it exists, is this agent's, and (when given) of that type; else undefined. */
export async function inspectOwn(ctx: DriverContext, id: string, type?: string): Promise<Docker.ContainerInspectInfo | undefined> {
  let info: Docker.ContainerInspectInfo;
  try {
    info = await ctx.docker.getContainer(id).inspect();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const labels = info.Config.Labels ?? {};
  if (labels[LABEL_AGENT_ID] !== ctx.agentId) return undefined;
  if (type && labels[LABEL_TYPE] !== type) return undefined;
  return info;
}

export async function mustInspectOwn(ctx: DriverContext, id: string, type?: string): Promise<Docker.ContainerInspectInfo> {
  const info = await inspectOwn(ctx, id, type);
  if (!info) throw new Error(`no such ${type === TYPE_SANDBOX ? 'sandbox' : 'container'}: ${id}`);
  return info;
}

/** Creates a container under `name`, or under a suffixed name when a leftover holds it (an agent that crashed mid-create). */
export async function createNamed(ctx: DriverContext, name: string, options: Docker.ContainerCreateOptions): Promise<string> {
  try {
    return (await ctx.docker.createContainer({ ...options, name })).id;
  } catch (err) {
    if (statusCode(err) !== 409) throw err;
    const suffix = Math.random().toString(16).slice(2, 10);
    ctx.log(`container name ${name} is taken; creating ${name}_${suffix}`);
    return (await ctx.docker.createContainer({ ...options, name: `${name}_${suffix}` })).id;
  }
}

/** Stop and remove treat "already so" as done: the Runtime's stop and remove are idempotent. */
export function ignoreGone(err: unknown): void {
  const code = statusCode(err);
  if (code === 304 || code === 404) return;
  throw err;
}
