// Upstream's flowcontrol.Backoff as the kubelet uses it for crash loops and image
// pulls: the first retry is immediate, then each waits double the last (10 s up
// to 5 min); an entry untouched for twice the maximum starts over.
export interface Backoff {
  /** True while `key` must wait since `since` (unix ms, e.g. when the container finished). */
  inBackoffSince(key: string, since: number): boolean;
  /** True while `key` must wait since its last retry. */
  inBackoff(key: string): boolean;
  /** The current delay of `key` in ms (0 when none). */
  delay(key: string): number;
  /** Records a retry now, growing the delay. */
  next(key: string): void;
  reset(key: string): void;
  /** Forgets entries whose key starts with `prefix` (a pod that went). */
  forget(prefix: string): void;
}

export function createBackoff(initialMs = 10_000, maxMs = 300_000): Backoff {
  const entries = new Map<string, { delay: number; lastUpdate: number }>();
  const expired = (e: { lastUpdate: number }, now: number) => now - e.lastUpdate > 2 * maxMs;
  return {
    inBackoffSince(key, since) {
      const e = entries.get(key);
      if (!e || expired(e, Date.now())) return false;
      return Date.now() - since < e.delay;
    },
    inBackoff(key) {
      const e = entries.get(key);
      return e !== undefined && Date.now() - e.lastUpdate < e.delay;
    },
    delay(key) {
      return entries.get(key)?.delay ?? 0;
    },
    next(key) {
      const now = Date.now();
      const e = entries.get(key);
      if (!e || expired(e, now)) entries.set(key, { delay: initialMs, lastUpdate: now });
      else entries.set(key, { delay: Math.min(e.delay * 2, maxMs), lastUpdate: now });
    },
    reset(key) {
      entries.delete(key);
    },
    forget(prefix) {
      for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
    },
  };
}

/** Go's duration string for whole seconds and minutes: 10s, 1m20s, 5m0s. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
}
