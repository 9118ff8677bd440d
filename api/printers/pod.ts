// A pod at a glance as `kubectl get pods` prints it: READY counts, the STATUS
// reason (init progress, waiting/terminated reasons, Terminating) and RESTARTS
// with the time of the last restart, following upstream's printPod. Shared by the
// server's Table output and the dashboard's pod list.
import type { Container, ContainerStatus, Pod } from '../types.ts';
import { ageSince } from '../meta.ts';

export interface PodStatusSummary {
  ready: number;
  /** Containers, plus sidecars (init containers that keep running). */
  total: number;
  /** The STATUS column. */
  reason: string;
  restarts: number;
  /** When a container last terminated before a restart ('' when never). */
  lastRestart: string;
}

/** Sidecars: init containers that keep running (restartPolicy Always) count as containers. */
function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

/** Latest of two RFC 3339 timestamps ('' is "never"). */
function later(a: string, b: string | undefined): string {
  if (!b) return a;
  return a === '' || Date.parse(b) > Date.parse(a) ? b : a;
}

function lastTerminated(status: ContainerStatus): string | undefined {
  return status.lastState?.terminated?.finishedAt;
}

function terminatedReason(prefix: string, t: { reason?: string; signal?: number; exitCode: number }): string {
  if (t.reason) return prefix + t.reason;
  return t.signal ? `${prefix}Signal:${t.signal}` : `${prefix}ExitCode:${t.exitCode}`;
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

export function podSummary(pod: Pod): PodStatusSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initSpecs = new Map((spec?.initContainers ?? []).map((c) => [c.name, c]));
  const total = (spec?.containers ?? []).length + [...initSpecs.values()].filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = '';
  let lastSidecarRestart = '';
  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount;
    lastRestart = later(lastRestart, lastTerminated(c));
    const sidecar = isRestartable(initSpecs.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount;
      lastSidecarRestart = later(lastSidecarRestart, lastTerminated(c));
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) reason = terminatedReason('Init:', terminated);
    else if (waiting?.reason && waiting.reason !== 'PodInitializing') reason = 'Init:' + waiting.reason;
    else reason = `Init:${i}/${initSpecs.size}`;
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Upstream walks backwards, so the first container's state wins the STATUS column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount;
      lastRestart = later(lastRestart, lastTerminated(c));
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated) reason = terminatedReason('', terminated);
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';

  return { ready, total, reason, restarts, lastRestart };
}

/** The RESTARTS cell: "3 (5m ago)" once a container has restarted. */
export function restartsCell(summary: PodStatusSummary, now: Date | number): string {
  return summary.restarts !== 0 && summary.lastRestart !== '' ? `${summary.restarts} (${ageSince(summary.lastRestart, now)} ago)` : String(summary.restarts);
}
