// Container logs from the engine's logs API (json-file), stdout and stderr
// interleaved as the engine stored them.
import { PassThrough, Readable } from 'node:stream';
import type { LogOptions } from '../types.ts';
import { mustInspectOwn, type DriverContext } from './context.ts';
import { FrameDemuxer } from './demux.ts';
import { TYPE_CONTAINER } from './labels.ts';

function demuxBuffer(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  new FrameDemuxer((_, payload) => parts.push(Buffer.from(payload))).push(buf);
  return Buffer.concat(parts);
}

export async function logs(ctx: DriverContext, containerId: string, options: LogOptions): Promise<Readable> {
  const info = await mustInspectOwn(ctx, containerId, TYPE_CONTAINER);
  const tty = info.Config.Tty;
  const query = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps,
    ...(options.tailLines !== undefined ? { tail: options.tailLines } : {}),
    // the engine takes seconds, fractions allowed
    ...(options.since !== undefined ? { since: options.since / 1000 } : {}),
  };
  const container = ctx.docker.getContainer(containerId);
  if (!options.follow) {
    // without follow the engine sends the whole log at once and dockerode hands back a Buffer
    const buf = await container.logs({ ...query, follow: false });
    return Readable.from([tty ? buf : demuxBuffer(buf)], { objectMode: false });
  }
  const source = await container.logs({ ...query, follow: true });
  if (tty) return source as Readable;
  const out = new PassThrough();
  const demuxer = new FrameDemuxer((_, payload) => {
    if (!out.write(Buffer.from(payload))) source.pause();
  });
  out.on('drain', () => source.resume());
  source.on('data', (chunk: Buffer) => demuxer.push(chunk));
  source.on('end', () => out.end());
  source.on('error', (err: Error) => out.destroy(err));
  // the reader went away: stop following
  out.on('close', () => (source as Readable).destroy?.());
  return out;
}
