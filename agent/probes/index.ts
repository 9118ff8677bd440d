// Liveness, readiness and startup probes (upstream's prober manager): one worker
// per probe of each running container, on its own timer. Results change only
// after failureThreshold / successThreshold consecutive outcomes; the startup
// probe holds the other two back until it succeeds once.
import type { Container, Pod, Probe } from '../../api/types.ts';
import type { Runtime } from '../runtime/types.ts';
import { runProbe } from './run.ts';

export { runProbe, resolvePort, type ProbeOutcome, type ProbeTarget } from './run.ts';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeManagerOptions {
  runtime: Runtime;
  /** A result changed (the pod worker re-syncs: status, or a restart on liveness failure). */
  onChange(podUid: string): void;
  /** Every failed attempt: upstream records Warning Unhealthy "<Kind> probe failed: …". */
  onFailure(pod: Pod, container: Container, kind: ProbeKind, output: string): void;
  log: (line: string) => void;
}

export interface RunningContainer {
  container: Container;
  id: string;
  /** Unix milliseconds. */
  startedAt: number;
}

export interface ProbeManager {
  /** Starts workers for newly running containers and stops those of containers that went. */
  update(pod: Pod, podIP: string, running: RunningContainer[]): void;
  /** Readiness: false until the readiness probe succeeded; true without a readiness probe. */
  ready(containerId: string): boolean;
  /** Startup: false until the startup probe succeeded; true without one. */
  started(containerId: string): boolean;
  /** The probe (liveness or startup) that says the container must be restarted, if any. */
  failed(containerId: string): ProbeKind | undefined;
  removePod(podUid: string): void;
  stop(): void;
}

interface Worker {
  kind: ProbeKind;
  probe: Probe;
  timer?: NodeJS.Timeout;
  stopped: boolean;
  result: boolean | undefined;
  successes: number;
  failures: number;
}

interface ContainerProbes {
  podUid: string;
  containerId: string;
  workers: Map<ProbeKind, Worker>;
}

const capitalized: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export function createProbeManager(options: ProbeManagerOptions): ProbeManager {
  const byContainer = new Map<string, ContainerProbes>();

  function stopContainer(entry: ContainerProbes): void {
    for (const w of entry.workers.values()) {
      w.stopped = true;
      clearTimeout(w.timer);
    }
    byContainer.delete(entry.containerId);
  }

  function startWorker(entry: ContainerProbes, kind: ProbeKind, probe: Probe, pod: Pod, podIP: string, rc: RunningContainer): void {
    const w: Worker = { kind, probe, stopped: false, result: undefined, successes: 0, failures: 0 };
    entry.workers.set(kind, w);
    const period = (probe.periodSeconds ?? 10) * 1000;
    const successThreshold = kind === 'readiness' ? probe.successThreshold ?? 1 : 1;
    const failureThreshold = probe.failureThreshold ?? 3;
    const tick = async () => {
      if (w.stopped) return;
      const startup = entry.workers.get('startup');
      const held = kind !== 'startup' && startup !== undefined && startup.result !== true;
      // A started container's startup probe is done; a failed liveness or startup waits for the restart.
      const done = (kind === 'startup' && w.result === true) || (kind !== 'readiness' && w.result === false);
      if (!held && !done) {
        const outcome = await runProbe(probe, { runtime: options.runtime, containerId: rc.id, container: rc.container, podIP });
        if (w.stopped) return;
        if (outcome.success) {
          w.failures = 0;
          w.successes++;
        } else {
          w.successes = 0;
          w.failures++;
          options.onFailure(pod, rc.container, kind, outcome.output);
        }
        let next = w.result;
        if (w.successes >= successThreshold) next = true;
        else if (w.failures >= failureThreshold) next = false;
        if (next !== w.result) {
          w.result = next;
          options.log(`probe ${capitalized[kind]} of ${pod.metadata!.namespace}/${pod.metadata!.name}/${rc.container.name}: ${next ? 'success' : 'failure'}`);
          options.onChange(entry.podUid);
        }
      }
      if (!w.stopped) w.timer = setTimeout(() => void tick(), period);
    };
    const delay = Math.max(0, rc.startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - Date.now());
    w.timer = setTimeout(() => void tick(), delay);
  }

  return {
    update(pod, podIP, running) {
      const uid = pod.metadata!.uid!;
      const ids = new Set(running.map((r) => r.id));
      for (const entry of [...byContainer.values()]) if (entry.podUid === uid && !ids.has(entry.containerId)) stopContainer(entry);
      for (const rc of running) {
        if (byContainer.has(rc.id)) continue;
        const entry: ContainerProbes = { podUid: uid, containerId: rc.id, workers: new Map() };
        byContainer.set(rc.id, entry);
        const c = rc.container;
        if (c.startupProbe) startWorker(entry, 'startup', c.startupProbe, pod, podIP, rc);
        if (c.livenessProbe) startWorker(entry, 'liveness', c.livenessProbe, pod, podIP, rc);
        if (c.readinessProbe) startWorker(entry, 'readiness', c.readinessProbe, pod, podIP, rc);
      }
    },
    ready(containerId) {
      const w = byContainer.get(containerId)?.workers;
      if (!w) return false;
      if (w.get('startup') && w.get('startup')!.result !== true) return false;
      const readiness = w.get('readiness');
      return readiness ? readiness.result === true : true;
    },
    started(containerId) {
      const w = byContainer.get(containerId)?.workers;
      if (!w) return false;
      const startup = w.get('startup');
      return startup ? startup.result === true : true;
    },
    failed(containerId) {
      const w = byContainer.get(containerId)?.workers;
      if (w?.get('startup')?.result === false) return 'startup';
      if (w?.get('liveness')?.result === false) return 'liveness';
      return undefined;
    },
    removePod(podUid) {
      for (const entry of [...byContainer.values()]) if (entry.podUid === podUid) stopContainer(entry);
    },
    stop() {
      for (const entry of [...byContainer.values()]) stopContainer(entry);
    },
  };
}

export function probeEventMessage(kind: ProbeKind, output: string): string {
  return `${capitalized[kind]} probe failed: ${output}`;
}
