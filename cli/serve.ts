// `flotilla serve`: the control plane headless, with the web dashboard.
import { eachFlag } from './flags.ts';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { Agent } from '../agent/index.ts';
import { startLocalAgent, type LocalControlPlane } from '../agent/local.ts';
import { DEFAULT_LISTEN, startControlPlane } from '../electron/control-plane/index.ts';

export interface ServeFlags {
  dataDir: string;
  listen: string;
  agent: boolean;
}

export function parseServeFlags(args: string[]): ServeFlags {
  const flags: ServeFlags = { dataDir: path.join(os.homedir(), '.flotilla'), listen: DEFAULT_LISTEN, agent: true };
  eachFlag(args, (name, value, arg) => {
    if (name === '--data-dir') flags.dataDir = path.resolve(value());
    else if (name === '--listen') flags.listen = value();
    else if (name === '--no-agent') flags.agent = false;
    else throw new Error(`unknown flag for serve: ${arg} (flags: --data-dir DIR, --listen HOST:PORT, --no-agent)`);
  });
  return flags;
}

/** The built renderer, when `npm run build` has made it; FLOTILLA_WEB_ROOT serves a build made elsewhere (FLOTILLA_OUT_DIR). */
function webRoot(): string | undefined {
  const dir = process.env.FLOTILLA_WEB_ROOT ?? fileURLToPath(new URL('../out/renderer', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}

export async function runServe(args: string[]): Promise<void> {
  const flags = parseServeFlags(args);
  const cp = await startControlPlane({ dataDir: flags.dataDir, listen: flags.listen, webRoot: webRoot() });
  console.log(`Flotilla is running.`);
  console.log(`  API server:  ${cp.url}`);
  console.log(`  Dashboard:   ${cp.dashboardUrl}  (log in with the token in ${path.join(flags.dataDir, 'admin.token')})`);
  console.log(`  kubectl:     kubectl --kubeconfig ${cp.kubeconfigPath} get namespaces`);
  console.log(`  Join a LAN machine: flotilla token create --data-dir ${flags.dataDir}`);
  const local = flags.agent ? await startLocalNode(cp, flags.dataDir) : undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // The local node's containers keep running, as any agent's do when it stops.
    Promise.resolve(local?.stop())
      .then(() => cp.stop())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** This machine as a node; a failure to start it leaves the control plane serving, and says why. */
async function startLocalNode(cp: LocalControlPlane, dataDir: string): Promise<Agent | undefined> {
  try {
    const agent = await startLocalAgent(cp, dataDir, (line) => console.log(`  agent: ${line}`));
    console.log(`  This machine is node ${agent.nodeName} (${agent.runtime} runtime); --no-agent leaves it out.`);
    return agent;
  } catch (error) {
    console.log(`  This machine could not join as a node: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
