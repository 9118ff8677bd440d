// One container's log, followed for as long as the viewer is open: it waits
// for the container to start, re-streams from the last line it has when the
// stream ends while the container still runs, and waits for a restart when it
// exits. The viewer supplies the pod's state from its watch, so nothing polls.
import type { Pod } from '../../../../api/types.ts';
import { ApiError, type ApiClient } from '../../api/client.ts';
import { kindByPlural, resourcePath } from '../../api/kinds.ts';
import { sleep } from '../../api/reflector.ts';

export type ContainerPhase = 'waiting' | 'running' | 'terminated' | 'unknown';

export type FollowState =
  | { phase: 'waiting' | 'streaming' | 'ended' }
  | { phase: 'error'; message: string };

export interface FollowTarget {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  tailLines?: number;
}

export interface FollowHooks {
  /** A chunk of the stream; returns the newest timestamp the buffer took. */
  chunk(text: string, after: string | undefined): string | undefined;
  /** The stream ended: its last unterminated line is complete. */
  ended(): void;
  state(state: FollowState): void;
  phase(): ContainerPhase;
  /** Resolves when the pod changes (or the follow is aborted). */
  changed(): Promise<void>;
}

const RETRY_MS = 2000;

function statusOf(pod: Pod | undefined, container: string) {
  return [...(pod?.status?.containerStatuses ?? []), ...(pod?.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
}

export function containerPhase(pod: Pod | undefined, container: string): ContainerPhase {
  const status = statusOf(pod, container);
  if (!pod) return 'unknown';
  if (!status) return pod.status?.phase === 'Pending' || !pod.spec?.nodeName ? 'waiting' : 'unknown';
  if (status.state?.running) return 'running';
  if (status.state?.terminated) return 'terminated';
  // waiting after a crash still has the previous run's log; before any run there is none
  return status.lastState?.terminated ? 'terminated' : 'waiting';
}

/** Why a container is not running yet, as the agent reported it (ContainerCreating, ErrImagePull: …). */
export function waitingReason(pod: Pod | undefined, container: string): string | undefined {
  const waiting = statusOf(pod, container)?.state?.waiting;
  if (!waiting?.reason) return undefined;
  return waiting.message ? `${waiting.reason}: ${waiting.message}` : waiting.reason;
}

export function logPath(target: FollowTarget, sinceTime: string | undefined): string {
  const query = new URLSearchParams({ container: target.container, timestamps: 'true' });
  if (target.previous) query.set('previous', 'true');
  else query.set('follow', 'true');
  if (sinceTime) query.set('sinceTime', sinceTime);
  else if (target.tailLines !== undefined) query.set('tailLines', String(target.tailLines));
  return `${resourcePath(kindByPlural('pods')!, target.namespace, target.pod, 'log')}?${query.toString()}`;
}

/** Errors that another try cannot fix until the pod changes (no previous container, bad container name). */
function waitsForChange(error: ApiError): boolean {
  return error.kind === 'invalid' || error.kind === 'notfound' || error.kind === 'unauthorized';
}

export async function followLog(client: ApiClient, target: FollowTarget, hooks: FollowHooks, signal: AbortSignal): Promise<void> {
  let since: string | undefined;
  while (!signal.aborted) {
    if (!target.previous && hooks.phase() === 'waiting') {
      hooks.state({ phase: 'waiting' });
      await hooks.changed();
      continue;
    }
    hooks.state({ phase: 'streaming' });
    try {
      for await (const text of client.stream(logPath(target, since), signal)) since = hooks.chunk(text, since) ?? since;
    } catch (error) {
      if (signal.aborted) return;
      const message = error instanceof ApiError ? error.message : String((error as Error).message ?? error);
      hooks.state({ phase: 'error', message });
      if (error instanceof ApiError && waitsForChange(error)) await hooks.changed();
      else await sleep(RETRY_MS, signal);
      continue;
    }
    hooks.ended();
    if (signal.aborted) return;
    if (target.previous) return hooks.state({ phase: 'ended' });
    if (hooks.phase() === 'running') {
      await sleep(RETRY_MS / 2, signal);
      continue;
    }
    hooks.state({ phase: 'ended' });
    await hooks.changed();
  }
}
