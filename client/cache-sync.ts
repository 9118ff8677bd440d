// Upstream's WaitForCacheSync: a loop must not start on a half-filled cache, and
// stopping before the first lists arrived must not leave it waiting for them forever.
import type { Informer } from './types.ts';

/** True once every informer has listed; false if `stop` settles first. */
export function waitForCacheSync(informers: Pick<Informer, 'synced'>[], stop: Promise<unknown>): Promise<boolean> {
  return Promise.race([Promise.all(informers.map((i) => i.synced())).then(() => true), stop.then(() => false)]);
}
