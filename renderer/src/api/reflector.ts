// List, then watch from the list's resourceVersion, for as long as the signal
// lives (a reflector, as client-go calls it). The server ends watches now and
// then: carry on from the last version seen. 410 Gone: relist at once. A lost
// connection: report it, back off, relist.
import type { KubeObject, WatchEvent } from '../../../api/types.ts';
import { ApiError, type ApiClient } from './client.ts';

export interface ReflectorSink<T extends KubeObject> {
  /** The full list, after the first list and after every relist. */
  replace(items: T[]): void;
  apply(event: WatchEvent<T>): void;
  failed(error: ApiError): void;
}

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export async function reflect<T extends KubeObject>(client: ApiClient, path: string, sink: ReflectorSink<T>, signal: AbortSignal): Promise<void> {
  let backoff = MIN_BACKOFF_MS;
  while (!signal.aborted) {
    try {
      const list = await client.list<T>(path, signal);
      sink.replace(list.items);
      backoff = MIN_BACKOFF_MS;
      let resourceVersion = list.metadata.resourceVersion ?? '0';
      while (!signal.aborted) {
        for await (const event of client.watch<T>(path, resourceVersion, signal)) {
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type !== 'BOOKMARK') sink.apply(event);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.kind === 'gone') continue;
      const failure = error instanceof ApiError ? error : new ApiError('status', error instanceof Error ? error.message : String(error));
      sink.failed(failure);
      if (failure.kind === 'unauthorized') return;
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
