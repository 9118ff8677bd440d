// Upstream's slowStartBatch: calls grow 1, 2, 4, … at a time and stop at the
// first batch with a failure, so a quota or admission error costs one call, not
// hundreds, while a healthy burst still finishes in log2(n) rounds.

/** Upstream's SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH = 1;

export interface BatchResult {
  successes: number;
  /** The first failure, if any batch had one. */
  error?: unknown;
}

export async function slowStartBatch(count: number, initialBatch: number, fn: () => Promise<void>): Promise<BatchResult> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failures.length;
    if (failures.length > 0) return { successes, error: failures[0]!.reason };
    remaining -= batch;
  }
  return { successes };
}
