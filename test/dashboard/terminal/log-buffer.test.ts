import { describe, expect, it } from 'vitest';
import { BLOCK_LINES, findMatches, highlight, LogBuffer, renderText, sourceHue, splitTimestamp } from '../../../renderer/src/components/dock/log-buffer.ts';

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
    const lines = [...buffer.lines()];
    expect(lines.map((l) => [l.source, l.text])).toEqual([['b', 'other'], ['a', 'hello'], ['b', 'sec']]);
    expect(lines[0]!.hue).not.toBe(lines[1]!.hue);
    expect(lines[0]!.hue).toBe(lines[2]!.hue);
  });

  it('returns the newest timestamp and drops what a resumed stream repeats', () => {
    const buffer = new LogBuffer(100);
    expect(buffer.append('a', `${T1} one\n`, false)).toBe(T1);
    expect(buffer.append('a', `${T1} one\n${T2} two\n`, false, T1)).toBe(T2);
    expect([...buffer.lines()].map((l) => l.text)).toEqual(['one', 'two']);
  });

  it('keeps the newest lines within the cap, dropping whole blocks and counting them', () => {
    const buffer = new LogBuffer(5 * BLOCK_LINES);
    const text = Array.from({ length: 10 * BLOCK_LINES + 5 }, (_, i) => `line ${i}`).join('\n') + '\n';
    buffer.append('a', text, false);
    expect(buffer.size).toBeLessThanOrEqual(6 * BLOCK_LINES);
    expect(buffer.size).toBeGreaterThanOrEqual(5 * BLOCK_LINES);
    expect(buffer.dropped + buffer.size).toBe(10 * BLOCK_LINES + 5);
    expect(buffer.lineAt(buffer.size - 1).text).toBe(`line ${10 * BLOCK_LINES + 4}`);
    expect(buffer.lineAt(0).text).toBe(`line ${buffer.dropped}`);
    expect(buffer.lineAt(BLOCK_LINES + 3).text).toBe(`line ${buffer.dropped + BLOCK_LINES + 3}`);
  });

  it('finds search hits by line index, any case, and cuts the text around them', () => {
    const buffer = new LogBuffer(10_000);
    const lines = Array.from({ length: BLOCK_LINES + 2 }, (_, i) => (i === 7 || i === BLOCK_LINES + 1 ? 'an ERROR, error' : 'fine'));
    buffer.append('a', lines.join('\n') + '\n', false);
    expect(findMatches(buffer, 'error')).toEqual([7, BLOCK_LINES + 1]);
    expect(findMatches(buffer, '')).toEqual([]);
    expect(highlight('an ERROR, error', 'error')).toEqual([
      { text: 'an ', hit: false }, { text: 'ERROR', hit: true }, { text: ', ', hit: false }, { text: 'error', hit: true }]);
    expect(highlight('', 'x')).toEqual([{ text: '', hit: false }]);
  });

  it('downloads the text as shown: optional timestamps, pod prefixes', () => {
    const buffer = new LogBuffer(100);
    buffer.append('web-1', `${T1} up\n`, true);
    expect(renderText(buffer, false)).toBe('web-1 up\n');
    expect(renderText(buffer, true)).toBe(`${T1} web-1 up\n`);
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
