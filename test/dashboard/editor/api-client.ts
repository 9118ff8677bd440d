// The dashboard's own API client in Node, trusting only the test cluster's CA
// as the browser trusts the app's.
import { Agent, fetch as undiciFetch } from 'undici';
import { ApiClient, type Transport } from '../../../renderer/src/api/client.ts';
import type { TestCluster } from '../../helpers/cluster.ts';

export function dashboardClient(cluster: TestCluster): { client: ApiClient; close(): Promise<void> } {
  const dispatcher = new Agent({ connect: { ca: cluster.cp.caCertPem } });
  const transport = ((input: URL, init: RequestInit) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Transport;
  const client = new ApiClient({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, transport);
  return { client, close: () => dispatcher.close() };
}
