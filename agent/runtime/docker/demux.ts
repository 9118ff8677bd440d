// The engine multiplexes stdout and stderr of a non-TTY container on one stream:
// each frame is [stream, 0, 0, 0, size (uint32 BE)] then size bytes. Frames split
// across reads, so bytes are held until a whole frame is there.

export type StreamKind = 'stdin' | 'stdout' | 'stderr';

const KINDS: StreamKind[] = ['stdin', 'stdout', 'stderr'];
const HEADER = 8;

export class FrameDemuxer {
  private pending = Buffer.alloc(0);

  constructor(private onFrame: (kind: StreamKind, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (buf.length >= HEADER) {
      const size = buf.readUInt32BE(4);
      if (buf.length < HEADER + size) break;
      const kind = KINDS[buf[0]!] ?? 'stdout';
      if (size > 0) this.onFrame(kind, buf.subarray(HEADER, HEADER + size));
      buf = buf.subarray(HEADER + size);
    }
    this.pending = Buffer.from(buf);
  }
}
