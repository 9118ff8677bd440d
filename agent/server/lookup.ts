// Finds a pod's sandbox and containers from the runtime's labels alone, and
// answers with the kubelet's wording when the one asked for is not there.
import { StatusError, errors } from '../../api/status.ts';
import {
  LABEL_CONTAINER_NAME, LABEL_POD_NAME, LABEL_POD_NAMESPACE,
  type ContainerStatus, type PodSandboxStatus, type Runtime,
} from '../runtime/types.ts';

export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}

/** Newest attempt first. */
async function attempts(runtime: Runtime, ref: ContainerRef): Promise<ContainerStatus[]> {
  const all = await runtime.listContainers();
  return all
    .filter((c) => c.labels[LABEL_POD_NAMESPACE] === ref.namespace && c.labels[LABEL_POD_NAME] === ref.pod
      && c.labels[LABEL_CONTAINER_NAME] === ref.container)
    .sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
}

async function sandboxesOf(runtime: Runtime, namespace: string, pod: string): Promise<PodSandboxStatus[]> {
  const all = await runtime.listPodSandboxes();
  return all
    .filter((s) => s.metadata.namespace === namespace && s.metadata.name === pod)
    .sort((a, b) => b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt);
}

function podNotFound(pod: string): StatusError {
  return errors.notFound('pods', '', pod);
}

/**
 * The container whose log `kubectl logs` shows, chosen as the kubelet's
 * validateContainerLogStatus does from the newest attempt and the one before it.
 */
export async function containerForLogs(runtime: Runtime, ref: ContainerRef, previous: boolean): Promise<ContainerStatus> {
  const list = await attempts(runtime, ref);
  const { pod, container } = ref;
  if (list.length === 0 && (await sandboxesOf(runtime, ref.namespace, pod)).length === 0) throw podNotFound(pod);
  const [newest, ...older] = list;
  const lastTerminated = older.find((c) => c.state === 'exited' || c.state === 'unknown');
  if (previous) {
    if (!lastTerminated) throw errors.badRequest(`previous terminated container "${container}" in pod "${pod}" not found`);
    return lastTerminated;
  }
  if (newest && newest.state !== 'created') return newest;
  // Not started yet: the kubelet falls back to the last run's log before saying it is waiting.
  if (lastTerminated) return lastTerminated;
  throw errors.badRequest(`container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
}

/** The running container exec and attach reach (the kubelet's findContainer over running pods). */
export async function runningContainer(runtime: Runtime, ref: ContainerRef): Promise<ContainerStatus> {
  const [newest] = await attempts(runtime, ref);
  if (newest?.state === 'running') return newest;
  if (!newest && (await sandboxesOf(runtime, ref.namespace, ref.pod)).length === 0) throw podNotFound(ref.pod);
  throw new StatusError(404, 'NotFound', `container not found ("${ref.container}")`);
}

/** The ready sandbox whose network namespace port-forward enters. */
export async function readySandbox(runtime: Runtime, namespace: string, pod: string): Promise<PodSandboxStatus> {
  const ready = (await sandboxesOf(runtime, namespace, pod)).find((s) => s.state === 'ready');
  if (!ready) throw podNotFound(pod);
  return ready;
}
