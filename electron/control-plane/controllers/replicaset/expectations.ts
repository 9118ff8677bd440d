// Upstream's (UID-tracking) ControllerExpectations: after a sync issues creates or
// deletes, the informer has not seen them yet, so the next sync would count stale
// pods and act twice. A key whose expectations are pending is not managed again
// until its informer reported every create and delete, or the wait timed out.

/** Upstream's ExpectationsTimeout: a lost watch event cannot wedge a controller for longer. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Pending {
  /** Creates still to be observed (may go negative when pods show up unasked). */
  adds: number;
  /** Keys ("namespace/name") of pods whose deletion is still to be observed. */
  deletes: Set<string>;
  since: number;
}

export class Expectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True when the controller may act on the key: nothing pending, pending expired, or never recorded (e.g. after a restart). */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if (p.adds <= 0 && p.deletes.size === 0) return true;
    return this.now() - p.since > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, count: number): void {
    this.pending.set(key, { adds: count, deletes: new Set(), since: this.now() });
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.pending.set(key, { adds: 0, deletes: new Set(podKeys), since: this.now() });
  }

  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.adds--;
  }

  deletionObserved(key: string, podKey: string): void {
    this.pending.get(key)?.deletes.delete(podKey);
  }

  /** The owner is gone: nothing to wait for. */
  forget(key: string): void {
    this.pending.delete(key);
  }
}
