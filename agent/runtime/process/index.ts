// The process runtime: containers are host processes, for machines without a
// container engine. There is no image (command or args must be given), no
// filesystem or network isolation (every pod is on the host network; mounts are
// symlinks, see mounts.ts), no resource limits and no TTY for the container
// itself (only for execs). Each process runs under a detached shim (shim.ts) that
// writes its log and exit code, and the runtime's state is kept on disk
// (records.ts), so processes and logs outlive the agent and a restarted agent
// adopts them. POSIX only: process groups, /bin/sh-style commands, mkfifo.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chown, mkdir, open, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
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
import { readLog, type LogSource } from './cri-log.ts';
import { linkMounts, unlinkMounts } from './mounts.ts';
import { groupUsage, isAlive, processStartTime } from './proc.ts';
import { Records, readJson, writeJson, type ContainerRecord, type SandboxRecord } from './records.ts';
import { attachProcess, execProcess } from './sessions.ts';
import { EXIT_FILE, LOG_FILE, PID_FILE, ROTATED_LOG_FILE, SHIM_LOG_FILE, SPAWN_FILE, STDIN_FIFO, installShim, type ShimExit, type ShimStarted } from './shim.ts';

export interface ProcessRuntimeOptions {
  agentId: string;
  nodeName: string;
  dataDir: string;
  log: (line: string) => void;
  /** A container's log is rotated at this size (the kubelet's containerLogMaxSize); 10 MiB when absent. */
  logMaxBytes?: number;
}

/** How often running containers whose shim is not our child are checked for an exit. */
const WATCH_INTERVAL_MS = 200;
/** How long a shim may take to start its process. */
const START_TIMEOUT_MS = 10_000;

interface Live {
  record: ContainerRecord;
  exit?: ShimExit;
  /** Execs in progress: they end with the container, as processes in its cgroup would. */
  execs: Set<StreamSession>;
  exited: Promise<number>;
  resolveExited: (code: number) => void;
  /** container-started was emitted (or the container was adopted running): a death may be told. */
  announced: boolean;
}

function newLive(record: ContainerRecord): Live {
  let resolveExited!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExited = resolve));
  return { record, exited, resolveExited, execs: new Set(), announced: record.startedAt !== undefined };
}

/** The first non-internal IPv4 address: every pod of this runtime is on the host's network. */
function nodeAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

