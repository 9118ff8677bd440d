// One pod's worker (upstream's podWorkers + syncPod): syncs of one pod never
// overlap; a request arriving mid-sync runs once the current one ends. A sync
// reads the runtime's state and converges it to the pod's spec: volumes, the
// sandbox, init containers in order, app containers with restart policy and
// crash-loop backoff, then writes the status if it changed.
import type { Container, Pod } from '../../api/types.ts';
import { R } from '../../client/types.ts';
import { buildEnvironment, ContainerConfigError, createObjectSource, type ObjectSource, type PodAddresses } from '../env/index.ts';
import { LABEL_POD_UID, type ContainerStatus, type PodSandboxStatus } from '../runtime/types.ts';
import { mountsFor, removePodDir, setUpVolumes, VolumeError, type VolumePath } from '../volumes/index.ts';
import { goDuration } from './backoff.ts';
import type { AgentContext } from './context.ts';
import { containerHash } from './hash.ts';
import { ensureImage } from './images.ts';
import { ANNOTATION_GRACE, ANNOTATION_HASH, containerConfig, graceSeconds, sandboxConfig } from './runtime-config.ts';
import { buildPodStatus, type WaitingReason } from './status.ts';

/** Dead containers kept per container name besides the newest (for `logs --previous`). */
const KEEP_DEAD = 1;

export function shouldRestart(pod: Pod, latest: ContainerStatus | undefined): boolean {
  if (!latest || latest.state === 'running' || latest.state === 'created') return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return latest.exitCode !== 0;
  return true;
}

function newest(containers: ContainerStatus[], name: string): ContainerStatus[] {
  return containers.filter((c) => c.name === name).sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
}

const isStatic = (pod: Pod) => pod.metadata?.annotations?.['kubernetes.io/config.source'] === 'file';

interface SyncState {
  pod: Pod;
  sandbox: PodSandboxStatus;
  containers: ContainerStatus[];
  objects: ObjectSource;
  addresses: PodAddresses;
  volumes: Map<string, VolumePath>;
}

export class PodWorker {
  private desired: Pod | undefined;
  private busy = false;
  private again = false;
  private finished = false;
  private idleWaiters: (() => void)[] = [];
  private readonly reasons = new Map<string, WaitingReason>();
  private lastWritten = '';

  constructor(
    private readonly ctx: AgentContext,
    readonly uid: string,
    pod: Pod,
    /** Called once the pod is gone from the node (terminated after deletion or removal). */
    private readonly onGone: (uid: string) => void,
  ) {
    this.desired = pod;
  }

  /** The newest desired state; undefined when the pod is no longer wanted on this node. */
  update(pod: Pod | undefined): void {
    this.desired = pod;
    this.trigger();
  }

  pod(): Pod | undefined {
    return this.desired;
  }

  trigger(): void {
    if (this.finished) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    void this.loop();
  }

