// exec and attach for host processes. An exec is a child of the agent with the
// container's environment, directory and user; a TTY needs node-pty, loaded only
// when asked for, since it is a native module the agent bundle may lack. An attach
// follows the container's log file and writes to its stdin FIFO.
import { spawn } from 'node:child_process';
import { constants as fsConstants, open } from 'node:fs';
import { Socket } from 'node:net';
import { constants as osConstants } from 'node:os';
import { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { StreamOptions, StreamSession } from '../types.ts';
import { readLog, type LogSource } from './cri-log.ts';
import type { ShimSpec } from './shim.ts';

export const PTY_MISSING = 'a TTY in the process runtime needs node-pty, which is not installed';

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0);
}

/** What an exec takes of a container's spec (the node shell gives the agent's own). */
type ExecSpec = Pick<ShimSpec, 'cwd' | 'env' | 'uid' | 'gid'>;

export async function execProcess(spec: ExecSpec, command: string[], options: StreamOptions): Promise<StreamSession> {
  if (command.length === 0) throw new Error('exec needs a command');
  return options.tty ? execTty(spec, command, options) : execPipes(spec, command, options);
}

async function execPipes(spec: ExecSpec, command: string[], options: StreamOptions): Promise<StreamSession> {
  const child = spawn(command[0], command.slice(1), {
    cwd: spec.cwd,
    env: spec.env,
    uid: spec.uid,
    gid: spec.gid,
    stdio: [options.stdin ? 'pipe' : 'ignore', options.stdout ? 'pipe' : 'ignore', options.stderr ? 'pipe' : 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new Error(`exec ${JSON.stringify(command[0])}: ${err.message}`)));
  });
  child.stdin?.on('error', () => {}); // EPIPE when the process stops reading
  return {
    stdin: child.stdin ?? undefined,
    stdout: child.stdout ?? undefined,
    stderr: child.stderr ?? undefined,
    resize: async () => {},
    exit: new Promise((resolve) => child.once('close', (code, signal) => resolve(exitCodeOf(code, signal)))),
    close: () => child.kill('SIGKILL'),
  };
}

async function execTty(spec: ExecSpec, command: string[], options: StreamOptions): Promise<StreamSession> {
  let pty: typeof import('node-pty');
  try {
    pty = await import('node-pty');
  } catch {
    throw new Error(PTY_MISSING);
  }
  const term = pty.spawn(command[0], command.slice(1), { name: 'xterm-256color', cols: 80, rows: 24, cwd: spec.cwd, env: spec.env, uid: spec.uid, gid: spec.gid });
  const stdout = new Readable({ read() {} });
  term.onData((data) => {
    if (options.stdout) stdout.push(data);
  });
  const exit = new Promise<number>((resolve) =>
    term.onExit(({ exitCode, signal }) => {
      stdout.push(null);
      resolve(signal ? 128 + signal : exitCode);
    }),
  );
  const stdin = options.stdin
    ? new Writable({
        write(chunk: Buffer | string, _encoding, callback) {
          term.write(chunk.toString());
          callback();
        },
        final(callback) {
          // End of input on a terminal is ^D.
          term.write('\x04');
          callback();
        },
      })
    : undefined;
  return {
    stdin,
    stdout: options.stdout ? stdout : undefined,
    resize: async ({ cols, rows }) => term.resize(cols, rows),
    exit,
    close: () => term.kill(),
  };
}

export interface AttachTarget extends LogSource {
  /** The stdin FIFO, when the container keeps stdin open. */
  stdinFifo?: string;
  /** Resolves with the exit code when the container exits. */
  exited: Promise<number>;
}

export async function attachProcess(target: AttachTarget, options: StreamOptions): Promise<StreamSession> {
  const follow = { follow: true, timestamps: false };
  const raw = (r: { text: string }) => `${r.text}\n`;
  // A TTY has one output stream: both go to stdout.
  const stdout = options.stdout ? await readLog(target, follow, { stream: options.tty ? undefined : 'stdout', fromEnd: true, render: raw }) : undefined;
  const stderr = options.stderr && !options.tty ? await readLog(target, follow, { stream: 'stderr', fromEnd: true, render: raw }) : undefined;
  const stdin = options.stdin && target.stdinFifo ? await openFifoForWriting(target.stdinFifo) : undefined;
  const close = () => {
    stdout?.destroy();
    stderr?.destroy();
    stdin?.end();
  };
  return {
    stdin,
    stdout,
    stderr,
    resize: async () => {},
    exit: target.exited.then((code) => {
      stdin?.end();
      return code;
    }),
    close,
  };
}

/**
 * Non-blocking, so an attach to a container whose shim is gone fails (ENXIO)
 * instead of hanging; retried briefly because between two attaches the shim
 * reopens the FIFO.
 */
async function openFifoForWriting(path: string): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      // A plain fd, not a FileHandle: the socket owns and closes it.
      const fd = await promisify(open)(path, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
      const socket = new Socket({ fd, readable: false, writable: true });
      socket.on('error', () => {});
      return socket;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO' || attempt >= 50) throw new Error(`attach: the container's stdin is not open: ${(err as Error).message}`);
      await sleep(20);
    }
  }
}
