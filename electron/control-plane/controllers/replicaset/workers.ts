// The worker loop every work-queue controller runs: take a key, sync it, forget
// its backoff on success or re-queue it rate-limited on failure.
import type { WorkQueue } from '../../../../client/types.ts';
import { messageOf } from './errors.ts';

export interface Workers {
  /** Shuts the queue down and resolves once no sync is in flight. */
  stop(): Promise<void>;
}

/**
 * Takes keys until the queue shuts down: sync each, forget its backoff on success,
 * and on failure re-queue it rate-limited when `failed` says to retry.
 */
export async function processQueue(queue: WorkQueue, sync: (key: string) => Promise<void>, failed: (key: string, err: unknown) => boolean): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await sync(key);
      queue.forget(key);
    } catch (err) {
      if (failed(key, err)) queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}

/**
 * Starts `count` workers once `ready` resolves (the informers' first lists are in
 * the cache: syncing against a half-filled cache would create what already exists).
 */
export function startWorkers(
  queue: WorkQueue,
  count: number,
  ready: Promise<unknown>,
  sync: (key: string) => Promise<void>,
  log: (line: string) => void,
): Workers {
  let stopped = false;
  let release!: () => void;
  const stopping = new Promise<void>((resolve) => (release = resolve));

  const running = Promise.race([ready, stopping]).then(async () => {
    if (stopped) return;
    await Promise.all(Array.from({ length: count }, () => processQueue(queue, sync, (key, err) => {
      log(`error syncing ${key}: ${messageOf(err)}`);
      return !stopped;
    })));
  });

  return {
    async stop() {
      stopped = true;
      release();
      queue.shutDown();
      await running;
    },
  };
}

/** "namespace/name" back into its parts. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
