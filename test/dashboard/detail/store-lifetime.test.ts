// A kind's watch outlives the view that started it: pages come and go (the login
// redirect even mounts the shell for a moment before the first connect), and the
// next page must still get the kind's objects once the session connects.
import { createPinia, setActivePinia } from 'pinia';
import { effectScope } from 'vue';
import { afterAll, beforeAll, it } from 'vitest';
import { useResources } from '../../../renderer/src/stores/resources.ts';
import { useSessionStore } from '../../../renderer/src/stores/session.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';
import { browserTransport } from '../../helpers/browser-transport.ts';

let cluster: TestCluster;
let http: ReturnType<typeof browserTransport>;

beforeAll(async () => {
  setActivePinia(createPinia());
  cluster = await startTestCluster();
  http = browserTransport(cluster.cp.caCertPem);
});

afterAll(async () => {
  useSessionStore().disconnect();
  await http?.close();
  await cluster?.stop();
});

it('keeps watching after the component that first asked for the kind is gone', async () => {
  const view = effectScope();
  view.run(() => useResources('namespaces'));
  view.stop();

  useSessionStore().connect({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, http.transport, http.sockets);
  const namespaces = useResources('namespaces');
  await eventually('the namespaces listed', () => namespaces.synced && namespaces.get(undefined, 'default') !== undefined);
});
