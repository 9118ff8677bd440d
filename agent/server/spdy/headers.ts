// SPDY/3 header blocks: name/value pairs with 32-bit lengths, compressed by one
// zlib context per direction that lives as long as the connection (primed with
// the SPDY/3 dictionary, each block ending in a sync flush). Every block must
// pass through its context in order, even the blocks of frames we ignore.
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.ts';
import { SpdyProtocolError } from './frames.ts';

/** Lower-case names (SPDY/3 requires them on the wire); several values of one name are NUL-separated. */
export type SpdyHeaders = Record<string, string>;

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let offset = 0;
  const read = (): Buffer => {
    if (offset + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const length = block.readUInt32BE(offset);
    offset += 4;
    if (offset + length > block.length) throw new SpdyProtocolError('truncated header block');
    const bytes = block.subarray(offset, offset + length);
    offset += length;
    return bytes;
  };
  if (block.length < 4) throw new SpdyProtocolError('truncated header block');
  const count = block.readUInt32BE(0);
  offset = 4;
  const headers: SpdyHeaders = {};
  for (let i = 0; i < count; i++) {
    const name = read().toString('utf8').toLowerCase();
    const value = read().toString('utf8');
    if (Object.hasOwn(headers, name)) throw new SpdyProtocolError(`duplicate header ${JSON.stringify(name)}`);
    headers[name] = value;
  }
  return headers;
}

function u32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0);
  return out;
}

/**
 * One direction's zlib context. Node's zlib streams are asynchronous, so blocks
 * queue up and each resolves with exactly the bytes its sync flush produced.
 */
class ZlibContext {
  private queue: Promise<unknown> = Promise.resolve();
  private failed?: Error;

  constructor(private readonly stream: zlib.Deflate | zlib.Inflate) {
    stream.on('error', (err) => (this.failed ??= err));
  }

  process(input: Buffer): Promise<Buffer> {
    const run = (): Promise<Buffer> =>
      new Promise((resolve, reject) => {
        if (this.failed) return reject(this.failed);
        const onError = (err: Error): void => reject(new SpdyProtocolError(`header block: ${err.message}`));
        this.stream.once('error', onError);
        this.stream.write(input);
        this.stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          this.stream.off('error', onError);
          if (this.failed) return reject(new SpdyProtocolError(`header block: ${this.failed.message}`));
          // Paused mode: everything this write produced was pushed before the flush callback.
          const out: Buffer[] = [];
          for (let chunk: Buffer | null; (chunk = this.stream.read() as Buffer | null) !== null;) out.push(chunk);
          resolve(Buffer.concat(out));
        });
      });
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.stream.destroy();
  }
}

export class HeaderCompressor {
  private readonly context = new ZlibContext(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY, level: zlib.constants.Z_BEST_COMPRESSION }));

  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.context.process(encodeHeaderBlock(headers));
  }

  close(): void {
    this.context.close();
  }
}

export class HeaderDecompressor {
  private readonly context = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));

  async decompress(block: Buffer): Promise<SpdyHeaders> {
    return decodeHeaderBlock(await this.context.process(block));
  }

  close(): void {
    this.context.close();
  }
}
