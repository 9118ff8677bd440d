// A fake container's output: stdout and stderr lines in one ordered list, read the
// way `kubectl logs` asks (since, tail, timestamps, follow). Kept small because a
// hollow node holds many of them.
import { Readable } from 'node:stream';
import type { LogOptions } from '../types.ts';

export interface LogLine {
  /** Unix milliseconds. */
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Oldest lines are dropped beyond this, as a log rotation would. */
const MAX_LINES = 5000;

/** RFC 3339 with nine fractional digits, as the kubelet prints `--timestamps`. */
export function formatTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000000Z`;
}

export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private readonly followers = new Set<(line: LogLine | undefined) => void>();
  private ended = false;

  append(stream: LogLine['stream'], text: string): void {
    if (this.ended) return;
    const line = { time: Date.now(), stream, text };
    this.lines.push(line);
    if (this.lines.length > MAX_LINES) this.lines.shift();
    for (const f of this.followers) f(line);
  }

  /** The container has exited: followers see the end. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const f of this.followers) f(undefined);
    this.followers.clear();
  }

  /** Calls `onLine` for every new line and `onLine(undefined)` at the end; returns an unsubscribe. */
  subscribe(onLine: (line: LogLine | undefined) => void): () => void {
    if (this.ended) {
      onLine(undefined);
      return () => {};
    }
    this.followers.add(onLine);
    return () => this.followers.delete(onLine);
  }

  read(options: LogOptions): Readable {
    let selected = options.since === undefined ? this.lines : this.lines.filter((l) => l.time >= options.since!);
    if (options.tailLines !== undefined) selected = options.tailLines <= 0 ? [] : selected.slice(-options.tailLines);
    const render = (l: LogLine) => (options.timestamps ? `${formatTimestamp(l.time)} ${l.text}\n` : `${l.text}\n`);
    const out = new Readable({ read() {} });
    for (const l of selected) out.push(render(l));
    if (!options.follow) {
      out.push(null);
      return out;
    }
    const unsubscribe = this.subscribe((l) => {
      if (out.destroyed) return;
      out.push(l ? render(l) : null);
    });
    out.on('close', unsubscribe);
    return out;
  }
}
