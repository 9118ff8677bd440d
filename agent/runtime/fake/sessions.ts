// exec and attach on simulated stdio: an exec runs its command line through the
// same interpreter as containers; an attach taps the container's output from now
// on and feeds its stdin.
import { PassThrough, Writable } from 'node:stream';
import type { StreamOptions, StreamSession } from '../types.ts';
import { EXIT_SIGKILL, type FakeContainer } from './container.ts';
import { LineQueue, runScript } from './interpreter.ts';
import { parseCommand } from './script.ts';

function outputs(options: StreamOptions) {
  const stdout = options.stdout ? new PassThrough() : undefined;
  // A TTY has one output stream: stderr goes to it.
  const stderr = options.stderr && !options.tty ? new PassThrough() : undefined;
  const newline = options.tty ? '\r\n' : '\n';
  const write = (stream: 'stdout' | 'stderr', text: string) => {
    const target = stream === 'stdout' || options.tty ? stdout : stderr;
    if (target && !target.writableEnded) target.write(text + newline);
  };
  const end = () => {
    stdout?.end();
    stderr?.end();
  };
  return { stdout, stderr, write, end };
}

function stdinWriter(onChunk: (chunk: string) => void, onEnd: () => void): Writable {
  const w = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      onChunk(chunk.toString());
      callback();
    },
    final(callback) {
      onEnd();
      callback();
    },
  });
  w.on('close', onEnd);
  return w;
}

export function fakeExec(container: FakeContainer, command: string[], options: StreamOptions): StreamSession {
  const out = outputs(options);
  const queue = options.stdin ? new LineQueue() : undefined;
  const session = new AbortController();
  // The exec dies with its container, as a process in its namespaces would.
  const containerDied = () => session.abort();
  container.signal.addEventListener('abort', containerDied, { once: true });
  const exit = runScript(parseCommand(command), {
    write: out.write,
    stdin: queue,
    signal: session.signal,
    onTrapTerm: () => {},
    unknown: 'succeed',
  })
    .catch(() => EXIT_SIGKILL)
    .then((code) => {
      container.signal.removeEventListener('abort', containerDied);
      out.end();
      return code;
    });
  return {
    stdin: queue && stdinWriter((c) => queue.write(c), () => queue.end()),
    stdout: out.stdout,
    stderr: out.stderr,
    resize: async () => {},
    exit,
    close: () => session.abort(),
  };
}

export function fakeAttach(container: FakeContainer, options: StreamOptions): StreamSession {
  const out = outputs(options);
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  let unsubscribe = () => {};
  const finish = () => {
    unsubscribe();
    out.end();
    resolveExit(container.status.exitCode);
  };
  unsubscribe = container.log.subscribe((line) => (line ? out.write(line.stream, line.text) : finish()));
  return {
    stdin: options.stdin ? stdinWriter((c) => container.writeStdin(c), () => container.detachStdin()) : undefined,
    stdout: out.stdout,
    stderr: out.stderr,
    resize: async () => {},
    exit,
    close: finish,
  };
}
