// Records core/v1 Events as upstream's recorder does: repeats of an event within ten
// minutes become count/lastTimestamp updates of one Event, written in the background.
import type { KubeObject } from '../api/types.ts';
import { StatusError } from '../api/status.ts';
import { R } from './types.ts';
import type { Client, EventRecorder } from './types.ts';

/** Upstream's event correlator merges repeats seen within this window. */
const DEDUP_WINDOW_MS = 10 * 60_000;
/** Events recorded but not yet written; beyond this they are dropped (events are best effort). */
const MAX_PENDING = 1_000;
/** Distinct recent events remembered for dedup (upstream's LRU holds 4096). */
const MAX_REMEMBERED = 4_096;

interface Recent {
  /** The Event as first recorded; count and lastTimestamp are filled in when it is written. */
  event: KubeObject & { count?: number; lastTimestamp?: string };
  count: number;
  lastSeenMs: number;
  /** The Event exists on the server, so repeats are patches. */
  written: boolean;
  /** A write is pending; it reads the newest count when it runs, so one is enough. */
  queued: boolean;
}

/** RFC 3339 with seconds, the precision of Event timestamps. */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createEventRecorder(
  client: Client,
  component: string,
  host?: string,
  log: (line: string) => void = (line) => console.error(line),
): EventRecorder {
  // Insertion order doubles as recency: a hit is re-inserted, the oldest entry is evicted.
  const recent = new Map<string, Recent>();
  const pending: Recent[] = [];
  let writing = false;
  let dropped = 0;
  let sequence = 0;

  /** Upstream names events `<object>.<unix nanoseconds in hex>`; the sequence keeps same-millisecond names apart. */
  function eventName(objectName: string, now: number): string {
    const nanos = BigInt(now) * 1_000_000n + BigInt(sequence++ % 1_000_000);
    return `${objectName}.${nanos.toString(16).padStart(16, '0')}`;
  }

  async function write(r: Recent): Promise<void> {
    r.queued = false;
    const { namespace, name } = r.event.metadata;
    const lastTimestamp = timestamp(r.lastSeenMs);
    if (r.written) {
      try {
        await client.patch(R.events, namespace, name!, 'merge', { count: r.count, lastTimestamp });
        return;
      } catch (err) {
        // The Event was deleted (TTL, a user): write it again.
        if (!(err instanceof StatusError && err.code === 404)) throw err;
        r.written = false;
      }
    }
    r.event.count = r.count;
    r.event.lastTimestamp = lastTimestamp;
    await client.create(R.events, namespace, r.event);
    r.written = true;
  }

  async function drain(): Promise<void> {
    writing = true;
    while (pending.length > 0) {
      const next = pending.shift()!;
      try {
        await write(next);
      } catch (err) {
        log(`event recorder ${component}: ${(err as Error).message}`);
      }
    }
    writing = false;
  }

  function enqueue(r: Recent): void {
    if (r.queued) return;
    if (pending.length >= MAX_PENDING) {
      // Report once per overflow run rather than once per dropped event.
      if (dropped++ === 0) log(`event recorder ${component}: ${MAX_PENDING} events pending, dropping new ones`);
      return;
    }
    dropped = 0;
    r.queued = true;
    pending.push(r);
    if (!writing) void drain();
  }

  return {
    event(object, type, reason, message) {
      const meta = object.metadata;
      const key = `${object.kind}\0${meta.namespace ?? ''}\0${meta.name}\0${meta.uid}\0${type}\0${reason}\0${message}`;
      const now = Date.now();
      const seen = recent.get(key);
      if (seen && now - seen.lastSeenMs < DEDUP_WINDOW_MS) {
        seen.count++;
        seen.lastSeenMs = now;
        recent.delete(key);
        recent.set(key, seen);
        enqueue(seen);
        return;
      }
      const at = timestamp(now);
      const involvedObject: Record<string, unknown> = { kind: object.kind, name: meta.name, uid: meta.uid, apiVersion: object.apiVersion, resourceVersion: meta.resourceVersion };
      if (meta.namespace) involvedObject.namespace = meta.namespace;
      const r: Recent = {
        event: {
          apiVersion: 'v1',
          kind: 'Event',
          // Cluster-scoped objects (nodes) get their Events in `default`, as upstream's do.
          metadata: { name: eventName(meta.name ?? '', now), namespace: meta.namespace || 'default' },
          involvedObject,
          reason,
          message,
          type,
          source: host ? { component, host } : { component },
          firstTimestamp: at,
          reportingComponent: component,
          reportingInstance: host ?? '',
        },
        count: 1,
        lastSeenMs: now,
        written: false,
        queued: false,
      };
      recent.delete(key);
      recent.set(key, r);
      if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value!);
      enqueue(r);
    },
  };
}
