// A shell on the node's own machine, for agents started with --node-shell: the
// user's login shell as the agent's user, in a TTY (node-pty), spoken to over the
// same channel protocol as exec.
import os from 'node:os';
import { execProcess } from '../runtime/process/sessions.ts';
import type { StreamOptions, StreamSession } from '../runtime/types.ts';

/** The shell the session runs: the agent user's $SHELL, else sh (Windows: cmd). */
export function nodeShellCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  if (process.platform === 'win32') return [env.COMSPEC ?? 'cmd.exe'];
  return [env.SHELL || '/bin/sh'];
}

export function startNodeShell(command: string[], options: StreamOptions): Promise<StreamSession> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return execProcess({ cwd: os.homedir(), env: { ...env, TERM: 'xterm-256color' } }, command, options);
}
