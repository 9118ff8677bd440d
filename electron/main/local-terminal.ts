// The desktop app's local terminal: the user's own shell in a pseudo-terminal
// (node-pty), pointed at this cluster through KUBECONFIG, with `flotilla` on
// PATH ahead of the system's commands (so the system kubectl stays). Each
// terminal belongs to one window, which alone may use it and whose closing ends it.
import os from 'node:os';
import path from 'node:path';
import { spawn, type IPty } from 'node-pty';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface LocalTerminalOptions {
  kubeconfigPath: string;
  /** Put first on PATH: where the `flotilla` launcher is. */
  binDir: string;
  /** The environment the shell starts from (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface TerminalListeners {
  data(data: string): void;
  exit(exitCode: number): void;
}

interface Terminal {
  owner: number;
  pty: IPty;
}

export function userShell(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return env.COMSPEC ?? 'cmd.exe';
  return env.SHELL || '/bin/bash';
}

/** A terminal size from the renderer, which may send anything. */
export function terminalSize(value: unknown): TerminalSize {
  const { cols, rows } = (value ?? {}) as Partial<Record<keyof TerminalSize, unknown>>;
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 10_000;
  if (!valid(cols) || !valid(rows)) throw new Error('a terminal size is whole columns and rows, each from 1 to 10000');
  return { cols, rows };
}

export class LocalTerminals {
  private readonly terminals = new Map<string, Terminal>();
  private nextId = 1;

  constructor(private readonly options: LocalTerminalOptions) {}

  /** Starts a shell for window `owner` and returns its id. */
  open(owner: number, size: TerminalSize, listeners: TerminalListeners): string {
    const base = this.options.env ?? process.env;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
    env.KUBECONFIG = this.options.kubeconfigPath;
    env.PATH = [this.options.binDir, base.PATH].filter(Boolean).join(path.delimiter);
    env.TERM = 'xterm-256color';
    env.COLORTERM = 'truecolor';
    const pty = spawn(userShell(base), [], {
      name: 'xterm-256color',
      cols: size.cols,
      rows: size.rows,
      cwd: (process.platform === 'win32' ? base.USERPROFILE : base.HOME) ?? os.homedir(),
      env,
    });
    const id = `local-${this.nextId++}`;
    this.terminals.set(id, { owner, pty });
    pty.onData((data) => listeners.data(data));
    pty.onExit(({ exitCode }) => {
      this.terminals.delete(id);
      listeners.exit(exitCode);
    });
    return id;
  }

  /** The terminal `id`, if window `owner` has it. */
  private of(owner: number, id: string): IPty | undefined {
    const terminal = this.terminals.get(id);
    return terminal?.owner === owner ? terminal.pty : undefined;
  }

  write(owner: number, id: string, data: string): void {
    this.of(owner, id)?.write(data);
  }

  resize(owner: number, id: string, size: TerminalSize): void {
    this.of(owner, id)?.resize(size.cols, size.rows);
  }

  /** Hangs up the shell, which ends it and the jobs it started. */
  close(owner: number, id: string): void {
    this.of(owner, id)?.kill();
  }

  closeOwner(owner: number): void {
    for (const [id, terminal] of this.terminals) if (terminal.owner === owner) this.close(owner, id);
  }

  closeAll(): void {
    for (const terminal of this.terminals.values()) terminal.pty.kill();
  }
}
