// The desktop app's own shell (node-pty in the main process), as a terminal
// session. Only the preload's `window.flotilla.terminal` reaches it.
import type { SessionEnd } from '../../api/exec-channel.ts';
import type { TerminalSession, TerminalSize } from '../../api/terminal-session.ts';

export function openLocalSession(desktop: FlotillaDesktop, size: TerminalSize): TerminalSession {
  const outputs: ((data: string) => void)[] = [];
  const ends: ((end: SessionEnd) => void)[] = [];
  const unsubscribe: (() => void)[] = [];
  let id: string | undefined;
  let closed = false;
  const finish = (end: SessionEnd): void => {
    for (const stop of unsubscribe.splice(0)) stop();
    for (const listener of ends) listener(end);
  };

  desktop.terminal.open(size).then((opened) => {
    if (closed) return desktop.terminal.close(opened);
    id = opened;
    unsubscribe.push(
      desktop.terminal.onData(opened, (data) => {
        for (const listener of outputs) listener(data);
      }),
      desktop.terminal.onExit(opened, (exitCode) => finish({ success: exitCode === 0, exitCode })),
    );
  }, (error: unknown) => finish({ success: false, message: `could not start the local shell: ${(error as Error).message ?? String(error)}` }));

  return {
    onOutput: (listener) => void outputs.push(listener),
    onEnd: (listener) => void ends.push(listener),
    write(data) {
      if (id) desktop.terminal.write(id, data);
    },
    resize(next) {
      if (id) desktop.terminal.resize(id, next);
    },
    close() {
      closed = true;
      for (const stop of unsubscribe.splice(0)) stop();
      if (id) desktop.terminal.close(id);
    },
  };
}
