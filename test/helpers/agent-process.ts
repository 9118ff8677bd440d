// A real `flotilla agent` in its own process, joined the way a user joins a LAN
// machine: `flotilla token create` against the test's control plane, then the
// printed `npx flotilla agent …` command.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestCluster } from './cluster.ts';
import { runCommand, type RunResult } from './run.ts';

export const FLOTILLA_BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));

export function runFlotilla(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runCommand(process.execPath, [FLOTILLA_BIN, ...args], { env: { ...process.env, ...env } });
}

export interface JoinArgs {
  server: string;
  token: string;
  caCertHash: string;
}

/** Runs `flotilla token create` and reads the flags of the `flotilla agent` line it printed. */
export async function createJoinToken(c: TestCluster, extra: string[] = []): Promise<JoinArgs> {
  const r = await runFlotilla(['token', 'create', '--data-dir', c.cp.kubeconfigPath.replace(/\/admin\.kubeconfig$/, ''), ...extra]);
  if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.includes('flotilla agent'));
  const flag = (name: string) => new RegExp(`--${name}[ =](\\S+)`).exec(line ?? '')?.[1];
  const server = flag('server');
  const token = flag('token');
  const caCertHash = flag('ca-cert-hash');
  if (!server || !token || !caCertHash) throw new Error(`no join command in:\n${r.stdout}`);
  return { server, token, caCertHash };
}

export interface AgentProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  /** SIGTERM, and SIGKILL if it has not ended within 10 s. */
  stop(): Promise<number>;
}

export function startAgentProcess(args: string[]): AgentProcess {
  const child = spawn(process.execPath, [FLOTILLA_BIN, 'agent', ...args], { env: { ...process.env } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : -1))));
  return {
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}
