// The lines a log viewer holds: split from the stream's chunks per source (a
// source is one pod's stream; chunks end mid-line), kept in fixed-size chunks so
// that an append changes only the last chunk and the oldest lines go a chunk at
// a time once the cap is reached.

export interface LogLine {
  /** The server's RFC 3339 timestamp (logs are always asked for with timestamps=true). */
  time: string;
  text: string;
  /** The pod the line came from, when several are interleaved. */
  source?: string;
  /** Its prefix's colour: sources get hues in the order they first speak. */
  hue?: number;
}

export interface LogChunk {
  readonly id: number;
  readonly lines: LogLine[];
}

export const CHUNK_LINES = 1000;

/** `2024-01-02T03:04:05.123456789Z the text` → time and text; a line without one keeps it all as text. */
export function splitTimestamp(raw: string): { time: string; text: string } {
  const space = raw.indexOf(' ');
  const head = space > 0 ? raw.slice(0, space) : '';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(head)) return { time: head, text: raw.slice(space + 1) };
  return { time: '', text: raw };
}

/** Timestamps of one stream share a format, so equal lengths compare as text (keeping nanoseconds). */
function isLater(time: string, than: string): boolean {
  return time.length === than.length ? time > than : Date.parse(time) > Date.parse(than);
}

export class LogBuffer {
  chunks: LogChunk[] = [];
  /** Lines dropped from the start to keep within the cap. */
  dropped = 0;
  private readonly partial = new Map<string, string>();
  private readonly hues = new Map<string, number>();
  private nextId = 0;

  constructor(readonly maxLines: number) {}

  get size(): number {
    return this.chunks.reduce((total, chunk) => total + chunk.lines.length, 0);
  }

  /**
   * Adds a chunk of `source`'s stream; returns the newest timestamp it completed,
   * for resuming. Lines not newer than `after` are ones a resumed stream repeats.
   */
  append(source: string, chunk: string, prefixed: boolean, after?: string): string | undefined {
    const text = (this.partial.get(source) ?? '') + chunk;
    const parts = text.split('\n');
    this.partial.set(source, parts.pop() ?? '');
    let newest: string | undefined;
    for (const raw of parts) {
      const line: LogLine = splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
      if (after && line.time && !isLater(line.time, after)) continue;
      if (prefixed) {
        line.source = source;
        line.hue = this.hueOf(source);
      }
      if (line.time) newest = line.time;
      this.push(line);
    }
    return newest;
  }

  /** A source's stream ended: its unterminated last line is a line too. */
  flush(source: string, prefixed: boolean): void {
    const rest = this.partial.get(source);
    this.partial.delete(source);
    if (rest) this.append(source, `${rest}\n`, prefixed);
  }

  private hueOf(source: string): number {
    let hue = this.hues.get(source);
    if (hue === undefined) {
      hue = sourceHue(this.hues.size);
      this.hues.set(source, hue);
    }
    return hue;
  }

  clear(): void {
    this.chunks = [];
    this.dropped = 0;
    this.partial.clear();
  }

  private push(line: LogLine): void {
    let last = this.chunks[this.chunks.length - 1];
    if (!last || last.lines.length >= CHUNK_LINES) {
      last = { id: this.nextId++, lines: [] };
      this.chunks.push(last);
      while (this.chunks.length * CHUNK_LINES > this.maxLines + CHUNK_LINES) this.dropped += this.chunks.shift()!.lines.length;
    }
    last.lines.push(line);
  }
}

/** Where each search hit is: chunk id and line index within it. */
export interface LogMatch {
  chunk: number;
  line: number;
}

export function findMatches(chunks: readonly LogChunk[], query: string): LogMatch[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const matches: LogMatch[] = [];
  for (const chunk of chunks) {
    chunk.lines.forEach((line, index) => {
      if (line.text.toLowerCase().includes(needle)) matches.push({ chunk: chunk.id, line: index });
    });
  }
  return matches;
}

/** The hue of the n-th source: golden-angle steps keep any few of them far apart, so interleaved lines are told apart at a glance. */
export function sourceHue(index: number): number {
  return Math.round((index * 137.508 + 200) % 360);
}

/** The text of the buffer as shown, for download. */
export function renderText(chunks: readonly LogChunk[], options: { timestamps: boolean }): string {
  const out: string[] = [];
  for (const chunk of chunks) {
    for (const line of chunk.lines) {
      out.push(`${options.timestamps && line.time ? `${line.time} ` : ''}${line.source ? `[${line.source}] ` : ''}${line.text}\n`);
    }
  }
  return out.join('');
}
