// A real control plane for a suite, and the dashboard's own API client talking
// to it from Node, trusting only the test cluster's CA as the browser trusts the app's.
import { afterAll, beforeAll } from 'vitest';
import { ApiClient } from '../../../renderer/src/api/client.ts';
import { browserTransport, type BrowserTransport } from '../../helpers/browser-transport.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';

export interface DashboardCluster {
  cluster: TestCluster;
  client: ApiClient;
}

/** Starts the cluster before the suite's tests and stops it after; read the fields inside tests. */
export function dashboardCluster(): DashboardCluster {
  const shared = {} as DashboardCluster;
  let browser: BrowserTransport | undefined;
  beforeAll(async () => {
    shared.cluster = await startTestCluster();
    browser = browserTransport(shared.cluster.cp.caCertPem);
    shared.client = new ApiClient({ apiUrl: shared.cluster.cp.url, token: shared.cluster.cp.adminToken, embedded: false }, browser.transport, browser.sockets);
  });
  afterAll(async () => {
    await browser?.close();
    await shared.cluster?.stop();
  });
  return shared;
}
