import { describe, expect, it } from 'vitest';
import { CHUNK_LINES, findMatches, LogBuffer, renderText, sourceHue, splitTimestamp } from '../../../renderer/src/components/dock/log-buffer.ts';

const T1 = '2026-01-02T03:04:05.000000001Z';
const T2 = '2026-01-02T03:04:05.000000002Z';

describe('log buffer', () => {
  it('splits the server timestamp from the text, and keeps lines without one whole', () => {
    expect(splitTimestamp(`${T1} hello world`)).toEqual({ time: T1, text: 'hello world' });
    expect(splitTimestamp('2026-01-02T03:04:05+02:00 x')).toEqual({ time: '2026-01-02T03:04:05+02:00', text: 'x' });
    expect(splitTimestamp('no time here')).toEqual({ time: '', text: 'no time here' });
  });

  it('joins lines split across chunks, per source, so interleaved streams never mix halves', () => {
    const buffer = new LogBuffer(10_000);
    buffer.append('a', `${T1} hel`, true);
    buffer.append('b', `${T1} other\n${T2} sec`, true);
    buffer.append('a', 'lo\r\n', true);
    buffer.flush('b', true);
    const lines = buffer.chunks.flatMap((c) => c.lines);
    expect(lines.map((l) => [l.source, l.text])).toEqual([['b', 'other'], ['a', 'hello'], ['b', 'sec']]);
    expect(lines[0]!.hue).not.toBe(lines[1]!.hue);
    expect(lines[0]!.hue).toBe(lines[2]!.hue);
  });

  it('returns the newest timestamp and drops what a resumed stream repeats', () => {
    const buffer = new LogBuffer(100);
    expect(buffer.append('a', `${T1} one\n`, false)).toBe(T1);
    expect(buffer.append('a', `${T1} one\n${T2} two\n`, false, T1)).toBe(T2);
    expect(buffer.chunks.flatMap((c) => c.lines).map((l) => l.text)).toEqual(['one', 'two']);
  });

  it('keeps the newest lines within the cap, dropping whole chunks and counting them', () => {
    const buffer = new LogBuffer(5 * CHUNK_LINES);
    const text = Array.from({ length: 10 * CHUNK_LINES + 5 }, (_, i) => `line ${i}`).join('\n') + '\n';
    buffer.append('a', text, false);
    expect(buffer.size).toBeLessThanOrEqual(6 * CHUNK_LINES);
    expect(buffer.size).toBeGreaterThanOrEqual(5 * CHUNK_LINES);
    expect(buffer.dropped + buffer.size).toBe(10 * CHUNK_LINES + 5);
    expect(buffer.chunks.at(-1)!.lines.at(-1)!.text).toBe(`line ${10 * CHUNK_LINES + 4}`);
    expect(buffer.chunks[0]!.lines[0]!.text).toBe(`line ${buffer.dropped}`);
  });

  it('finds search hits case-insensitively by chunk and line', () => {
    const buffer = new LogBuffer(10_000);
    const lines = Array.from({ length: CHUNK_LINES + 2 }, (_, i) => (i === 7 || i === CHUNK_LINES + 1 ? 'an ERROR here' : 'fine'));
    buffer.append('a', lines.join('\n') + '\n', false);
    const [first, second] = buffer.chunks;
    expect(findMatches(buffer.chunks, 'error')).toEqual([{ chunk: first!.id, line: 7 }, { chunk: second!.id, line: 1 }]);
    expect(findMatches(buffer.chunks, '')).toEqual([]);
  });

  it('downloads the text as shown: optional timestamps, pod prefixes', () => {
    const buffer = new LogBuffer(100);
    buffer.append('web-1', `${T1} up\n`, true);
    expect(renderText(buffer.chunks, { timestamps: false })).toBe('[web-1] up\n');
    expect(renderText(buffer.chunks, { timestamps: true })).toBe(`${T1} [web-1] up\n`);
  });

  it('gives the first few sources well separated hues', () => {
    const hues = [0, 1, 2, 3].map(sourceHue);
    for (const a of hues) for (const b of hues) if (a !== b) expect(Math.min(Math.abs(a - b), 360 - Math.abs(a - b))).toBeGreaterThan(30);
  });

  it('clears everything, partial lines included', () => {
    const buffer = new LogBuffer(100);
    buffer.append('a', `${T1} whole\n${T1} half`, false);
    buffer.clear();
    buffer.flush('a', false);
    expect(buffer.size).toBe(0);
  });
});
