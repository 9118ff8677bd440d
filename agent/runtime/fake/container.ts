// One simulated container: its status, its log, its stdin, and the script its
// command line describes (script.ts), run from start until it exits or is killed.
import type { ContainerConfig, ContainerStatus } from '../types.ts';
import { runScript, LineQueue } from './interpreter.ts';
import { LogBuffer } from './log-buffer.ts';
import { parseCommand } from './script.ts';

/** What a process killed by SIGTERM / SIGKILL reports, as a shell would. */
export const EXIT_SIGTERM = 143;
export const EXIT_SIGKILL = 137;

export class FakeContainer {
  readonly log = new LogBuffer();
  /** Resolves with the exit code once the container has exited. */
  readonly exited: Promise<number>;
  private resolveExited!: (code: number) => void;
  private readonly stdin?: LineQueue;
  private readonly abort = new AbortController();
  private ignoresTerm = false;
  private killTimer?: NodeJS.Timeout;

  constructor(
    readonly status: ContainerStatus,
    readonly config: ContainerConfig,
    private readonly onExit: (container: FakeContainer) => void,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    if (config.stdin) this.stdin = new LineQueue();
  }

  /** Aborted when the container exits: what runs inside it dies too. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get running(): boolean {
    return this.status.state === 'running';
  }

  start(): void {
    if (this.status.state !== 'created') throw new Error(`container ${this.status.id} is ${this.status.state}, not created`);
    this.status.state = 'running';
    this.status.startedAt = Date.now();
    runScript(parseCommand([...this.config.command, ...this.config.args]), {
      write: (stream, text) => this.log.append(stream, text),
      stdin: this.stdin,
      signal: this.abort.signal,
      onTrapTerm: () => (this.ignoresTerm = true),
      unknown: 'run-forever',
    }).then(
      (code) => this.finish(code),
      () => {}, // killed from outside: finish() already recorded how
    );
  }

  /** SIGTERM, then SIGKILL after timeoutSeconds if the script ignores SIGTERM. */
  stop(timeoutSeconds: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (!this.ignoresTerm) {
      this.finish(EXIT_SIGTERM);
    } else if (!this.killTimer) {
      this.killTimer = setTimeout(() => this.finish(EXIT_SIGKILL), Math.max(0, timeoutSeconds) * 1000);
    }
    return this.exited.then(() => undefined);
  }

  /** The process dies now with `exitCode`, whatever it was doing. */
  kill(exitCode: number): void {
    this.finish(exitCode);
  }

  writeStdin(chunk: string): void {
    this.stdin?.write(chunk);
  }

  /** An attached client closed stdin: with stdinOnce the container sees EOF. */
  detachStdin(): void {
    if (this.config.stdinOnce) this.stdin?.end();
  }

  private finish(code: number): void {
    if (this.status.state === 'exited') return;
    clearTimeout(this.killTimer);
    this.status.state = 'exited';
    this.status.exitCode = code;
    this.status.finishedAt = Date.now();
    this.status.reason = code === 0 ? 'Completed' : 'Error';
    this.abort.abort();
    this.log.end();
    this.resolveExited(code);
    this.onExit(this);
  }
}