  /** Resolves when no sync is running. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops syncing (agent shutdown); the pod's containers are left as they are. */
  halt(): void {
    this.finished = true;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.sync();
      } catch (err) {
        this.ctx.log(`pod ${this.describe()}: sync failed: ${(err as Error).stack ?? String(err)}`);
      }
    } while (this.again && !this.finished);
    this.busy = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private describe(): string {
    const m = this.desired?.metadata;
    return m ? `${m.namespace}/${m.name} (${this.uid})` : this.uid;
  }

  private async sync(): Promise<void> {
    const pod = this.desired;
    if (!pod) {
      await this.terminate(undefined, 0);
      await this.cleanUp();
      return;
    }
    if (pod.metadata?.deletionTimestamp) {
      const grace = pod.metadata.deletionGracePeriodSeconds ?? graceSeconds(pod);
      await this.terminate(pod, grace);
      await this.cleanUp();
      if (!isStatic(pod)) await this.deleteFromApi(pod);
      return;
    }
    const phase = this.ctx.statusTarget(pod)?.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      await this.stopTerminal(pod);
      return;
    }
    await this.syncRunning(pod);
  }

  private async podObjects(): Promise<{ sandboxes: PodSandboxStatus[]; containers: ContainerStatus[] }> {
    const [sandboxes, containers] = await Promise.all([this.ctx.runtime.listPodSandboxes(), this.ctx.runtime.listContainers()]);
    return {
      sandboxes: sandboxes.filter((s) => s.labels[LABEL_POD_UID] === this.uid).sort((a, b) => b.createdAt - a.createdAt),
      containers: containers.filter((c) => c.labels[LABEL_POD_UID] === this.uid),
    };
  }

  private async syncRunning(pod: Pod): Promise<void> {
    const { ctx } = this;
    const found = await this.podObjects();
    const sandboxes = found.sandboxes;
    let containers = found.containers;
    let sandbox = sandboxes.find((s) => s.state === 'ready');
    const objects = createObjectSource(ctx.client);
    const addresses: PodAddresses = { podIP: sandbox?.ip ?? ctx.nodeIP, hostIP: ctx.nodeIP };
    const allocatable = await ctx.allocatable();

    let volumes: Map<string, VolumePath>;
    try {
      volumes = await setUpVolumes(ctx.dataDir, { pod, objects, addresses, allocatable });
    } catch (err) {
      if (!(err instanceof VolumeError)) throw err;
      ctx.record(pod, 'Warning', 'FailedMount', err.message);
      await this.writeStatus(pod, sandbox, containers);
      return;
    }

    if (!sandbox) {
      if (sandboxes.length > 0) {
        // A sandbox died under the pod: upstream kills what is left and starts over in a new one.
        if (!this.anyToRestart(pod, containers)) {
          await this.writeStatus(pod, sandboxes[0], containers);
          return;
        }
        ctx.record(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        for (const c of containers) if (c.state === 'running') await ctx.runtime.stopContainer(c.id, graceSeconds(pod));
      }
      const attempt = sandboxes.length > 0 ? Math.max(...sandboxes.map((s) => s.metadata.attempt)) + 1 : 0;
      const id = await ctx.runtime.runPodSandbox(sandboxConfig(pod, ctx.nodeName, attempt));
      sandbox = await ctx.runtime.podSandboxStatus(id);
      if (!sandbox) throw new Error(`sandbox ${id} vanished after creation`);
      containers = (await this.podObjects()).containers;
    }
    addresses.podIP = sandbox.ip ?? ctx.nodeIP;
    const state: SyncState = { pod, sandbox, containers, objects, addresses, volumes };

    if (await this.syncInitContainers(state)) await this.syncAppContainers(state);

    const after = await this.podObjects();
    await this.collectGarbage(pod, after.containers);
    const current = after.containers;
    ctx.probes.update(
      pod,
      addresses.podIP,
      current
        .filter((c) => c.state === 'running')
        .map((c) => ({ id: c.id, startedAt: c.startedAt, container: pod.spec!.containers.find((s) => s.name === c.name) }))
        .filter((r): r is { id: string; startedAt: number; container: Container } => r.container !== undefined),
    );
    await this.writeStatus(pod, sandbox, current);
  }

  private anyToRestart(pod: Pod, containers: ContainerStatus[]): boolean {
    return (pod.spec?.containers ?? []).some((c) => shouldRestart(pod, newest(containers, c.name)[0]));
  }

  /** Runs init containers one at a time; true once all completed (or the pod already initialized). */
  private async syncInitContainers(s: SyncState): Promise<boolean> {
    const specs = s.pod.spec?.initContainers ?? [];
    if (specs.length === 0) return true;
    if ((s.pod.spec?.containers ?? []).some((c) => s.containers.some((x) => x.name === c.name))) return true;
    for (const spec of specs) {
      const latest = newest(s.containers, spec.name)[0];
      if (!latest) {
        await this.start(s, spec, 0);
        return false;
      }
      if (latest.state === 'running') return false;
      if (latest.state === 'created') {
        await this.startCreated(s, spec, latest);
        return false;
      }
      if (latest.exitCode === 0 && latest.state === 'exited') continue;
      // A failed init container: with Never the pod fails; otherwise it is retried with backoff.
      if ((s.pod.spec?.restartPolicy ?? 'Always') === 'Never') return false;
      await this.restartWithBackoff(s, spec, latest);
      return false;
    }
    return true;
  }

  private async syncAppContainers(s: SyncState): Promise<void> {
    const { ctx } = this;
    const policy = s.pod.spec?.restartPolicy ?? 'Always';
    for (const spec of s.pod.spec?.containers ?? []) {
      const latest = newest(s.containers, spec.name)[0];
      if (!latest) {
        await this.start(s, spec, 0);
        continue;
      }
      if (latest.state === 'created') {
        await this.startCreated(s, spec, latest);
        continue;
      }
      if (latest.state === 'running') {
        let why: string | undefined;
        if (latest.annotations[ANNOTATION_HASH] !== containerHash(spec)) why = `Container ${spec.name} definition changed`;
        else {
          const failed = ctx.probes.failed(latest.id);
          if (failed) why = `Container ${spec.name} failed ${failed} probe`;
        }
        if (!why) continue;
        const restart = policy !== 'Never';
        ctx.record(s.pod, 'Normal', 'Killing', restart ? `${why}, will be restarted` : why);
        await ctx.runtime.stopContainer(latest.id, Number(latest.annotations[ANNOTATION_GRACE] ?? graceSeconds(s.pod)));
        if (restart) await this.start(s, spec, latest.attempt + 1);
        continue;
      }
      if (!shouldRestart(s.pod, latest)) continue;
      await this.restartWithBackoff(s, spec, latest);
    }
  }

  /** Upstream's crash-loop handling: restart now, or wait out the backoff as CrashLoopBackOff. */
  private async restartWithBackoff(s: SyncState, spec: Container, latest: ContainerStatus): Promise<void> {
    const { ctx, uid } = this;
    const meta = s.pod.metadata!;
    const key = `${uid}/${spec.name}/${containerHash(spec)}`;
    if (ctx.crashBackoff.inBackoffSince(key, latest.finishedAt)) {
      const delay = ctx.crashBackoff.delay(key);
      const podRef = `${meta.name}_${meta.namespace}(${uid})`;
      this.reasons.set(spec.name, { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(delay)} restarting failed container=${spec.name} pod=${podRef}` });
      ctx.record(s.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${podRef}`);
      ctx.syncLater(uid, Math.max(0, latest.finishedAt + delay - Date.now()) + 20);
      return;
    }
    ctx.crashBackoff.next(key);
    await this.start(s, spec, latest.attempt + 1);
  }

  private async startCreated(s: SyncState, spec: Container, created: ContainerStatus): Promise<void> {
    try {
      await this.ctx.runtime.startContainer(created.id);
      this.ctx.record(s.pod, 'Normal', 'Started', `Started container ${spec.name}`);
      this.reasons.delete(spec.name);
    } catch (err) {
      this.failStart(s.pod, spec, 'RunContainerError', (err as Error).message);
    }
  }

  private failStart(pod: Pod, spec: Container, reason: string, message: string): void {
    this.reasons.set(spec.name, { reason, message });
    this.ctx.record(pod, 'Warning', 'Failed', `Error: ${message}`);
  }

  /** Pulls, configures, creates and starts one container; a failure becomes the container's waiting reason. */
  private async start(s: SyncState, spec: Container, attempt: number): Promise<void> {
    const { ctx } = this;
    const waiting = await ensureImage(ctx.runtime, s.pod, spec, ctx.pullBackoff, ctx.record);
    if (waiting) {
      this.reasons.set(spec.name, waiting);
      return;
    }
    let env: { name: string; value: string }[];
    let mounts;
    try {
      env = await buildEnvironment({ pod: s.pod, container: spec, objects: s.objects, addresses: s.addresses, allocatable: await ctx.allocatable() });
      mounts = await mountsFor(spec, s.volumes, env);
    } catch (err) {
      if (!(err instanceof ContainerConfigError)) throw err;
      this.failStart(s.pod, spec, 'CreateContainerConfigError', err.message);
      return;
    }
    const config = containerConfig(s.pod, spec, ctx.nodeName, attempt, env, mounts);
    let id: string;
    try {
      id = await ctx.runtime.createContainer(s.sandbox.id, config, sandboxConfig(s.pod, ctx.nodeName, s.sandbox.metadata.attempt));
    } catch (err) {
      this.failStart(s.pod, spec, 'CreateContainerError', (err as Error).message);
      return;
    }
    ctx.record(s.pod, 'Normal', 'Created', `Created container ${spec.name}`);
    try {
      await ctx.runtime.startContainer(id);
    } catch (err) {
      this.failStart(s.pod, spec, 'RunContainerError', (err as Error).message);
      return;
    }
    ctx.record(s.pod, 'Normal', 'Started', `Started container ${spec.name}`);
    this.reasons.delete(spec.name);
  }

  /** Keeps the newest container of each name and one dead one before it; removes older dead ones. */
  private async collectGarbage(pod: Pod, containers: ContainerStatus[]): Promise<void> {
    const names = new Set(containers.map((c) => c.name));
    const known = new Set([...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name));
    for (const name of names) {
      const all = newest(containers, name);
      const extra = known.has(name) ? all.slice(1 + KEEP_DEAD) : all;
      for (const c of extra) {
        if (c.state === 'running') await this.ctx.runtime.stopContainer(c.id, graceSeconds(pod));
        await this.ctx.runtime.removeContainer(c.id);
      }
    }
  }

  /** A pod that reached Succeeded or Failed: its sandbox is stopped, its containers kept for logs. */
  private async stopTerminal(pod: Pod): Promise<void> {
    const { sandboxes, containers } = await this.podObjects();
    this.ctx.probes.removePod(this.uid);
    for (const c of containers) if (c.state === 'running') await this.ctx.runtime.stopContainer(c.id, graceSeconds(pod));
    for (const s of sandboxes) if (s.state === 'ready') await this.ctx.runtime.stopPodSandbox(s.id);
    const after = await this.podObjects();
    await this.writeStatus(pod, after.sandboxes[0], after.containers);
  }

  /** Stops every container (SIGTERM, SIGKILL after `grace` seconds) and the sandboxes. */
  private async terminate(pod: Pod | undefined, grace: number): Promise<void> {
    const { ctx } = this;
    ctx.probes.removePod(this.uid);
    const { sandboxes, containers } = await this.podObjects();
    await Promise.all(
      containers
        .filter((c) => c.state === 'running')
        .map((c) => {
          if (pod) ctx.record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`);
          return ctx.runtime.stopContainer(c.id, grace);
        }),
    );
    for (const s of sandboxes) await ctx.runtime.stopPodSandbox(s.id);
  }

  /** Removes the pod's containers, sandboxes and directory; the worker is done. */
  private async cleanUp(): Promise<void> {
    const { ctx } = this;
    const { sandboxes, containers } = await this.podObjects();
    for (const c of containers) await ctx.runtime.removeContainer(c.id);
    for (const s of sandboxes) await ctx.runtime.removePodSandbox(s.id);
    await removePodDir(ctx.dataDir, this.uid);
    ctx.crashBackoff.forget(`${this.uid}/`);
    ctx.pullBackoff.forget(`${this.uid}/`);
    this.finished = true;
    this.onGone(this.uid);
  }

  /** As the kubelet: the object goes once its containers are gone (grace 0, only this uid). */
  private async deleteFromApi(pod: Pod): Promise<void> {
    const meta = pod.metadata!;
    try {
      await this.ctx.client.delete(R.pods, meta.namespace, meta.name!, { gracePeriodSeconds: 0, preconditions: { uid: meta.uid! } });
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code !== 404 && code !== 409) throw err;
    }
  }

  private async writeStatus(pod: Pod, sandbox: PodSandboxStatus | undefined, containers: ContainerStatus[]): Promise<void> {
    const { ctx } = this;
    const target = ctx.statusTarget(pod);
    if (!target) return;
    const status = buildPodStatus({
      pod,
      previous: target.status,
      sandbox,
      containers,
      reasons: this.reasons,
      ready: (id) => ctx.probes.ready(id),
      started: (id) => ctx.probes.started(id),
      runtimeName: ctx.runtimeName,
      nodeIP: ctx.nodeIP,
      willRestart: (_spec, latest) => shouldRestart(pod, latest),
    });
    // Keyed by the target's uid too: a recreated mirror pod needs the status again.
    const json = `${target.metadata!.uid}:${JSON.stringify(status)}`;
    if (json === this.lastWritten) return;
    const { resourceVersion: _rv, ...meta } = target.metadata!;
    await ctx.client.updateStatus(R.pods, meta.namespace, { ...(target as unknown as Record<string, unknown>), metadata: meta, status } as never);
    this.lastWritten = json;
  }
}
