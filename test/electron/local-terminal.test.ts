// The desktop app's local terminal against a real control plane: the user's shell
// with KUBECONFIG for this cluster, kubectl and the `flotilla` launcher on PATH.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';
import { writeFlotillaLauncher } from '../../electron/main/flotilla-launcher.ts';
import { LocalTerminals, terminalSize } from '../../electron/main/local-terminal.ts';
import { KUBECTL } from '../helpers/cluster.ts';

const CLI = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
const WINDOW = 1;

/** Shells and kubectl take their time on a busy machine. */
const until = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 20_000, interval: 50 });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(process.platform === 'win32' || !existsSync(KUBECTL))('local terminal', () => {
  let dir: string;
  let cp: ControlPlane;
  let terminals: LocalTerminals;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-terminal-'));
    cp = await startControlPlane({ dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', controllers: false });
    const binDir = path.join(dir, 'bin');
    await writeFlotillaLauncher(binDir, process.execPath, CLI);
    // HOME in the test's folder, so kubectl's cache and the shell's history stay there.
    const env = { PATH: `${path.dirname(KUBECTL)}:/usr/bin:/bin`, HOME: dir, SHELL: '/bin/bash', LANG: 'C.UTF-8' };
    terminals = new LocalTerminals({ kubeconfigPath: cp.kubeconfigPath, binDir, env });
  });

  afterAll(async () => {
    terminals.closeAll();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function open(owner = WINDOW) {
    let output = '';
    let exitCode: number | undefined;
    const id = terminals.open(owner, { cols: 120, rows: 30 }, {
      data: (data) => (output += data),
      exit: (code) => (exitCode = code),
    });
    return { id, output: () => output, exitCode: () => exitCode };
  }

  it('runs the shell in the home folder with this cluster as KUBECONFIG and kubectl working', async () => {
    const shell = open();
    terminals.write(WINDOW, shell.id, 'echo "kc=$KUBECONFIG"; pwd\r');
    await until(() => {
      expect(shell.output()).toContain(`kc=${cp.kubeconfigPath}`);
      expect(shell.output()).toContain(`\r\n${dir}\r\n`);
    });
    terminals.write(WINDOW, shell.id, 'kubectl get ns\r');
    await until(() => expect(shell.output()).toMatch(/kube-system\s+Active/));
    expect(shell.output()).toMatch(/default\s+Active/);
    terminals.close(WINDOW, shell.id);
    await until(() => expect(shell.exitCode()).toBeDefined());
  });

  it('has the flotilla launcher first on PATH, running this checkout', async () => {
    const shell = open();
    terminals.write(WINDOW, shell.id, 'command -v flotilla; flotilla --help\r');
    await until(() => expect(shell.output()).toContain('Usage: flotilla <command>'));
    expect(shell.output()).toContain(path.join(dir, 'bin', 'flotilla'));
    terminals.close(WINDOW, shell.id);
  });

  it('hands a terminal only to the window that opened it, and kills it with that window', async () => {
    const shell = open();
    terminals.write(WINDOW, shell.id, 'echo "pid=$$"\r');
    await until(() => expect(shell.output()).toMatch(/pid=\d+/));
    const pid = Number(/pid=(\d+)/.exec(shell.output())![1]);
    terminals.write(WINDOW + 1, shell.id, 'echo other-window\r');
    terminals.close(WINDOW + 1, shell.id);
    terminals.write(WINDOW, shell.id, 'echo same-window\r');
    // The shell's own output, not its echo of the command line.
    await until(() => expect(shell.output()).toContain('\rsame-window\r\n'));
    expect(shell.output()).not.toContain('other-window');
    expect(alive(pid)).toBe(true);

    terminals.closeOwner(WINDOW);
    await until(() => expect(shell.exitCode()).toBeDefined());
    await until(() => expect(alive(pid)).toBe(false));
  });

  it('checks the sizes the renderer sends', () => {
    expect(terminalSize({ cols: 80, rows: 24 })).toEqual({ cols: 80, rows: 24 });
    for (const bad of [undefined, { cols: 0, rows: 24 }, { cols: 80.5, rows: 24 }, { cols: '80', rows: 24 }, { cols: 80, rows: 1e9 }]) {
      expect(() => terminalSize(bad)).toThrow('a terminal size is whole columns and rows');
    }
  });
});
