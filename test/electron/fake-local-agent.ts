// The control plane's own node as the desktop app starts it, but on the agent's
// fake runtime: the tests of the join-as-node switch need no container engine.
import path from 'node:path';
import { startAgent, type Agent } from '../../agent/index.ts';
import type { ControlPlane } from '../../electron/control-plane/index.ts';

export async function startFakeLocalAgent(cp: ControlPlane, nodeName: string, dataDir: string): Promise<Agent> {
  const issued = await cp.issueNodeCredential(nodeName);
  return startAgent({
    credential: { server: cp.url, caCertPem: cp.caCertPem, nodeName: issued.nodeName, token: issued.token },
    runtime: 'fake',
    dataDir: path.join(dataDir, 'agent'),
    log: () => undefined,
  });
}
