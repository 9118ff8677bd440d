// The tunnel multiplexer alone: two sessions joined by an in-memory message channel.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FrameType, INITIAL_WINDOW, MAX_DATA_PAYLOAD, decodeFrame, encodeFrame, encodeReset, encodeWindow } from '../../api/tunnel/frames.ts';
import { TunnelSession } from '../../api/tunnel/session.ts';
import { TunnelStream } from '../../client/tunnel-stream.ts';
import { eventually } from '../helpers/eventually.ts';

interface Link {
  dialer: TunnelSession;
  acceptor: TunnelSession;
  accepted: TunnelStream[];
  /** Data bytes each stream id has carried, per direction. */
  sent: Map<string, number>;
}

/** Messages are delivered asynchronously and in order, as over a WebSocket. */
function link(onAccept: (s: TunnelStream) => void = () => undefined): Link {
  const sent = new Map<string, number>();
  const accepted: TunnelStream[] = [];
  const deliver = (to: () => TunnelSession, dir: string) => (frame: Uint8Array) => {
    const f = decodeFrame(frame);
    if (f.type === FrameType.Data) sent.set(`${dir}${f.stream}`, (sent.get(`${dir}${f.stream}`) ?? 0) + f.payload.length);
    setImmediate(() => to().receive(frame));
  };
  const dialer: TunnelSession = new TunnelSession({ initiator: true, send: deliver(() => acceptor, '>') });
  const acceptor: TunnelSession = new TunnelSession({
    initiator: false,
    send: deliver(() => dialer, '<'),
    accept: (handle) => {
      const { stream, events } = TunnelStream.accepted(handle);
      accepted.push(stream);
      onAccept(stream);
      return events;
    },
  });
  return { dialer, acceptor, accepted, sent };
}

/** Reads to the end without destroying the stream (its other direction may still be in use). */
function readAll(stream: Duplex): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

describe('tunnel frames', () => {
  it('round-trips and rejects malformed frames', () => {
    const f = decodeFrame(encodeFrame(FrameType.Data, 7, new Uint8Array([1, 2, 3])));
    expect(f).toMatchObject({ type: FrameType.Data, stream: 7 });
    expect([...f.payload]).toEqual([1, 2, 3]);
    expect(decodeFrame(encodeWindow(0xfffffffe, 1234)).stream).toBe(0xfffffffe);
    expect(() => decodeFrame(new Uint8Array([2, 0, 0]))).toThrow(/shorter than its header/);
    expect(() => decodeFrame(encodeFrame(9 as FrameType, 1))).toThrow(/unknown tunnel frame type 9/);
    expect(() => decodeFrame(encodeFrame(FrameType.Window, 1, new Uint8Array(2)))).toThrow(/window frame/);
    expect(() => decodeFrame(encodeFrame(FrameType.Data, 1, new Uint8Array(MAX_DATA_PAYLOAD + 1)))).toThrow(/exceeds/);
    expect(decodeFrame(encodeReset(1, 'x'.repeat(100_000))).payload.length).toBe(1024);
  });

  it('refuses a peer that opens a stream id of the other side', () => {
    const s = new TunnelSession({ initiator: true, send: () => undefined, accept: () => undefined });
    expect(() => s.receive(encodeFrame(FrameType.Open, 3))).toThrow(/an id of this side/);
  });
});

