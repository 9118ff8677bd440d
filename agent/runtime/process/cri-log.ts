// The CRI container log format (`<RFC3339Nano> stdout|stderr P|F <text>`, one
// record per line; P marks a piece of a longer line) and reading it back the way
// `kubectl logs` asks: since, tail, timestamps, and follow until the container ends.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogOptions } from '../types.ts';

export interface LogRecord {
  /** The timestamp as written: RFC 3339 with nanoseconds. */
  timestamp: string;
  stream: 'stdout' | 'stderr';
  /** A whole line (pieces joined), without its newline. */
  text: string;
}

/** How often a followed log is checked for growth. */
const FOLLOW_POLL_MS = 100;

/** Reads records from a byte offset; returns the complete records and the offset after them. */
async function readRecords(file: FileHandle, from: number): Promise<{ records: LogRecord[]; next: number }> {
  const { size } = await file.stat();
  if (size <= from) return { records: [], next: from };
  const buffer = Buffer.alloc(size - from);
  const { bytesRead } = await file.read(buffer, 0, buffer.length, from);
  const text = buffer.subarray(0, bytesRead).toString('utf8');
  // A record being written is complete only once its newline is there.
  const end = text.lastIndexOf('\n') + 1;
  const records: LogRecord[] = [];
  const partial: Record<string, string> = {};
  let position = 0;
  // Up to where every line is whole: pieces of an unfinished line (and what came
  // after them) are read again once the rest of it is written.
  let consumed = 0;
  let whole = 0;
  for (const line of text.slice(0, end).split('\n').slice(0, -1)) {
    position += Buffer.byteLength(line, 'utf8') + 1;
    const parsed = parseRecord(line);
    if (parsed?.tag === 'P') {
      partial[parsed.stream] = (partial[parsed.stream] ?? '') + parsed.text;
    } else if (parsed) {
      records.push({ timestamp: parsed.timestamp, stream: parsed.stream, text: (partial[parsed.stream] ?? '') + parsed.text });
      delete partial[parsed.stream];
    }
    if (Object.keys(partial).length === 0) {
      consumed = position;
      whole = records.length;
    }
  }
  records.length = whole;
  return { records, next: from + consumed };
}

async function readWhole(path: string): Promise<LogRecord[]> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return [];
  try {
    return (await readRecords(file, 0)).records;
  } finally {
    await file.close();
  }
}

function parseRecord(line: string): (LogRecord & { tag: string }) | undefined {
  const m = /^(\S+) (stdout|stderr) ([PF])(?: (.*))?$/s.exec(line);
  return m ? { timestamp: m[1], stream: m[2] as LogRecord['stream'], tag: m[3], text: m[4] ?? '' } : undefined;
}

function timestampMs(timestamp: string): number {
  return Date.parse(timestamp);
}

export interface LogSource {
  path: string;
  /** Where the file is moved when rotated: its records come first, and a follower moves on from it. */
  rotatedPath: string;
  /** True once the container has exited: a followed log then ends after the last record. */
  ended(): boolean;
}

export interface LogView {
  /** Only this stream's records (an attach's stdout or stderr). */
  stream?: LogRecord['stream'];
  /** Start at the current end of the file: only what is written from now on. */
  fromEnd?: boolean;
  render?: (record: LogRecord) => string;
}

/** The container's log as `kubectl logs` shows it, or the part of it `view` picks. */
export async function readLog(source: LogSource, options: LogOptions, view: LogView = {}): Promise<Readable> {
  const render = view.render ?? ((r: LogRecord) => (options.timestamps ? `${r.timestamp} ${r.text}\n` : `${r.text}\n`));
  const wanted = (r: LogRecord) => view.stream === undefined || r.stream === view.stream;
  let file = await open(source.path, 'r');
  let offset = view.fromEnd ? (await file.stat()).size : 0;
  const earlier = view.fromEnd ? [] : await readWhole(source.rotatedPath);
  let closed = false;
  const out = new Readable({ read() {} });
  out.on('close', () => {
    closed = true;
  });

  const first = await readRecords(file, offset);
  offset = first.next;
  let records = [...earlier, ...first.records].filter((r) => wanted(r) && (options.since === undefined || timestampMs(r.timestamp) >= options.since));
  if (options.tailLines !== undefined) records = options.tailLines <= 0 ? [] : records.slice(-options.tailLines);
  for (const r of records) out.push(render(r));

  (async () => {
    while (options.follow && !closed) {
      const wasEnded = source.ended();
      const more = await readRecords(file, offset);
      offset = more.next;
      for (const r of more.records) if (!closed && wanted(r)) out.push(render(r));
      // Read once more after the end is seen, so nothing written before the exit is missed.
      if (wasEnded) break;
      if ((await stat(source.path)).ino !== (await file.stat()).ino) {
        // Rotated: the rest of the old file was just read; go on with the new one.
        await file.close();
        file = await open(source.path, 'r');
        offset = 0;
        continue;
      }
      await sleep(FOLLOW_POLL_MS);
    }
  })()
    .catch((err: Error) => out.destroy(err))
    .finally(() => {
      if (!closed) out.push(null);
      void file.close();
    });
  return out;
}
