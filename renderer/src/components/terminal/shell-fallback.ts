// "bash, else sh": an exec of a shell the image lacks fails to start (exit code
// 126/127 from the engine, or an internal error from the process runtime), and
// the user should land in the shell that is there rather than read a failure.
import type { SessionEnd } from '../../api/exec-channel.ts';
import type { TerminalSession, TerminalSize } from '../../api/terminal-session.ts';

/** Exit codes of a command that could not be run (POSIX: not executable, not found). */
const NOT_STARTED_CODES = new Set([126, 127]);

export function failedToStart(end: SessionEnd): boolean {
  return end.exitCode === undefined ? !end.success : NOT_STARTED_CODES.has(end.exitCode);
}

/**
 * `first`, and when it ends without the user having typed anything and
 * `failedToStart`, `second` in its place, after printing `note`.
 */
export function withFallback(size: TerminalSize, first: (size: TerminalSize) => TerminalSession, second: (size: TerminalSize) => TerminalSession, note: string): TerminalSession {
  const outputs: ((data: Uint8Array | string) => void)[] = [];
  const ends: ((end: SessionEnd) => void)[] = [];
  let typed = false;
  let current = first(size);
  let last = size;
  const join = (session: TerminalSession, fallback: boolean): void => {
    session.onOutput((data) => {
      if (session === current) for (const listener of outputs) listener(data);
    });
    session.onEnd((end) => {
      if (session !== current) return;
      if (fallback && !typed && failedToStart(end)) {
        current = second(last);
        for (const listener of outputs) listener(`\r\n${note}\r\n`);
        join(current, false);
        return;
      }
      for (const listener of ends) listener(end);
    });
  };
  join(current, true);
  return {
    onOutput: (listener) => void outputs.push(listener),
    onEnd: (listener) => void ends.push(listener),
    write(data) {
      typed = true;
      current.write(data);
    },
    resize(next) {
      last = next;
      current.resize(next);
    },
    close: () => current.close(),
  };
}
