// A kind's watch outlives the view that started it: pages come and go (the login
// redirect even mounts the shell for a moment before the first connect), and the
// next page must still get the kind's objects once the session connects.
import { createPinia, setActivePinia } from 'pinia';
import { Agent, fetch as undiciFetch } from 'undici';
import { effectScope } from 'vue';
import { afterAll, beforeAll, it } from 'vitest';
import type { Transport } from '../../../renderer/src/api/client.ts';
import { useResources } from '../../../renderer/src/stores/resources.ts';
import { useSessionStore } from '../../../renderer/src/stores/session.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

let cluster: TestCluster;
let dispatcher: Agent;

beforeAll(async () => {
  setActivePinia(createPinia());
  cluster = await startTestCluster();
  dispatcher = new Agent({ connect: { ca: cluster.cp.caCertPem } });
});

afterAll(async () => {
  useSessionStore().disconnect();
  await dispatcher?.close();
  await cluster?.stop();
});

it('keeps watching after the component that first asked for the kind is gone', async () => {
  const view = effectScope();
  view.run(() => useResources('namespaces'));
  view.stop();

  const transport = ((input, init) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Transport;
  useSessionStore().connect({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, transport);
  const namespaces = useResources('namespaces');
  await eventually('the namespaces listed', () => namespaces.synced && namespaces.get(undefined, 'default') !== undefined);
});
