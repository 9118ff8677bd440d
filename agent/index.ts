// The agent in one call: credential (join or the saved one) → API client → runtime →
// stats → node status → pod manager → node server → tunnel. Stopping ends the agent's
// own work but leaves the containers running, as a kubelet restart does.
import path from 'node:path';
import packageJson from '../package.json' with { type: 'json' };
import { createHttpClient } from '../client/index.ts';
import { agentIdOf, defaultNodeName, joinCluster, loadCredential, normalizeServer, readMachineId, type NodeCredential } from './join/index.ts';
import { startNodeStatus } from './node/index.ts';
import { startPodManager } from './pods/index.ts';
import { createRuntime, type RuntimeKind } from './runtime/index.ts';
import { createNodeServer } from './server/index.ts';
import { startStats } from './stats/index.ts';
import { connectTunnel } from './tunnel/index.ts';

export type { NodeCredential } from './join/index.ts';
export type { RuntimeKind } from './runtime/index.ts';

export const AGENT_VERSION: string = packageJson.version;

export interface AgentOptions {
  /** For a first join (with token and caCertHash), or to check the saved credential is for this server. */
  server?: string;
  token?: string;
  caCertHash?: string;
  /** Given by an in-process caller (the control plane's own node); otherwise joined or loaded from dataDir. */
  credential?: NodeCredential;
  nodeName?: string;
  runtime: RuntimeKind;
  dataDir: string;
  /** A folder of pod manifests the agent runs without the API server's say (static pods). */
  staticPodPath?: string;
  /** Serve a shell on this machine to cluster admins (the dashboard's node shell), and say so on the Node. */
  nodeShell?: boolean;
  log: (line: string) => void;
}

export interface Agent {
  nodeName: string;
  stop(): Promise<void>;
}

/**
 * The saved credential when it is for the asked server and node; a join when there is a token
 * (first start, or a move to another cluster); otherwise the reason neither is possible.
 */
async function credentialFor(opts: AgentOptions): Promise<NodeCredential> {
  if (opts.credential) return opts.credential;
  const saved = await loadCredential(opts.dataDir);
  const server = opts.server === undefined ? undefined : normalizeServer(opts.server);
  const fits = saved && (server === undefined || saved.server === server) && (opts.nodeName === undefined || saved.nodeName === opts.nodeName);
  if (saved && fits) {
    opts.log(`node ${saved.nodeName} of ${saved.server}, with the credential in ${path.join(opts.dataDir, 'node.json')}`);
    return saved;
  }
  if (server === undefined || !opts.token || !opts.caCertHash) {
    if (saved) {
      throw new Error(`${path.join(opts.dataDir, 'node.json')} is node ${saved.nodeName} of ${saved.server}; to join ${server ?? 'another cluster'} as ${opts.nodeName ?? saved.nodeName}, pass --server, --token and --ca-cert-hash`);
    }
    throw new Error('this machine has not joined a cluster yet: pass --server, --token and --ca-cert-hash (as `flotilla token create` prints them)');
  }
  return joinCluster({
    server,
    token: opts.token,
    caCertHash: opts.caCertHash,
    nodeName: opts.nodeName ?? defaultNodeName(),
    machineId: await readMachineId(),
    dataDir: opts.dataDir,
    log: opts.log,
  });
}

export async function startAgent(opts: AgentOptions): Promise<Agent> {
  const { dataDir, log } = opts;
  const credential = await credentialFor(opts);
  const { nodeName } = credential;
  // What is started is stopped in reverse, also when a later step fails.
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        log(`stopping: ${(err as Error).message}`);
      }
    }
  };
  try {
    const client = createHttpClient({ server: credential.server, token: credential.token, caCertPem: credential.caCertPem });
    const runtime = await createRuntime(opts.runtime, { agentId: await agentIdOf(dataDir), nodeName, dataDir, log });
    stops.push(() => runtime.close());
    const stats = await startStats({ runtime, nodeName, dataDir, log });
    stops.push(() => stats.stop());
    const nodeStatus = await startNodeStatus({ client, nodeName, runtime, dataDir, stats, log, agentVersion: AGENT_VERSION, nodeShell: opts.nodeShell });
    stops.push(() => nodeStatus.stop());
    const pods = await startPodManager({ client, nodeName, nodeIP: nodeStatus.nodeIP, runtime, dataDir, staticPodPath: opts.staticPodPath, log });
    stops.push(() => pods.stop());
    const nodeServer = createNodeServer({ runtime, nodeName, stats, log, nodeShell: opts.nodeShell });
    stops.push(() => nodeServer.close());
    const tunnel = connectTunnel({ server: credential.server, caCertPem: credential.caCertPem, token: credential.token, onStream: (s) => nodeServer.acceptConnection(s), log });
    stops.push(() => tunnel.close());
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { nodeName, stop: stopAll };
}
