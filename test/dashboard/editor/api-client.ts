// A real control plane for a suite, and the dashboard's own API client talking
// to it from Node, trusting only the test cluster's CA as the browser trusts the app's.
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { ApiClient, type Transport } from '../../../renderer/src/api/client.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';

export interface DashboardCluster {
  cluster: TestCluster;
  client: ApiClient;
}

/** Starts the cluster before the suite's tests and stops it after; read the fields inside tests. */
export function dashboardCluster(): DashboardCluster {
  const shared = {} as DashboardCluster;
  let dispatcher: Agent | undefined;
  beforeAll(async () => {
    shared.cluster = await startTestCluster();
    dispatcher = new Agent({ connect: { ca: shared.cluster.cp.caCertPem } });
    const agent = dispatcher;
    const transport = ((input: URL, init: RequestInit) => undiciFetch(input, { ...init, dispatcher: agent } as Parameters<typeof undiciFetch>[1])) as unknown as Transport;
    shared.client = new ApiClient({ apiUrl: shared.cluster.cp.url, token: shared.cluster.cp.adminToken, embedded: false }, transport);
  });
  afterAll(async () => {
    await dispatcher?.close();
    await shared.cluster?.stop();
  });
  return shared;
}
