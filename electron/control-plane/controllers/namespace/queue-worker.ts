// The loop every queue-driven controller runs (upstream's processNextWorkItem): wait
// for the caches, then sync one key at a time, backing off a key whose sync failed.
// Shared by the cluster controllers; it belongs in a controllers/common folder once there is one.
import { waitForCacheSync } from '../../../../client/cache-sync.ts';
import type { Informer, WorkQueue } from '../../../../client/types.ts';
import { processQueue } from '../replicaset/workers.ts';
import type { RunningController } from '../types.ts';

export interface QueueWorkerOptions {
  name: string;
  /** Without one, only the periodic pass runs. */
  queue?: WorkQueue;
  /** Nothing is synced before every one of these has listed. */
  informers: Informer[];
  sync?(key: string): Promise<void>;
  log(line: string): void;
  workers?: number;
  /** Runs after the caches synced, every periodMs, never overlapping itself. */
  periodic?: { periodMs: number; run(): Promise<void> };
}

export function runQueueWorker(options: QueueWorkerOptions): RunningController {
  const { queue, name, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();
  let stopping!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stopping = resolve));
  const synced = waitForCacheSync(options.informers, stopSignal);

  async function worker(queue: WorkQueue, sync: (key: string) => Promise<void>): Promise<void> {
    await synced;
    await processQueue(queue, sync, (key, err) => {
      log(`${name}: syncing ${key} failed, will retry: ${(err as Error).message}`);
      return true;
    });
  }

  function schedule(periodic: NonNullable<QueueWorkerOptions['periodic']>, delayMs: number): void {
    timer = setTimeout(() => {
      tick = periodic.run().catch((err: Error) => log(`${name}: ${err.message}`)).then(() => {
        if (!stopped) schedule(periodic, periodic.periodMs);
      });
    }, delayMs);
  }

  const { sync } = options;
  const loops = queue && sync ? Array.from({ length: options.workers ?? 1 }, () => worker(queue, sync)) : [];
  const periodic = options.periodic;
  if (periodic) void synced.then(() => !stopped && schedule(periodic, 0));

  return {
    async stop() {
      stopped = true;
      stopping();
      clearTimeout(timer);
      queue?.shutDown();
      await Promise.all([...loops, tick]);
    },
  };
}
