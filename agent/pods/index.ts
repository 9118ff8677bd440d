// The pod manager: watches the pods bound to this node (and the static pods of the
// manifest directory), runs one PodWorker per pod uid, resyncs them periodically
// and on runtime events, keeps static pods' mirrors in the API, and removes what
// the runtime holds for pods this node no longer has.
import { watch, type FSWatcher } from 'node:fs';
import type { KubeObject, Pod } from '../../api/types.ts';
import { createEventRecorder, createInformerFactory } from '../../client/index.ts';
import { R } from '../../client/types.ts';
import type { Client } from '../../client/types.ts';
import { createProbeManager, probeEventMessage } from '../probes/index.ts';
import { LABEL_POD_UID, type Runtime } from '../runtime/types.ts';
import { removePodDir } from '../volumes/index.ts';
import { createBackoff } from './backoff.ts';
import { nodeAllocatable, type AgentContext } from './context.ts';
import { ANNOTATION_GRACE } from './runtime-config.ts';
import { CONFIG_HASH, CONFIG_MIRROR, isMirrorPod, mirrorOf, readStaticPods } from './static.ts';
import { PodWorker } from './worker.ts';

export interface PodManagerOptions {
  client: Client;
  nodeName: string;
  nodeIP: string;
  runtime: Runtime;
  dataDir: string;
  staticPodPath?: string;
  log: (line: string) => void;
}

export interface PodManager {
  /** Stops the workers; containers keep running, so an agent restart restarts nothing. */
  stop(): Promise<void>;
  podCount(): number;
}

const RESYNC_MS = 10_000;

type ApiPod = Pod & { metadata: NonNullable<Pod['metadata']> };

const keyOf = (pod: Pod) => `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name}`;

