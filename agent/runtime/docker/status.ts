// Engine inspect output → the Runtime's statuses, with the kubelet's reasons.
import type Docker from 'dockerode';
import { LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type ContainerState, type ContainerStatus, type PodSandboxStatus } from '../types.ts';
import { LABEL_ATTEMPT, LABEL_HOST_NETWORK, LABEL_SANDBOX_ID, splitLabels } from './labels.ts';

/** Engine times are RFC 3339 with nanoseconds; Go's zero time means "not yet". */
export function engineTime(value: string | undefined): number {
  if (!value || value.startsWith('0001-01-01')) return 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

function state(s: Docker.ContainerInspectInfo['State']): ContainerState {
  switch (s.Status) {
    case 'created':
      return 'created';
    case 'running':
    case 'paused':
    case 'restarting':
      return 'running';
    case 'exited':
    case 'dead':
    case 'removing':
      return 'exited';
    default:
      return 'unknown';
  }
}

function exitReason(s: Docker.ContainerInspectInfo['State']): string {
  if (s.OOMKilled) return 'OOMKilled';
  return s.ExitCode === 0 ? 'Completed' : 'Error';
}

/** imageRef from the image's identity: `docker-pullable://repo@sha256:…` once it came from a registry, else its id. */
export function imageRefOf(image: { Id: string; RepoDigests?: string[] } | undefined, fallbackId: string): string {
  const digest = image?.RepoDigests?.[0];
  return digest ? `docker-pullable://${digest}` : `docker://${image?.Id ?? fallbackId}`;
}

export function toContainerStatus(info: Docker.ContainerInspectInfo, imageRef: string): ContainerStatus {
  const labels = info.Config.Labels ?? {};
  const split = splitLabels(labels);
  const createdAt = engineTime(info.Created);
  const startedAt = engineTime(info.State.StartedAt);
  // The engine stamps a start after containerd returns and an exit from containerd's
  // event, so a process that ends at once can seem to finish before it started.
  const finishedAt = engineTime(info.State.FinishedAt);
  const base = {
    id: info.Id,
    sandboxId: labels[LABEL_SANDBOX_ID] ?? '',
    name: labels[LABEL_CONTAINER_NAME] ?? info.Name.replace(/^\//, ''),
    attempt: Number(labels[LABEL_ATTEMPT] ?? 0),
    image: info.Config.Image,
    imageRef,
    createdAt,
    startedAt,
    finishedAt: finishedAt && Math.max(finishedAt, startedAt),
    exitCode: info.State.ExitCode,
    labels: split.labels,
    annotations: split.annotations,
  };
  const s = info.State;
  // A start the engine refused (no such executable, bad mount) leaves the container
  // "created" with the error: to the pod worker it is a container that ran and failed.
  if (s.Status === 'created' && s.Error) {
    return { ...base, state: 'exited', exitCode: s.ExitCode || 128, finishedAt: base.finishedAt || createdAt, reason: 'ContainerCannotRun', message: s.Error };
  }
  const st = state(s);
  if (st !== 'exited') return { ...base, state: st };
  return { ...base, state: st, reason: exitReason(s), ...(s.Error ? { message: s.Error } : {}) };
}

export function sandboxIP(info: Docker.ContainerInspectInfo, hostIP: () => string): string | undefined {
  if (info.Config.Labels?.[LABEL_HOST_NETWORK] === 'true') return hostIP();
  const networks = Object.values(info.NetworkSettings.Networks ?? {});
  return networks.map((n) => n.IPAddress).find((ip) => ip);
}

export function toSandboxStatus(info: Docker.ContainerInspectInfo, hostIP: () => string): PodSandboxStatus {
  const labels = info.Config.Labels ?? {};
  const split = splitLabels(labels);
  const ready = info.State.Running;
  const ip = ready ? sandboxIP(info, hostIP) : undefined;
  return {
    id: info.Id,
    metadata: {
      uid: labels[LABEL_POD_UID] ?? '',
      namespace: labels[LABEL_POD_NAMESPACE] ?? '',
      name: labels[LABEL_POD_NAME] ?? '',
      attempt: Number(labels[LABEL_ATTEMPT] ?? 0),
    },
    state: ready ? 'ready' : 'notready',
    createdAt: engineTime(info.Created),
    ...(ip ? { ip } : {}),
    labels: split.labels,
    annotations: split.annotations,
  };
}
