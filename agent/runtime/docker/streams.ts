// exec and attach: the engine hijacks the HTTP connection into a raw byte stream,
// multiplexed (see demux.ts) unless a TTY merges everything into one stream.
import { PassThrough, Writable, type Duplex } from 'node:stream';
import type { StreamOptions, StreamSession } from '../types.ts';
import { mustInspectOwn, type DriverContext } from './context.ts';
import { FrameDemuxer } from './demux.ts';
import { TYPE_CONTAINER } from './labels.ts';

/** How long an exit code may lag behind the end of the output stream before we stop asking. */
const EXIT_POLLS = 40;
const EXIT_POLL_MS = 50;

/** Polls `read` until the process is reported finished; the engine updates its state just after the stream closes. */
async function exitCode(read: () => Promise<{ running: boolean; code: number | null }>, patient: boolean): Promise<number> {
  for (let i = 0; ; i++) {
    const { running, code } = await read();
    if (!running) return code ?? -1;
    if (!patient || i >= EXIT_POLLS) return -1;
    await new Promise((r) => setTimeout(r, EXIT_POLL_MS));
  }
}

function session(socket: Duplex, options: StreamOptions, tty: boolean, readExit: () => Promise<{ running: boolean; code: number | null }>, resize: StreamSession['resize']): StreamSession {
  // output nobody asked for is read and dropped, never left to stall the connection
  const stdout = options.stdout ? new PassThrough() : undefined;
  const stderr = options.stderr && !tty ? new PassThrough() : undefined;
  let closedHere = false;

  // a slow reader holds the engine back rather than filling our memory
  const deliver = (target: PassThrough | undefined, payload: Buffer) => {
    if (target && !target.write(payload)) {
      socket.pause();
      target.once('drain', () => socket.resume());
    }
  };
  if (tty) {
    socket.on('data', (chunk: Buffer) => deliver(stdout, chunk));
  } else {
    const demuxer = new FrameDemuxer((kind, payload) => deliver(kind === 'stderr' ? stderr : stdout, Buffer.from(payload)));
    socket.on('data', (chunk: Buffer) => demuxer.push(chunk));
  }

  const ended = new Promise<void>((resolve) => {
    socket.once('end', resolve);
    socket.once('close', resolve);
    socket.once('error', () => resolve());
  });
  const exit = ended.then(async () => {
    stdout?.end();
    stderr?.end();
    try {
      return await exitCode(readExit, !closedHere);
    } catch {
      return -1;
    }
  });

  const stdin = options.stdin
    ? new Writable({
        write(chunk: Buffer, _enc, cb) {
          if (socket.writable) socket.write(chunk, cb);
          else cb();
        },
        // the engine sees the half-close as end of stdin, and output keeps flowing
        final(cb) {
          if (socket.writable) socket.end();
          cb();
        },
      })
    : undefined;

  return {
    ...(stdin ? { stdin } : {}),
    ...(stdout ? { stdout } : {}),
    ...(stderr ? { stderr } : {}),
    resize,
    exit,
    close() {
      closedHere = true;
      socket.destroy();
    },
  };
}

export async function exec(ctx: DriverContext, containerId: string, command: string[], options: StreamOptions): Promise<StreamSession> {
  await mustInspectOwn(ctx, containerId, TYPE_CONTAINER);
  const e = await ctx.docker.getContainer(containerId).exec({
    Cmd: command,
    AttachStdin: options.stdin,
    AttachStdout: options.stdout,
    AttachStderr: options.stderr,
    Tty: options.tty,
  });
  const socket = (await e.start({ hijack: true, stdin: options.stdin, Tty: options.tty, Detach: false })) as Duplex;
  return session(
    socket,
    options,
    options.tty,
    async () => {
      const info = await e.inspect();
      return { running: info.Running, code: info.ExitCode };
    },
    async ({ cols, rows }) => {
      await e.resize({ h: rows, w: cols });
    },
  );
}

export async function attach(ctx: DriverContext, containerId: string, options: StreamOptions): Promise<StreamSession> {
  const info = await mustInspectOwn(ctx, containerId, TYPE_CONTAINER);
  const container = ctx.docker.getContainer(containerId);
  const socket = (await container.attach({ stream: true, hijack: true, stdin: options.stdin, stdout: options.stdout, stderr: options.stderr })) as Duplex;
  return session(
    socket,
    options,
    info.Config.Tty,
    async () => {
      const now = await container.inspect();
      return { running: now.State.Running, code: now.State.ExitCode };
    },
    async ({ cols, rows }) => {
      await container.resize({ h: rows, w: cols });
    },
  );
}