export function startPodManager(opts: PodManagerOptions): PodManager {
  const { client, nodeName, runtime, log } = opts;
  const recorder = createEventRecorder(client, 'kubelet', nodeName, log);
  const factory = createInformerFactory(client, log);
  const podInformer = factory.informer<KubeObject>(R.pods, { fieldSelector: `spec.nodeName=${nodeName}` });
  // Pods as the API types them; the informer's cache holds them as plain objects.
  const informer = {
    get: (namespace: string | undefined, name: string) => podInformer.get(namespace, name) as unknown as ApiPod | undefined,
    list: () => podInformer.list() as unknown as ApiPod[],
  };
  const workers = new Map<string, PodWorker>();
  const staticPods = new Map<string, Pod>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let started = false;
  let watcher: FSWatcher | undefined;

  const probes = createProbeManager({
    runtime,
    onChange: (uid) => workers.get(uid)?.trigger(),
    onFailure: (pod, _container, kind, output) => recorder.event(pod as never, 'Warning', 'Unhealthy', probeEventMessage(kind, output)),
    log,
  });

  const later = (fn: () => void, ms: number) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };

  const ctx: AgentContext = {
    client,
    runtime,
    runtimeName: 'unknown',
    nodeName,
    nodeIP: opts.nodeIP,
    dataDir: opts.dataDir,
    probes,
    crashBackoff: createBackoff(10_000, 300_000),
    pullBackoff: createBackoff(10_000, 300_000),
    record: (pod, type, reason, message) => recorder.event(pod as never, type, reason, message),
    log,
    allocatable: nodeAllocatable(client, nodeName),
    syncLater: (uid, ms) => later(() => workers.get(uid)?.trigger(), ms),
    statusTarget(pod) {
      const found = informer.get(pod.metadata?.namespace, pod.metadata!.name!) as Pod | undefined;
      if (staticPods.has(pod.metadata!.uid!)) return found && isMirrorPod(found) ? found : undefined;
      return found && found.metadata?.uid === pod.metadata?.uid ? found : pod;
    },
  };

  /** The pods that should run here: the API's (mirrors aside) and the static ones. */
  function desired(): Map<string, Pod> {
    const out = new Map<string, Pod>();
    for (const pod of informer.list()) if (!isMirrorPod(pod)) out.set(pod.metadata.uid!, pod);
    for (const [uid, pod] of staticPods) out.set(uid, pod);
    return out;
  }

  function dispatch(uid: string, pod: Pod | undefined): void {
    if (!started || stopped) return;
    const worker = workers.get(uid);
    if (worker) {
      worker.update(pod);
      return;
    }
    if (!pod) return;
    const fresh = new PodWorker(ctx, uid, pod, (gone) => {
      if (workers.get(gone) === fresh) workers.delete(gone);
    });
    workers.set(uid, fresh);
    fresh.trigger();
  }

  const onPod = (obj: KubeObject, gone: boolean) => {
    const pod = obj as unknown as ApiPod;
    if (isMirrorPod(pod)) {
      void syncMirrors();
      // The static pod's status goes into its mirror: a new mirror needs it written.
      if (!gone) workers.get(pod.metadata.annotations![CONFIG_MIRROR]!)?.trigger();
    } else dispatch(pod.metadata.uid!, gone ? undefined : pod);
  };
  podInformer.addHandlers({
    add: (pod) => onPod(pod, false),
    update: (_old, pod) => onPod(pod, false),
    delete: (pod) => onPod(pod, true),
  });

  let nodeUid: string | undefined;
  let mirroring = false;
  let mirrorAgain = false;
  /** Creates missing mirrors, replaces stale or deleted ones, and deletes those whose static pod went. */
  async function syncMirrors(): Promise<void> {
    if (!started || stopped) return;
    if (mirroring) {
      mirrorAgain = true;
      return;
    }
    mirroring = true;
    try {
      do {
        mirrorAgain = false;
        if (!nodeUid) nodeUid = await client.get(R.nodes, undefined, nodeName).then((n) => n.metadata.uid, () => undefined);
        const byKey = new Map([...staticPods.values()].map((p) => [keyOf(p), p]));
        for (const mirror of informer.list().filter(isMirrorPod)) {
          const own = byKey.get(keyOf(mirror));
          const stale = !own || mirror.metadata.deletionTimestamp || mirror.metadata.annotations?.[CONFIG_MIRROR] !== own.metadata!.annotations![CONFIG_HASH];
          if (!stale) continue;
          await client
            .delete(R.pods, mirror.metadata.namespace, mirror.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid! } })
            .catch((err) => log(`mirror pod ${keyOf(mirror)}: delete failed: ${(err as Error).message}`));
        }
        for (const pod of staticPods.values()) {
          const existing = informer.get(pod.metadata!.namespace, pod.metadata!.name!);
          if (existing) continue;
          try {
            await client.create(R.pods, pod.metadata!.namespace, mirrorOf(pod, nodeUid, nodeName) as never);
            // The worker writes the status into the new mirror.
            workers.get(pod.metadata!.uid!)?.trigger();
          } catch (err) {
            if ((err as { code?: number }).code !== 409) log(`mirror pod ${keyOf(pod)}: create failed: ${(err as Error).message}`);
          }
        }
      } while (mirrorAgain && !stopped);
    } finally {
      mirroring = false;
    }
  }

  async function scanStatic(): Promise<void> {
    if (!opts.staticPodPath) return;
    const pods = await readStaticPods(opts.staticPodPath, nodeName, log);
    const seen = new Set<string>();
    for (const pod of pods) {
      const uid = pod.metadata!.uid!;
      seen.add(uid);
      if (!staticPods.has(uid)) {
        staticPods.set(uid, pod);
        dispatch(uid, pod);
      }
    }
    for (const uid of [...staticPods.keys()]) {
      if (seen.has(uid)) continue;
      staticPods.delete(uid);
      dispatch(uid, undefined);
    }
    await syncMirrors();
  }

  /** Stops and removes sandboxes and containers of pods this node no longer has (e.g. deleted while the agent was down). */
  async function removeOrphans(): Promise<void> {
    const [sandboxes, containers] = await Promise.all([runtime.listPodSandboxes(), runtime.listContainers()]);
    const want = desired();
    const orphan = (uid: string | undefined) => uid !== undefined && !workers.has(uid) && !want.has(uid);
    for (const c of containers) {
      const uid = c.labels[LABEL_POD_UID];
      if (!orphan(uid)) continue;
      if (c.state === 'running') await runtime.stopContainer(c.id, Number(c.annotations[ANNOTATION_GRACE] ?? 0));
      await runtime.removeContainer(c.id);
    }
    const uids = new Set<string>();
    for (const s of sandboxes) {
      const uid = s.labels[LABEL_POD_UID];
      if (!orphan(uid)) continue;
      uids.add(uid!);
      await runtime.removePodSandbox(s.id);
    }
    for (const uid of uids) await removePodDir(opts.dataDir, uid);
    if (uids.size > 0) log(`removed the runtime objects of ${uids.size} pod(s) no longer on this node`);
  }

  async function resync(): Promise<void> {
    await scanStatic();
    for (const [uid, pod] of desired()) dispatch(uid, pod);
    await removeOrphans();
  }

  const unsubscribe = runtime.onEvent((event) => {
    if (event.podUid) workers.get(event.podUid)?.trigger();
  });

  const loop = () =>
    later(() => {
      resync()
        .catch((err) => log(`pod manager: resync failed: ${(err as Error).message}`))
        .finally(loop);
    }, RESYNC_MS);

  factory.start();
  void (async () => {
    try {
      ctx.runtimeName = (await runtime.version()).runtimeName;
      await podInformer.synced();
      if (stopped) return;
      started = true;
      if (opts.staticPodPath) {
        try {
          watcher = watch(opts.staticPodPath, () => later(() => void scanStatic().catch((err) => log(`static pods: ${(err as Error).message}`)), 100));
        } catch (err) {
          log(`static pods: cannot watch ${opts.staticPodPath}: ${(err as Error).message}; rescanning every ${RESYNC_MS / 1000}s`);
        }
      }
      await resync();
    } catch (err) {
      log(`pod manager: start failed: ${(err as Error).message}`);
    }
    loop();
  })();

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      watcher?.close();
      unsubscribe();
      factory.stop();
      probes.stop();
      const all = [...workers.values()];
      for (const w of all) w.halt();
      await Promise.all(all.map((w) => w.idle()));
    },
    podCount: () => workers.size,
  };
}
