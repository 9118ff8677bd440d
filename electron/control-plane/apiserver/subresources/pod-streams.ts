// pods/log, exec, attach, portforward and proxy. Containers run on nodes, so these are
// served by the node's agent; here is what the control plane decides on its own.
import { StatusError, errors } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';

export const POD_STREAM_SUBRESOURCES = ['log', 'exec', 'attach', 'portforward', 'proxy'] as const;

interface PodLike extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] };
}

/** The container a log/exec/attach request means, checked the way upstream checks it. */
export function containerOf(pod: PodLike, requested: string | undefined): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  if (requested) {
    if (!all.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    return requested;
  }
  if (names.length === 1) return names[0]!;
  throw errors.badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
}

/**
 * What the control plane answers before an agent is involved: `undefined` for a log
 * of a pod no node has taken yet (upstream returns an empty log), an error otherwise.
 */
export function podStream(pod: PodLike, subresource: string, container: string | undefined): undefined {
  if (subresource === 'log' || subresource === 'exec' || subresource === 'attach') containerOf(pod, container);
  const node = pod.spec?.nodeName;
  if (!node) {
    if (subresource === 'log') return undefined;
    throw errors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  }
  throw new StatusError(503, 'ServiceUnavailable', `no agent of node "${node}" is connected to the control plane, so pods/${subresource} of pod ${pod.metadata.name} cannot be reached`);
}
