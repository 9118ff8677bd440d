import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from '../../../agent/server/spdy/dictionary.ts';
import { FLAG_FIN, FrameParser, SpdyProtocolError, encodeFrame, type SpdyFrame } from '../../../agent/server/spdy/frames.ts';
import { HeaderCompressor, HeaderDecompressor, decodeHeaderBlock, encodeHeaderBlock } from '../../../agent/server/spdy/headers.ts';

describe('SPDY/3 dictionary', () => {
  it('is the 1423 bytes of the spec, as Go spdystream uses them', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(createHash('sha256').update(SPDY3_DICTIONARY).digest('hex'))
      .toBe('51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
  });
});

describe('SPDY frame codec', () => {
  const frames: SpdyFrame[] = [
    { type: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.from('hello') },
    { type: 'data', streamId: 0x7fffffff, flags: 0, data: Buffer.alloc(0) },
    { type: 'syn_stream', streamId: 1, associatedToStreamId: 0, priority: 7, slot: 0, flags: 0, headerBlock: Buffer.from([1, 2, 3]) },
    { type: 'syn_reply', streamId: 1, flags: 0, headerBlock: Buffer.from([9]) },
    { type: 'headers', streamId: 5, flags: FLAG_FIN, headerBlock: Buffer.from([4]) },
    { type: 'rst_stream', streamId: 1, status: 5 },
    { type: 'settings', flags: 1, entries: [{ flags: 1, id: 7, value: 65536 }, { flags: 0, id: 4, value: 100 }] },
    { type: 'ping', id: 0xffffffff },
    { type: 'goaway', lastGoodStreamId: 9, status: 0 },
    { type: 'window_update', streamId: 1, deltaWindowSize: 1024 },
    { type: 'unknown', frameType: 10, flags: 0, payload: Buffer.from('cred') },
  ];

  it('round-trips every frame type', () => {
    const parser = new FrameParser();
    expect(parser.push(Buffer.concat(frames.map(encodeFrame)))).toEqual(frames);
  });

  it('writes the wire layout of the spec', () => {
    expect(encodeFrame({ type: 'ping', id: 1 })).toEqual(Buffer.from([0x80, 3, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1]));
    expect(encodeFrame({ type: 'data', streamId: 1, flags: FLAG_FIN, data: Buffer.from('x') }))
      .toEqual(Buffer.from([0, 0, 0, 1, 1, 0, 0, 1, 0x78]));
    expect(encodeFrame({ type: 'syn_reply', streamId: 2, flags: 0, headerBlock: Buffer.alloc(0) }))
      .toEqual(Buffer.from([0x80, 3, 0, 2, 0, 0, 0, 4, 0, 0, 0, 2]));
  });

  it('reassembles frames that arrive one byte at a time', () => {
    const parser = new FrameParser();
    const bytes = Buffer.concat(frames.map(encodeFrame));
    const out: SpdyFrame[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...parser.push(bytes.subarray(i, i + 1)));
    expect(out).toEqual(frames);
  });

  it('rejects other SPDY versions', () => {
    const frame = encodeFrame({ type: 'ping', id: 1 });
    frame.writeUInt16BE(0x8002, 0);
    expect(() => new FrameParser().push(frame)).toThrow(SpdyProtocolError);
  });
});

describe('SPDY header blocks', () => {
  it('encodes lower-case names with 32-bit lengths', () => {
    const block = encodeHeaderBlock({ streamType: 'data', port: '80' });
    expect(block.readUInt32BE(0)).toBe(2);
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: 'data', port: '80' });
  });

  it('rejects truncated blocks and duplicate names', () => {
    expect(() => decodeHeaderBlock(Buffer.from([0, 0, 0, 1, 0, 0, 0, 9, 1]))).toThrow(SpdyProtocolError);
    const dup = Buffer.concat([encodeHeaderBlock({ a: '1', b: '2' })]);
    dup.write('a', 4 + 4 + 1 + 4 + 1 + 4); // rename b to a
    expect(() => decodeHeaderBlock(dup)).toThrow(/duplicate/);
  });

  it('inflates blocks an independent zlib compressed against the dictionary, in one context', async () => {
    // Python's zlib.compressobj(9, zdict=dictionary), each block ended with Z_SYNC_FLUSH, as Go's framer does
    const first = Buffer.from('78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c6061606100a4398b20d198094ade8c0600000000ffff', 'hex');
    const second = Buffer.from('c2aa19540e2512d60b000000ffff', 'hex');
    const inflater = new HeaderDecompressor();
    try {
      expect(await inflater.decompress(first)).toEqual({ streamtype: 'error', port: '8080', requestid: '0' });
      // the second block back-references the first: only a shared context can read it
      expect(await inflater.decompress(second)).toEqual({ streamtype: 'data', port: '8080', requestid: '0' });
    } finally {
      inflater.close();
    }
  });

  it('round-trips many blocks through one compressor and one decompressor, in order', async () => {
    const deflater = new HeaderCompressor();
    const inflater = new HeaderDecompressor();
    try {
      const blocks = Array.from({ length: 20 }, (_, i) => ({ streamtype: i % 2 ? 'data' : 'error', port: String(1000 + i), requestid: String(i) }));
      const compressed = await Promise.all(blocks.map((b) => deflater.compress(b)));
      expect(compressed[0][0]).toBe(0x78); // zlib header
      expect(compressed[0][1] & 0x20).toBe(0x20); // FDICT: primed with the dictionary
      const decoded = await Promise.all(compressed.map((c) => inflater.decompress(c)));
      expect(decoded).toEqual(blocks);
    } finally {
      deflater.close();
      inflater.close();
    }
  });

  it('fails a block that is not zlib', async () => {
    const inflater = new HeaderDecompressor();
    try {
      await expect(inflater.decompress(Buffer.from('not zlib at all'))).rejects.toThrow(SpdyProtocolError);
    } finally {
      inflater.close();
    }
  });
});
