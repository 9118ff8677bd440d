// Pulling a container's image per imagePullPolicy, with upstream's events and
// waiting reasons (ErrImagePull, then ImagePullBackOff while backing off;
// ErrImageNeverPull) and its per-image pull backoff.
import type { Container, Pod } from '../../api/types.ts';
import type { Runtime } from '../runtime/types.ts';
import type { Backoff } from './backoff.ts';
import type { WaitingReason } from './status.ts';

export type Recorder = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;

/** Upstream's default: Always for `:latest` or no tag, IfNotPresent otherwise. */
export function pullPolicy(container: Container): 'Always' | 'IfNotPresent' | 'Never' {
  const policy = container.imagePullPolicy as 'Always' | 'IfNotPresent' | 'Never' | undefined;
  if (policy) return policy;
  const image = container.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const tag = image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Undefined when the image is ready; otherwise why the container waits. */
export async function ensureImage(runtime: Runtime, pod: Pod, container: Container, backoff: Backoff, record: Recorder): Promise<WaitingReason | undefined> {
  const image = container.image ?? '';
  const policy = pullPolicy(container);
  const present = await runtime.imageStatus(image);
  if (policy === 'Never' && !present) {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    record(pod, 'Warning', 'ErrImageNeverPull', message);
    return { reason: 'ErrImageNeverPull', message };
  }
  if (present && policy !== 'Always') {
    record(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    return undefined;
  }
  const key = `${pod.metadata!.uid}/${image}`;
  if (backoff.inBackoff(key)) {
    record(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
    return { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
  }
  record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
  const started = Date.now();
  try {
    const pulled = await runtime.pullImage(image);
    const took = ((Date.now() - started) / 1000).toFixed(3);
    record(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took}s (${took}s including waiting). Image size: ${pulled.sizeBytes} bytes.`);
    backoff.reset(key);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    record(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
    record(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    backoff.next(key);
    return { reason: 'ErrImagePull', message };
  }
}
