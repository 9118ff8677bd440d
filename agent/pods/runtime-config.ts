// Pod and container specs turned into the runtime's sandbox and container configs,
// with the identity labels and the annotations the worker reads back (hash,
// restart count, grace period) so that state survives an agent restart.
import { milliValue, parseQuantity } from '../../api/quantity.ts';
import type { Container, Pod } from '../../api/types.ts';
import {
  LABEL_CONTAINER_NAME, LABEL_NODE_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID,
  type ContainerConfig, type Mount, type PodSandboxConfig, type PortMapping,
} from '../runtime/types.ts';
import { containerHash } from './hash.ts';

export const ANNOTATION_HASH = 'io.kubernetes.container.hash';
export const ANNOTATION_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const ANNOTATION_GRACE = 'io.kubernetes.pod.terminationGracePeriod';
export const DEFAULT_GRACE_SECONDS = 30;

export function graceSeconds(pod: Pod): number {
  return pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

function identity(pod: Pod, nodeName: string): Record<string, string> {
  return {
    [LABEL_POD_UID]: pod.metadata!.uid!,
    [LABEL_POD_NAMESPACE]: pod.metadata!.namespace ?? 'default',
    [LABEL_POD_NAME]: pod.metadata!.name!,
    [LABEL_NODE_NAME]: nodeName,
  };
}

function portsOf(containers: Container[], onlyHostPorts: boolean): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (onlyHostPorts && !p.hostPort) continue;
      const m: PortMapping = { protocol: (p.protocol ?? 'TCP') as PortMapping['protocol'], containerPort: p.containerPort };
      if (p.hostPort) m.hostPort = p.hostPort;
      if (p.hostIP) m.hostIP = p.hostIP;
      out.push(m);
    }
  }
  return out;
}

export function sandboxConfig(pod: Pod, nodeName: string, attempt: number): PodSandboxConfig {
  const meta = pod.metadata!;
  return {
    metadata: { uid: meta.uid!, namespace: meta.namespace ?? 'default', name: meta.name!, attempt },
    hostname: (pod.spec?.hostname ?? meta.name!).slice(0, 63),
    hostNetwork: pod.spec?.hostNetwork === true,
    portMappings: portsOf(pod.spec?.containers ?? [], true),
    labels: { ...meta.labels, ...identity(pod, nodeName) },
    annotations: { [ANNOTATION_GRACE]: String(graceSeconds(pod)) },
  };
}

export function containerConfig(
  pod: Pod,
  container: Container,
  nodeName: string,
  attempt: number,
  env: { name: string; value: string }[],
  mounts: Mount[],
): ContainerConfig {
  const limits = (container.resources?.limits ?? {}) as Record<string, string>;
  const requests = (container.resources?.requests ?? {}) as Record<string, string>;
  const resources: ContainerConfig['resources'] = {};
  if (limits.cpu !== undefined) resources.cpuLimitMillis = milliValue(String(limits.cpu));
  if (requests.cpu !== undefined) resources.cpuRequestMillis = milliValue(String(requests.cpu));
  if (limits.memory !== undefined) resources.memoryLimitBytes = parseQuantity(String(limits.memory));
  const sc = container.securityContext ?? {};
  const psc = pod.spec?.securityContext ?? {};
  const securityContext: ContainerConfig['securityContext'] = {};
  const runAsUser = sc.runAsUser ?? psc.runAsUser;
  const runAsGroup = sc.runAsGroup ?? psc.runAsGroup;
  if (runAsUser !== undefined) securityContext.runAsUser = runAsUser;
  if (runAsGroup !== undefined) securityContext.runAsGroup = runAsGroup;
  if (sc.privileged !== undefined) securityContext.privileged = sc.privileged;
  if (sc.readOnlyRootFilesystem !== undefined) securityContext.readOnlyRootFilesystem = sc.readOnlyRootFilesystem;
  const config: ContainerConfig = {
    name: container.name,
    attempt,
    image: container.image ?? '',
    command: container.command ?? [],
    args: container.args ?? [],
    env,
    mounts,
    ports: portsOf([container], false),
    tty: container.tty === true,
    stdin: container.stdin === true,
    stdinOnce: container.stdinOnce === true,
    resources,
    securityContext,
    labels: { ...identity(pod, nodeName), [LABEL_CONTAINER_NAME]: container.name },
    annotations: {
      [ANNOTATION_HASH]: containerHash(container),
      [ANNOTATION_RESTART_COUNT]: String(attempt),
      [ANNOTATION_GRACE]: String(graceSeconds(pod)),
    },
  };
  if (container.workingDir) config.workingDir = container.workingDir;
  return config;
}
