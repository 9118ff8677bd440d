// `flotilla agent`: join this machine to a cluster (or rejoin with the saved
// credential) and run its pods until SIGINT/SIGTERM.
import { eachFlag } from './flags.ts';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '../agent/index.ts';
import { dockerEngineAnswers, RUNTIME_KINDS, type RuntimeKind } from '../agent/runtime/index.ts';

export interface AgentFlags {
  server?: string;
  token?: string;
  caCertHash?: string;
  nodeName?: string;
  runtime?: RuntimeKind;
  dataDir: string;
  staticPodPath?: string;
  nodeShell?: boolean;
}

const FLAGS = '--server URL, --token TOKEN, --ca-cert-hash sha256:HEX, --name NAME, --runtime docker|process|fake, --data-dir DIR, --static-pods DIR, --node-shell';

const USAGE = `Usage: flotilla agent [options]

Joins this machine to a Flotilla cluster as a node and runs the pods bound to it.

Options:
  --server URL         the control plane, as \`flotilla token create\` prints it
  --token TOKEN        bootstrap token (first join only)
  --ca-cert-hash HASH  sha256:HEX of the cluster's CA (first join only)
  --name NAME          the node's name (default: this host's name)
  --runtime KIND       docker | process | fake (default docker when its engine answers,
                       else process)
  --data-dir DIR       the node's credential and state (default ~/.flotilla-agent)
  --static-pods DIR    pod manifests to run without the API server
  --node-shell         let cluster admins open a shell on this machine from the
                       dashboard (as this agent's user)
`;

export function parseAgentFlags(args: string[]): AgentFlags {
  const flags: AgentFlags = { dataDir: path.join(os.homedir(), '.flotilla-agent') };
  eachFlag(args, (name, value, arg) => {
    if (name === '--server') flags.server = value();
    else if (name === '--token') flags.token = value();
    else if (name === '--ca-cert-hash') flags.caCertHash = value();
    else if (name === '--name') flags.nodeName = value();
    else if (name === '--data-dir') flags.dataDir = path.resolve(value());
    else if (name === '--static-pods') flags.staticPodPath = path.resolve(value());
    else if (arg === '--node-shell') flags.nodeShell = true;
    else if (name === '--runtime') {
      const kind = value();
      if (!(RUNTIME_KINDS as readonly string[]).includes(kind)) throw new Error(`--runtime must be one of ${RUNTIME_KINDS.join(', ')}, got "${kind}"`);
      flags.runtime = kind as RuntimeKind;
    } else throw new Error(`unknown flag for agent: ${arg} (flags: ${FLAGS})`);
  });
  if ((flags.token === undefined) !== (flags.caCertHash === undefined)) throw new Error('--token and --ca-cert-hash go together: the hash is what makes sending the token safe');
  if (flags.token !== undefined && flags.server === undefined) throw new Error('--token needs --server');
  return flags;
}

export async function runAgent(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const flags = parseAgentFlags(args);
  const log = (line: string) => console.log(line);
  let runtime = flags.runtime;
  if (!runtime) {
    runtime = (await dockerEngineAnswers()) ? 'docker' : 'process';
    if (runtime === 'process') log('no Docker engine answers here: pods run as host processes (--runtime process)');
  }
  const agent = await startAgent({ ...flags, runtime, log });
  log(`node ${agent.nodeName} is running with the ${runtime} runtime; Ctrl-C stops the agent (containers keep running)`);
  let stopping = false;
  const stop = () => {
    if (stopping) {
      // A second signal: the user does not want to wait for a clean stop.
      process.exit(1);
    }
    stopping = true;
    log('stopping the agent');
    agent.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