export async function createProcessRuntime(options: ProcessRuntimeOptions): Promise<Runtime> {
  const { agentId, nodeName, log, logMaxBytes = 10 * 1024 * 1024 } = options;
  const records = new Records(join(options.dataDir, 'process-runtime'));
  await records.init();
  const shimPath = await installShim(records.root);
  const ip = nodeAddress();
  const runningAsRoot = process.getuid?.() === 0;
  const sandboxes = new Map<string, SandboxRecord>();
  const containers = new Map<string, Live>();
  const listeners = new Set<(event: RuntimeEvent) => void>();

  const emit = (event: RuntimeEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        log(`process runtime: event listener failed: ${(err as Error).message}`);
      }
    }
  };

  const dirOf = (id: string) => records.containerDir(id);
  const running = (l: Live) => l.record.startedAt !== undefined && !l.exit;

  /** The shim has gone: its exit.json says how the process ended, or the code is lost. */
  const settle = async (l: Live): Promise<void> => {
    if (l.exit) return;
    let exit = await readJson<ShimExit>(join(dirOf(l.record.id), EXIT_FILE), log);
    if (!exit) {
      exit = { exitCode: 255, reason: 'Error', message: 'the process ended while its shim was not running; its exit code is unknown', finishedAt: Date.now() };
      // Written down so every later runtime instance reports the same.
      await writeJson(join(dirOf(l.record.id), EXIT_FILE), exit).catch(() => {});
    }
    if (l.exit) return;
    l.exit = exit;
    l.resolveExited(exit.exitCode);
    for (const session of l.execs) session.close();
    if (l.announced) emit({ type: 'container-died', containerId: l.record.id, podUid: l.record.labels[LABEL_POD_UID] });
  };

  const stillRunning = async (l: Live): Promise<boolean> => {
    const { shim, process: proc } = l.record;
    return (!!shim && (await isAlive(shim.pid, shim.startTime))) || (!!proc && (await isAlive(proc.pid, proc.startTime)));
  };

  // Shims we did not start (adopted after a restart) are not our children, and a
  // process may outlive its shim (killed on its own): those are polled.
  const watched = new Set<Live>();
  const watcher = setInterval(() => {
    for (const l of watched) {
      void stillRunning(l).then(async (alive) => {
        if (alive || l.exit) return;
        watched.delete(l);
        await settle(l);
      });
    }
  }, WATCH_INTERVAL_MS);
  watcher.unref();

  /** The shim is gone or not ours: a process that outlived its shim is watched until it ends. */
  const settleOrWatch = async (l: Live): Promise<void> => {
    if (await stillRunning(l)) watched.add(l);
    else await settle(l);
  };

  for (const s of await records.loadSandboxes(log)) if (s.status.labels[LABEL_AGENT_ID] === agentId) sandboxes.set(s.status.id, s);
  for (const record of await records.loadContainers(log)) {
    if (record.labels[LABEL_AGENT_ID] !== agentId) continue;
    const l = newLive(record);
    containers.set(record.id, l);
    const exit = await readJson<ShimExit>(join(dirOf(record.id), EXIT_FILE), log);
    if (exit) {
      l.exit = exit;
      l.resolveExited(exit.exitCode);
    } else if (record.startedAt !== undefined) {
      await settleOrWatch(l);
    }
  }

  const find = (id: string): Live => {
    const l = containers.get(id);
    if (!l) throw new Error(`No such container: ${id}`);
    return l;
  };
  const findRunning = (id: string): Live => {
    const l = find(id);
    if (!running(l)) throw new Error(`container ${id} is not running`);
    return l;
  };

  const statusOf = (l: Live): ContainerStatus => {
    const r = l.record;
    const e = l.exit;
    return {
      id: r.id,
      sandboxId: r.sandboxId,
      name: r.config.name,
      attempt: r.config.attempt,
      image: r.config.image,
      imageRef: r.imageRef,
      state: e ? 'exited' : r.startedAt !== undefined ? 'running' : 'created',
      createdAt: r.createdAt,
      startedAt: r.startedAt ?? 0,
      finishedAt: e?.finishedAt ?? 0,
      exitCode: e?.exitCode ?? 0,
      reason: e && (e.reason ?? (e.exitCode === 0 ? 'Completed' : 'Error')),
      message: e?.message,
      labels: { ...r.labels },
      annotations: { ...r.annotations },
    };
  };

  const signalGroup = (l: Live, signal: NodeJS.Signals) => {
    const pid = l.record.process?.pid;
    if (!pid || !running(l)) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  const waitExit = async (l: Live, ms: number): Promise<boolean> => {
    if (!running(l)) return true;
    const timer = sleep(ms, false, { ref: false });
    return Promise.race([l.exited.then(() => true), timer]);
  };

  const stop = async (l: Live, timeoutSeconds: number) => {
    if (!running(l)) return;
    signalGroup(l, 'SIGTERM');
    if (await waitExit(l, Math.max(0, timeoutSeconds) * 1000)) return;
    signalGroup(l, 'SIGKILL');
    await l.exited;
  };

  const logSource = (l: Live): LogSource => ({
    path: join(dirOf(l.record.id), LOG_FILE),
    rotatedPath: join(dirOf(l.record.id), ROTATED_LOG_FILE),
    ended: () => !!l.exit,
  });

  const imageOf = (image: string): ImageStatus => ({
    id: `sha256:${createHash('sha256').update(image).digest('hex')}`,
    repoTags: [image],
    repoDigests: [],
    sizeBytes: 0,
  });

  const identityLabels = (sandbox: PodSandboxConfig) => ({
    [LABEL_POD_UID]: sandbox.metadata.uid,
    [LABEL_POD_NAMESPACE]: sandbox.metadata.namespace,
    [LABEL_POD_NAME]: sandbox.metadata.name,
    [LABEL_NODE_NAME]: nodeName,
    [LABEL_AGENT_ID]: agentId,
  });

  /** Starts the shim and resolves once the process runs, with when it started. */
  const startShim = async (l: Live): Promise<number> => {
    const dir = dirOf(l.record.id);
    const shimLog = await open(join(dir, SHIM_LOG_FILE), 'a');
    const shim = spawn(process.execPath, [shimPath, dir], {
      detached: true,
      stdio: ['ignore', shimLog.fd, shimLog.fd],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    await shimLog.close();
    shim.unref();
    let shimGone = false;
    shim.once('exit', () => {
      shimGone = true;
      // Before the start is recorded, startContainer itself looks at how it went.
      if (l.record.startedAt !== undefined) void settleOrWatch(l);
    });
    shim.once('error', (err) => log(`process runtime: shim of ${l.record.id}: ${err.message}`));
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const exit = await readJson<ShimExit>(join(dir, EXIT_FILE), log);
      if (exit?.reason === 'ContainerCannotRun') {
        await settle(l);
        throw new Error(exit.message ?? 'the process could not be started');
      }
      const started = await readJson<ShimStarted>(join(dir, PID_FILE), log);
      if (started) {
        l.record.shim = shim.pid ? { pid: shim.pid, startTime: await processStartTime(shim.pid) } : undefined;
        l.record.process = { pid: started.pid, startTime: await processStartTime(started.pid) };
        return started.startedAt;
      }
      if (shimGone || Date.now() > deadline) {
        if (!shimGone) shim.kill('SIGKILL');
        const message = `the process shim did not start the process; see ${join(dir, SHIM_LOG_FILE)}`;
        await writeJson(join(dir, EXIT_FILE), { exitCode: 128, reason: 'ContainerCannotRun', message, finishedAt: Date.now() } satisfies ShimExit);
        await settle(l);
        throw new Error(message);
      }
      await sleep(10);
    }
  };

  const runtime: Runtime = {
    async version(): Promise<RuntimeVersion> {
      return { runtimeName: 'process', runtimeVersion: process.versions.node };
    },

    async runPodSandbox(config: PodSandboxConfig): Promise<string> {
      const id = randomBytes(16).toString('hex');
      const record: SandboxRecord = {
        config,
        status: {
          id,
          metadata: { ...config.metadata },
          state: 'ready',
          createdAt: Date.now(),
          ip,
          labels: { ...config.labels, ...identityLabels(config) },
          annotations: { ...config.annotations },
        },
      };
      await records.saveSandbox(record);
      sandboxes.set(id, record);
      return id;
    },

    async stopPodSandbox(id: string): Promise<void> {
      const s = sandboxes.get(id);
      if (!s) return;
      await Promise.all([...containers.values()].filter((l) => l.record.sandboxId === id).map((l) => stop(l, 0)));
      if (s.status.state !== 'notready') {
        s.status.state = 'notready';
        await records.saveSandbox(s);
      }
    },

    async removePodSandbox(id: string): Promise<void> {
      if (!sandboxes.has(id)) return;
      for (const l of [...containers.values()]) if (l.record.sandboxId === id) await runtime.removeContainer(l.record.id);
      await records.deleteSandbox(id);
      sandboxes.delete(id);
    },

    async podSandboxStatus(id: string): Promise<PodSandboxStatus | undefined> {
      const s = sandboxes.get(id);
      return s && structuredClone(s.status);
    },

    async listPodSandboxes(): Promise<PodSandboxStatus[]> {
      return [...sandboxes.values()].map((s) => structuredClone(s.status));
    },

    async createContainer(sandboxId: string, config: ContainerConfig, sandbox: PodSandboxConfig): Promise<string> {
      const s = sandboxes.get(sandboxId);
      if (!s) throw new Error(`No such pod sandbox: ${sandboxId}`);
      if (s.status.state !== 'ready') throw new Error(`pod sandbox ${sandboxId} is not ready`);
      const argv = [...config.command, ...config.args];
      if (argv.length === 0) {
        throw new Error(`container ${config.name}: the process runtime runs no images, so the container must give a command (or args) to run on the host`);
      }
      for (const p of config.ports) {
        if (p.hostPort && p.hostPort !== p.containerPort) {
          throw new Error(`container ${config.name}: the process runtime cannot map ports; its processes listen on the host, so hostPort ${p.hostPort} must equal containerPort ${p.containerPort} or be left out`);
        }
      }
      if (config.workingDir) {
        const dir = await stat(config.workingDir).catch(() => undefined);
        if (!dir?.isDirectory()) throw new Error(`container ${config.name}: workingDir ${config.workingDir} is not a directory on this host (the process runtime runs in the host's filesystem)`);
      }
      const id = randomBytes(16).toString('hex');
      const dir = dirOf(id);
      const work = join(dir, 'work');
      await mkdir(work, { recursive: true });
      const { runAsUser, runAsGroup } = config.securityContext;
      let uid: number | undefined;
      let gid: number | undefined;
      if (runAsUser !== undefined && runningAsRoot) {
        uid = runAsUser;
        gid = runAsGroup ?? 0;
        await chown(work, uid, gid);
      } else if (runAsUser !== undefined && runAsUser !== process.getuid?.()) {
        log(`process runtime: container ${config.name} runs as the agent's user, not ${runAsUser}: only an agent running as root can switch users`);
      }
      let links;
      try {
        links = await linkMounts(config.mounts);
      } catch (err) {
        await records.deleteContainer(id);
        throw new Error(`container ${config.name}: ${(err as Error).message}`);
      }
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOSTNAME: sandbox.hostname, HOME: config.workingDir ?? work };
      for (const e of config.env) env[e.name] = e.value;
      const record: ContainerRecord = {
        id,
        sandboxId,
        imageRef: `process://${config.image}`,
        createdAt: Date.now(),
        labels: { ...config.labels, ...identityLabels(sandbox), [LABEL_CONTAINER_NAME]: config.name },
        annotations: { ...config.annotations },
        config,
        spec: { argv, env, cwd: config.workingDir ?? work, uid, gid, stdin: config.stdin, stdinOnce: config.stdinOnce, logMaxBytes },
        links,
      };
      await writeFile(join(dir, LOG_FILE), '');
      await records.saveContainer(record);
      containers.set(id, newLive(record));
      return id;
    },

    async startContainer(id: string): Promise<void> {
      const l = find(id);
      if (l.record.startedAt !== undefined || l.exit) throw new Error(`container ${id} was already started`);
      const dir = dirOf(id);
      await writeJson(join(dir, SPAWN_FILE), l.record.spec);
      if (l.record.spec.stdin) await promisify(execFile)('mkfifo', ['-m', '0600', join(dir, STDIN_FIFO)]);
      l.record.startedAt = await startShim(l);
      // Told before anything else is awaited: a process quick to exit is settled meanwhile,
      // and its death must follow its start.
      emit({ type: 'container-started', containerId: id, podUid: l.record.labels[LABEL_POD_UID] });
      l.announced = true;
      if (l.exit) emit({ type: 'container-died', containerId: id, podUid: l.record.labels[LABEL_POD_UID] });
      await records.saveContainer(l.record);
      if (!(await stillRunning(l))) await settle(l);
    },

    async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
      const l = containers.get(id);
      if (l) await stop(l, timeoutSeconds);
    },

    async removeContainer(id: string): Promise<void> {
      const l = containers.get(id);
      if (!l) return;
      await stop(l, 0);
      containers.delete(id);
      watched.delete(l);
      const inUse = new Set([...containers.values()].flatMap((other) => other.record.links.map((link) => link.path)));
      await unlinkMounts(l.record.links, (path) => inUse.has(path));
      await records.deleteContainer(id);
    },

    async containerStatus(id: string): Promise<ContainerStatus | undefined> {
      const l = containers.get(id);
      return l && statusOf(l);
    },

    async listContainers(filter?: { sandboxId?: string }): Promise<ContainerStatus[]> {
      const all = [...containers.values()];
      return (filter?.sandboxId ? all.filter((l) => l.record.sandboxId === filter.sandboxId) : all).map(statusOf);
    },

    async imageStatus(image: string): Promise<ImageStatus | undefined> {
      // There are no images: every one is "present" so the pod worker goes on to run the command.
      return imageOf(image);
    },

    async pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageStatus> {
      onProgress?.({ status: 'the process runtime pulls no images' });
      return imageOf(image);
    },

    async logs(containerId: string, logOptions: LogOptions): Promise<Readable> {
      const l = find(containerId);
      return readLog(logSource(l), logOptions);
    },

    async exec(containerId: string, command: string[], streamOptions: StreamOptions): Promise<StreamSession> {
      const l = findRunning(containerId);
      const session = await execProcess(l.record.spec, command, streamOptions);
      l.execs.add(session);
      void session.exit.then(() => l.execs.delete(session));
      return session;
    },

    async attach(containerId: string, streamOptions: StreamOptions): Promise<StreamSession> {
      const l = findRunning(containerId);
      const stdinFifo = l.record.spec.stdin ? join(dirOf(containerId), STDIN_FIFO) : undefined;
      return attachProcess({ ...logSource(l), stdinFifo, exited: l.exited }, streamOptions);
    },

    async portForward(sandboxId: string, port: number): Promise<Duplex> {
      if (!sandboxes.has(sandboxId)) throw new Error(`No such pod sandbox: ${sandboxId}`);
      return new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.off('error', reject);
          resolve(socket);
        });
        socket.once('error', reject);
      });
    },

    async stats(): Promise<ContainerStats[]> {
      const live = [...containers.values()].filter((l) => running(l) && l.record.process);
      const usage = await groupUsage(live.map((l) => l.record.process!.pid));
      const now = Date.now();
      return live.map((l) => {
        const u = usage.get(l.record.process!.pid)!;
        return {
          containerId: l.record.id,
          timestamp: now,
          cpuUsageCoreNanoSeconds: Math.round(u.cpuNanoSeconds),
          memoryWorkingSetBytes: u.rssBytes,
          memoryUsageBytes: u.rssBytes,
          memoryRssBytes: u.rssBytes,
        };
      });
    },

    onEvent(listener: (event: RuntimeEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close(): Promise<void> {
      // The processes keep running: the next runtime instance adopts them.
      clearInterval(watcher);
      listeners.clear();
    },
  };
  return runtime;
}
