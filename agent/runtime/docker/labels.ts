// How the driver's own bookkeeping rides on Docker labels and names, so that a
// restarted agent rebuilds everything from the engine alone.
import { LABEL_AGENT_ID, LABEL_CONTAINER_NAME, LABEL_NODE_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE, LABEL_POD_UID, type PodSandboxMetadata } from '../types.ts';

/** `podsandbox` or `container`, as dockershim marked them. */
export const LABEL_TYPE = 'io.kubernetes.docker.type';
export const TYPE_SANDBOX = 'podsandbox';
export const TYPE_CONTAINER = 'container';
/** The relay containers of port-forwards (relay.ts): never listed, never reported. */
export const TYPE_PORTFORWARD = 'portforward';
/** On app containers: the sandbox whose namespaces they joined. */
export const LABEL_SANDBOX_ID = 'io.kubernetes.sandbox.id';
export const LABEL_ATTEMPT = 'dev.flotilla.attempt';
/** On sandboxes: hostNetwork pods are reached on the node's own address. */
export const LABEL_HOST_NETWORK = 'dev.flotilla.host-network';
/** Docker has no annotations: they are kept as labels under this prefix. */
export const ANNOTATION_PREFIX = 'annotation.';

const INTERNAL = new Set([LABEL_TYPE, LABEL_SANDBOX_ID, LABEL_ATTEMPT, LABEL_HOST_NETWORK]);

export interface Owner {
  agentId: string;
  nodeName: string;
}

export function identityLabels(owner: Owner, meta: PodSandboxMetadata, containerName?: string): Record<string, string> {
  return {
    [LABEL_POD_UID]: meta.uid,
    [LABEL_POD_NAMESPACE]: meta.namespace,
    [LABEL_POD_NAME]: meta.name,
    ...(containerName === undefined ? {} : { [LABEL_CONTAINER_NAME]: containerName }),
    [LABEL_NODE_NAME]: owner.nodeName,
    [LABEL_AGENT_ID]: owner.agentId,
  };
}

export function annotationLabels(annotations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations).map(([k, v]) => [ANNOTATION_PREFIX + k, v]));
}

/** Splits engine labels back into the caller's labels and annotations, dropping the driver's own. */
export function splitLabels(all: Record<string, string> | null | undefined): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(all ?? {})) {
    if (k.startsWith(ANNOTATION_PREFIX)) annotations[k.slice(ANNOTATION_PREFIX.length)] = v;
    else if (!INTERNAL.has(k)) labels[k] = v;
  }
  return { labels, annotations };
}

/** dockershim's names, so `docker ps` reads like a node's: k8s_<container>_<pod>_<namespace>_<uid>_<attempt>. */
export function dockerName(container: string, meta: PodSandboxMetadata, attempt: number): string {
  return ['k8s', container, meta.name, meta.namespace, meta.uid, String(attempt)].join('_');
}

export const SANDBOX_CONTAINER_NAME = 'POD';

/** Label filters for the engine's list and events APIs: this agent's objects, of one type when given. */
export function ownFilters(agentId: string, type?: string, extra: string[] = []): { label: string[] } {
  return { label: [`${LABEL_AGENT_ID}=${agentId}`, ...(type ? [`${LABEL_TYPE}=${type}`] : []), ...extra] };
}
