// Container lifecycle pushed from the engine's event stream, so pod workers react
// at once. The stream is re-opened when it drops, resuming from the last event seen
// so nothing that happened in between is lost.
import type { Readable } from 'node:stream';
import { LABEL_POD_UID, type RuntimeEvent } from '../types.ts';
import type { DriverContext } from './context.ts';
import { LABEL_TYPE, ownFilters, TYPE_PORTFORWARD } from './labels.ts';

const ACTIONS: Record<string, RuntimeEvent['type']> = { start: 'container-started', die: 'container-died', destroy: 'container-removed' };
const MAX_BACKOFF_MS = 10_000;

interface EngineEvent {
  Type?: string;
  Action?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export function toRuntimeEvent(e: EngineEvent): RuntimeEvent | undefined {
  const type = e.Action ? ACTIONS[e.Action] : undefined;
  const containerId = e.Actor?.ID ?? e.id;
  if (e.Type !== 'container' || !type || !containerId) return undefined;
  // port-forward relays come and go with connections: no pod worker cares
  if (e.Actor?.Attributes?.[LABEL_TYPE] === TYPE_PORTFORWARD) return undefined;
  const podUid = e.Actor?.Attributes?.[LABEL_POD_UID];
  return { type, containerId, ...(podUid ? { podUid } : {}) };
}

export class EngineEvents {
  private listeners = new Set<(event: RuntimeEvent) => void>();
  private stream?: Readable;
  private started = false;
  private closed = false;
  private retry?: NodeJS.Timeout;
  private backoffMs = 250;
  /** Resume point: the engine's nanosecond time of the newest event, and which events carried it. */
  private lastNano?: bigint;
  private atLast = new Set<string>();

  constructor(private ctx: DriverContext) {}

  subscribe(listener: (event: RuntimeEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.started) {
      this.started = true;
      void this.connect();
    }
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.stream?.destroy();
    this.listeners.clear();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const since = this.lastNano === undefined ? undefined : `${this.lastNano / 1_000_000_000n}.${String(this.lastNano % 1_000_000_000n).padStart(9, '0')}`;
    let stream: Readable;
    try {
      stream = (await this.ctx.docker.getEvents({
        filters: { type: ['container'], event: Object.keys(ACTIONS), ...ownFilters(this.ctx.agentId) },
        ...(since ? { since } : {}),
      } as { filters: Record<string, string[]> })) as unknown as Readable;
    } catch (err) {
      this.scheduleReconnect(`events: ${(err as Error).message}`);
      return;
    }
    if (this.closed) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.backoffMs = 250;
    let buf = '';
    stream.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) this.handle(line);
      }
    });
    const dropped = () => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      this.scheduleReconnect('events stream ended');
    };
    stream.once('end', dropped);
    stream.once('close', dropped);
    stream.once('error', dropped);
  }

  private handle(line: string): void {
    let e: EngineEvent;
    try {
      e = JSON.parse(line) as EngineEvent;
    } catch {
      return;
    }
    // timeNano exceeds a double's precision: read its digits from the text itself
    const digits = /"timeNano":\s*(\d+)/.exec(line)?.[1];
    if (digits !== undefined) {
      const nano = BigInt(digits);
      const key = `${e.Action}/${e.Actor?.ID ?? e.id}`;
      // after a reconnect the engine repeats the events at the resume time itself
      if (this.lastNano !== undefined && (nano < this.lastNano || (nano === this.lastNano && this.atLast.has(key)))) return;
      if (nano !== this.lastNano) this.atLast.clear();
      this.lastNano = nano;
      this.atLast.add(key);
    }
    const event = toRuntimeEvent(e);
    if (!event) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.ctx.log(`runtime event listener failed: ${(err as Error).message}`);
      }
    }
  }

  private scheduleReconnect(why: string): void {
    if (this.closed) return;
    this.ctx.log(`${why}; reconnecting in ${this.backoffMs} ms`);
    this.retry = setTimeout(() => void this.connect(), this.backoffMs);
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
  }
}
