// The lines a log viewer holds: split from the stream's chunks per source (a
// source is one pod's stream; chunks end mid-line), stored in fixed-size blocks
// so that the oldest lines go a block at a time once the cap is reached, while
// any line is still found by its index at once.

export interface LogLine {
  /** The server's RFC 3339 timestamp (logs are always asked for with timestamps=true). */
  time: string;
  text: string;
  /** The pod the line came from, when several are interleaved. */
  source?: string;
  /** Its prefix's colour: sources get hues in the order they first speak. */
  hue?: number;
}

export const BLOCK_LINES = 1000;

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
  /** Every block but the last holds exactly BLOCK_LINES lines. */
  private blocks: LogLine[][] = [];
  /** Lines dropped from the start to keep within the cap. */
  dropped = 0;
  private readonly partial = new Map<string, string>();
  private readonly hues = new Map<string, number>();

  constructor(readonly maxLines: number) {}

  get size(): number {
    const last = this.blocks[this.blocks.length - 1];
    return last ? (this.blocks.length - 1) * BLOCK_LINES + last.length : 0;
  }

  lineAt(index: number): LogLine {
    return this.blocks[Math.floor(index / BLOCK_LINES)]![index % BLOCK_LINES]!;
  }

  *lines(): Generator<LogLine> {
    for (const block of this.blocks) yield* block;
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
    this.blocks = [];
    this.dropped = 0;
    this.partial.clear();
  }

  private push(line: LogLine): void {
    let last = this.blocks[this.blocks.length - 1];
    if (!last || last.length >= BLOCK_LINES) {
      last = [];
      this.blocks.push(last);
      while (this.blocks.length * BLOCK_LINES > this.maxLines + BLOCK_LINES) this.dropped += this.blocks.shift()!.length;
    }
    last.push(line);
  }
}

/** Indexes of the lines whose text holds `query`, any case. */
export function findMatches(buffer: LogBuffer, query: string): number[] {
  if (!query) return [];
  const needle = query.toLowerCase();
  const matches: number[] = [];
  let index = 0;
  for (const line of buffer.lines()) {
    if (line.text.toLowerCase().includes(needle)) matches.push(index);
    index++;
  }
  return matches;
}

/** The hue of the n-th source: golden-angle steps keep any few of them far apart, so interleaved lines are told apart at a glance. */
export function sourceHue(index: number): number {
  return Math.round((index * 137.508 + 200) % 360);
}

/** What is shown before a line's text: its time when asked for, its pod when interleaved. */
export function prefixOf(line: LogLine, timestamps: boolean): { time: string; source: string } {
  return { time: timestamps && line.time ? `${line.time} ` : '', source: line.source ? `${line.source} ` : '' };
}

/** The text of the buffer as shown, for download. */
export function renderText(buffer: LogBuffer, timestamps: boolean): string {
  const out: string[] = [];
  for (const line of buffer.lines()) {
    const prefix = prefixOf(line, timestamps);
    out.push(`${prefix.time}${prefix.source}${line.text}\n`);
  }
  return out.join('');
}

/** A line's text cut around the hits of `needle` (already lower case), for marking them. */
export function highlight(text: string, needle: string): { text: string; hit: boolean }[] {
  if (!needle) return [{ text, hit: false }];
  const parts: { text: string; hit: boolean }[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), hit: false });
    parts.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from), hit: false });
  return parts;
}
