// The control plane's own machine as a node (k3s's server-with-agent): the same agent a
// LAN machine runs, given a credential the control plane issued in process instead of
// a bootstrap-token join. The control plane is passed in, never imported.
import path from 'node:path';
import { defaultNodeName, readMachineId } from './join/index.ts';
import { dockerEngineAnswers } from './runtime/index.ts';
import { startAgent, type Agent } from './index.ts';

export interface LocalControlPlane {
  url: string;
  caCertPem: string;
  issueNodeCredential(nodeName: string, machineId: string): Promise<{ nodeName: string; token: string }>;
}

/** Starts the local node in DATA_DIR/agent, on Docker when an engine answers, else as host processes. */
export async function startLocalAgent(cp: LocalControlPlane, dataDir: string, log: (line: string) => void, options: { nodeShell?: boolean } = {}): Promise<Agent & { runtime: string }> {
  const issued = await cp.issueNodeCredential(defaultNodeName(), await readMachineId());
  const runtime = (await dockerEngineAnswers()) ? 'docker' : 'process';
  const agent = await startAgent({
    credential: { server: cp.url, caCertPem: cp.caCertPem, nodeName: issued.nodeName, token: issued.token },
    runtime,
    dataDir: path.join(dataDir, 'agent'),
    nodeShell: options.nodeShell,
    log,
  });
  return { ...agent, runtime };
}
