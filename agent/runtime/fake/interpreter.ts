// Runs the steps of script.ts against some simulated stdio: shared by fake
// containers (output goes to the log) and fake execs (output goes to the session).
import { setTimeout as sleep } from 'node:timers/promises';
import { parseScript, type Step } from './script.ts';

/** Lines written to a simulated stdin, read one at a time; ends when stdin closes. */
export class LineQueue {
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter?: (line: string | undefined) => void;
  private closed = false;

  write(chunk: string): void {
    if (this.closed) return;
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.search(/\r?\n|\r/)) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + (this.buffered.startsWith('\r\n', nl) ? 2 : 1));
      this.deliver(line);
    }
  }

  end(): void {
    if (this.closed) return;
    if (this.buffered) this.deliver(this.buffered);
    this.buffered = '';
    this.closed = true;
    this.waiter?.(undefined);
    this.waiter = undefined;
  }

  read(): Promise<string | undefined> {
    if (this.lines.length) return Promise.resolve(this.lines.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private deliver(line: string): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(line);
    } else {
      this.lines.push(line);
    }
  }
}

export interface ScriptIO {
  write(stream: 'stdout' | 'stderr', text: string): void;
  /** Absent when the process has no stdin (it reads EOF at once). */
  stdin?: LineQueue;
  /** Aborted when the process is killed from outside; the run then stops where it is. */
  signal: AbortSignal;
  onTrapTerm(): void;
  /** A container runs an unknown program until stopped; an exec of one succeeds. */
  unknown: 'run-forever' | 'succeed';
}

/** Runs the steps; resolves with the exit code, or rejects (AbortError) when killed from outside. */
export async function runScript(steps: Step[], io: ScriptIO): Promise<number> {
  return (await runSteps(steps, io)) ?? 0;
}

/** undefined: the steps ran out without an `exit`. */
async function runSteps(steps: Step[], io: ScriptIO): Promise<number | undefined> {
  for (const step of steps) {
    io.signal.throwIfAborted();
    switch (step.kind) {
      case 'echo':
        io.write(step.stream, step.text);
        break;
      case 'exit':
        return step.code;
      case 'trap-term':
        io.onTrapTerm();
        break;
      case 'sleep':
        await waitFor(step.ms, io.signal);
        break;
      case 'unknown':
        if (io.unknown === 'run-forever') await waitFor(Infinity, io.signal);
        break;
      case 'interactive': {
        const code = await interact(step.mode, io);
        if (code !== undefined) return code;
        break;
      }
    }
  }
  return undefined;
}

async function interact(mode: 'cat' | 'sh', io: ScriptIO): Promise<number | undefined> {
  if (!io.stdin) return undefined;
  const killed = waitFor(Infinity, io.signal);
  for (;;) {
    const line = await Promise.race([io.stdin.read(), killed]);
    if (line === undefined) return undefined;
    if (mode === 'cat') {
      io.write('stdout', line);
      continue;
    }
    const code = await runSteps(parseScript(line), { ...io, unknown: 'succeed' });
    if (code !== undefined) return code;
  }
}

function waitFor(ms: number, signal: AbortSignal): Promise<undefined> {
  if (ms === Infinity) {
    return new Promise((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
  return sleep(ms, undefined, { signal });
}