describe('tunnel session', () => {
  it('carries many concurrent streams in both directions intact', async () => {
    const l = link((s) => s.pipe(s));
    const payloads = Array.from({ length: 40 }, (_, i) => randomBytes(1000 + i * 7919));
    const results = await Promise.all(payloads.map(async (p) => {
      const s = TunnelStream.open(l.dialer);
      const echoed = readAll(s);
      // Written in odd-sized pieces so frames of all streams interleave.
      for (let off = 0; off < p.length; off += 3001) s.write(p.subarray(off, off + 3001));
      s.end();
      return echoed;
    }));
    results.forEach((r, i) => expect(r.equals(payloads[i]!)).toBe(true));
    await eventually('every stream forgotten on both sides', () => l.dialer.size === 0 && l.acceptor.size === 0);
  });

  it('keeps the other direction open after a half-close', async () => {
    const l = link(async (s) => {
      const request = await readAll(s);
      s.end(`got ${request.length} bytes after your end`);
    });
    const s = TunnelStream.open(l.dialer);
    s.end(Buffer.alloc(100_000, 1));
    expect((await readAll(s)).toString()).toBe('got 100000 bytes after your end');
  });

  it('a reset aborts one stream on both sides and leaves the others working', async () => {
    const l = link((s) => {
      s.on('error', () => undefined);
      s.pipe(s);
    });
    const doomed = TunnelStream.open(l.dialer);
    const survivor = TunnelStream.open(l.dialer);
    doomed.write('hello');
    await eventually('both streams accepted', () => l.accepted.length === 2);
    const remoteError = once(l.accepted[0]!, 'error');
    doomed.on('error', () => undefined);
    doomed.destroy(new Error('client went away'));
    const [err] = (await remoteError) as [NodeJS.ErrnoException];
    expect(err.message).toBe('client went away');
    expect(err.code).toBe('ECONNRESET');
    survivor.end('still here');
    expect((await readAll(survivor)).toString()).toBe('still here');
  });

  it('a stalled reader stops its sender at the window without holding up other streams', async () => {
    const l = link();
    const stalled = TunnelStream.open(l.dialer);
    const lively = TunnelStream.open(l.dialer);
    await eventually('both streams accepted', () => l.accepted.length === 2);
    const [stalledRemote, livelyRemote] = l.accepted as [TunnelStream, TunnelStream];
    livelyRemote.pipe(livelyRemote);

    // Nobody reads `stalled` on the dialing side: its sender must stop after one window.
    const big = randomBytes(8 * 1024 * 1024);
    stalledRemote.end(big);
    await eventually('the stalled stream to run out of credit', () => (l.sent.get(`<${stalled.streamId}`) ?? 0) >= INITIAL_WINDOW - stalled.readableHighWaterMark);

    const echo = readAll(lively);
    for (let i = 0; i < 20; i++) lively.write(randomBytes(50_000));
    lively.end();
    expect((await echo).length).toBe(1_000_000);

    // Sent: at most the window plus what the reader's buffer took before it was full.
    const carried = l.sent.get(`<${stalled.streamId}`)!;
    expect(carried).toBeLessThanOrEqual(INITIAL_WINDOW + stalled.readableHighWaterMark);
    expect(stalledRemote.writableLength).toBeGreaterThan(big.length - 2 * INITIAL_WINDOW);

    // Once someone reads, the rest flows.
    expect((await readAll(stalled)).equals(big)).toBe(true);
  });

  it('resets a stream whose peer sends beyond its credit', async () => {
    const frames: Uint8Array[] = [];
    const s = new TunnelSession({ initiator: true, send: (f) => frames.push(f) });
    const stream = TunnelStream.open(s);
    const failed = once(stream, 'error');
    // A misbehaving peer pushes one byte more than the window in full frames.
    let left = INITIAL_WINDOW + 1;
    while (left > 0) {
      const n = Math.min(left, MAX_DATA_PAYLOAD);
      s.receive(encodeFrame(FrameType.Data, stream.streamId, new Uint8Array(n)));
      left -= n;
    }
    stream.resume();
    const [err] = (await failed) as [Error];
    expect(err.message).toMatch(/peer sent 1 bytes with 0 of credit/);
    expect(frames.map((f) => decodeFrame(f).type)).toContain(FrameType.Reset);
  });

  it('closing the session resets every stream and refuses new ones', async () => {
    const l = link();
    const a = TunnelStream.open(l.dialer);
    const b = TunnelStream.open(l.dialer);
    const errs = Promise.all([once(a, 'error'), once(b, 'error')]);
    l.dialer.close('the tunnel closed');
    for (const [err] of (await errs) as unknown as [Error][]) expect(err.message).toBe('the tunnel closed');
    expect(() => TunnelStream.open(l.dialer)).toThrow(/tunnel is closed/);
  });
});
