// Pod sandboxes: a pause container that owns the pod's network (and IPC) namespace,
// publishes its hostPorts, and that app containers join.
import type Docker from 'dockerode';
import type { PodSandboxConfig, PodSandboxStatus, PortMapping } from '../types.ts';
import { statusCode } from './errors.ts';
import { createNamed, ignoreGone, inspectOwn, type DriverContext } from './context.ts';
import { annotationLabels, dockerName, identityLabels, LABEL_ATTEMPT, LABEL_HOST_NETWORK, LABEL_SANDBOX_ID, LABEL_TYPE, ownFilters, SANDBOX_CONTAINER_NAME, TYPE_CONTAINER, TYPE_SANDBOX } from './labels.ts';
import { toSandboxStatus } from './status.ts';

function portKey(p: PortMapping): string {
  return `${p.containerPort}/${p.protocol.toLowerCase()}`;
}

/** hostPort mappings as the engine publishes them; a port without hostPort is not published. */
export function portBindings(mappings: PortMapping[]): { exposed: Record<string, object>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of mappings) {
    if (!p.hostPort) continue;
    const key = portKey(p);
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) });
  }
  return { exposed, bindings };
}

export async function runPodSandbox(ctx: DriverContext, config: PodSandboxConfig): Promise<string> {
  const meta = config.metadata;
  const { exposed, bindings } = portBindings(config.portMappings);
  const dns = config.dns;
  const options: Docker.ContainerCreateOptions = {
    Image: await ctx.pauseImage(),
    // A hostNetwork pod has the node's hostname, which Docker gives it by itself.
    ...(config.hostNetwork ? {} : { Hostname: config.hostname }),
    ExposedPorts: exposed,
    Labels: {
      ...config.labels,
      ...identityLabels(ctx, meta),
      ...annotationLabels(config.annotations),
      [LABEL_TYPE]: TYPE_SANDBOX,
      [LABEL_ATTEMPT]: String(meta.attempt),
      [LABEL_HOST_NETWORK]: String(config.hostNetwork),
    },
    HostConfig: {
      NetworkMode: config.hostNetwork ? 'host' : 'bridge',
      PortBindings: config.hostNetwork ? {} : bindings,
      // App containers join with IpcMode container:<sandbox>, which the engine allows only for shareable IPC.
      IpcMode: 'shareable',
      RestartPolicy: { Name: 'no' },
      ...(dns ? { Dns: dns.servers, DnsSearch: dns.searches, DnsOptions: dns.options } : {}),
    },
  };
  const id = await createNamed(ctx, dockerName(SANDBOX_CONTAINER_NAME, meta, meta.attempt), options);
  try {
    await ctx.docker.getContainer(id).start();
  } catch (err) {
    // A sandbox that cannot start (hostPort taken) is no use to anyone: do not leave it behind.
    await ctx.docker.getContainer(id).remove({ force: true }).catch(() => {});
    throw err;
  }
  return id;
}

async function containersOf(ctx: DriverContext, sandboxId: string): Promise<Docker.ContainerInfo[]> {
  return ctx.docker.listContainers({ all: true, filters: ownFilters(ctx.agentId, TYPE_CONTAINER, [`${LABEL_SANDBOX_ID}=${sandboxId}`]) });
}

/** What is still running in the pod after the pod worker's graceful stops is killed, as containerd does. */
export async function stopPodSandbox(ctx: DriverContext, id: string): Promise<void> {
  if (!(await inspectOwn(ctx, id, TYPE_SANDBOX))) return;
  ctx.sandboxes.forget(id);
  const running = (await containersOf(ctx, id)).filter((c) => c.State === 'running');
  await Promise.all(running.map((c) => {
    ctx.containers.forget(c.Id);
    return ctx.docker.getContainer(c.Id).stop({ t: 0 }).catch(ignoreGone);
  }));
  await ctx.docker.getContainer(id).kill({ signal: 'SIGKILL' }).catch((err: unknown) => {
    // 409: not running
    if (statusCode(err) !== 409) ignoreGone(err);
  });
}

export async function removePodSandbox(ctx: DriverContext, id: string): Promise<void> {
  if (!(await inspectOwn(ctx, id, TYPE_SANDBOX))) return;
  ctx.sandboxes.forget(id);
  for (const c of await containersOf(ctx, id)) await ctx.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreGone);
  await ctx.docker.getContainer(id).remove({ force: true, v: true }).catch(ignoreGone);
}

export async function podSandboxStatus(ctx: DriverContext, id: string): Promise<PodSandboxStatus | undefined> {
  const info = await inspectOwn(ctx, id, TYPE_SANDBOX);
  return info && toSandboxStatus(info, ctx.hostIP);
}

export async function listPodSandboxes(ctx: DriverContext): Promise<PodSandboxStatus[]> {
  const found = await ctx.docker.listContainers({ all: true, filters: ownFilters(ctx.agentId, TYPE_SANDBOX) });
  return ctx.sandboxes.resolve(found, (id) => podSandboxStatus(ctx, id));
}
