// A real control plane with some of the cluster controllers running against it over
// the loopback socket, through the real client, informers, queues and recorders.
import { formatTime } from '../../../api/meta.ts';
import type { KubeObject } from '../../../api/types.ts';
import { createEventRecorder } from '../../../client/event-recorder.ts';
import { createHttpClient, createInformerFactory } from '../../../client/index.ts';
import type { Client } from '../../../client/types.ts';
import { DEFAULT_CONTROLLER_OPTIONS, type ControllerOptions, type ControllerStarter, type RunningController } from '../../../electron/control-plane/controllers/types.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
export { eventually } from '../../helpers/eventually.ts';

export interface ControllerHarness {
  cluster: TestCluster;
  client: Client;
  stop(): Promise<void>;
}

export async function startControllers(starters: ControllerStarter[], options: Partial<ControllerOptions> = {}): Promise<ControllerHarness> {
  const cluster = await startTestCluster();
  const client = createHttpClient(cluster.cp.loopback);
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const informers = createInformerFactory(client, log);
  const ctx = {
    client,
    informers,
    recorder: (component: string) => createEventRecorder(client, component, undefined, log),
    options: { ...DEFAULT_CONTROLLER_OPTIONS, ...options },
    log,
  };
  const running: RunningController[] = starters.map((start) => start(ctx));
  informers.start();
  return {
    cluster,
    client,
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
      informers.stop();
      await cluster.stop();
      if (process.env.FLOTILLA_TEST_LOG) console.log(logs.join('\n'));
    },
  };
}


/** A Node object as an agent registers it, Ready since now. */
export function readyNode(name: string): KubeObject {
  const now = formatTime(new Date());
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: now }] },
  };
}
