// The Endpoints and EndpointSlice controllers follow pods becoming ready.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types.ts';
import { R } from '../../../client/types.ts';
import { startEndpointsController } from '../../../electron/control-plane/controllers/endpoints/index.ts';
import { startEndpointSliceController } from '../../../electron/control-plane/controllers/endpointslice/index.ts';
import { startGarbageCollector } from '../../../electron/control-plane/controllers/garbagecollector/index.ts';
import type { EndpointSlice, Endpoints, Pod } from '../../../electron/control-plane/controllers/namespace/objects.ts';
import { eventually, startControllers, type ControllerHarness } from './harness.ts';

let h: ControllerHarness;
beforeAll(async () => {
  h = await startControllers([startEndpointsController, startEndpointSliceController, startGarbageCollector]);
});
afterAll(() => h.stop());

async function createPod(name: string, labels: Record<string, string>): Promise<void> {
  await h.client.create(R.pods, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels },
    spec: { nodeName: 'n1', containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] },
  });
}

async function setStatus(name: string, podIP: string, ready: boolean): Promise<void> {
  const pod = await h.client.get<Pod>(R.pods, 'default', name);
  await h.client.updateStatus(R.pods, 'default', {
    ...pod,
    status: { phase: 'Running', podIP, podIPs: [{ ip: podIP }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
}

const slicesOf = async (svc: string) =>
  (await h.client.list<EndpointSlice>(R.endpointslices, 'default', { labelSelector: `kubernetes.io/service-name=${svc}` })).items;

describe('endpoints and endpointslice controllers', () => {
  it('list ready and not-ready pod IPs on the resolved target ports', async () => {
    await h.client.create(R.services, 'default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    await createPod('web-1', { app: 'web' });
    await createPod('web-2', { app: 'web' });
    await createPod('other', { app: 'other' });
    await setStatus('other', '10.0.0.9', true);
    // No IP yet: not listed at all.
    const empty = await eventually('empty Endpoints', () => h.client.get<Endpoints>(R.endpoints, 'default', 'web'));
    expect(empty.subsets ?? []).toEqual([]);

    await setStatus('web-1', '10.0.0.1', true);
    await setStatus('web-2', '10.0.0.2', false);
    const ep = await eventually('both pods listed', async () => {
      const e = await h.client.get<Endpoints>(R.endpoints, 'default', 'web');
      return e.subsets?.[0]?.notReadyAddresses?.length === 1 && e;
    });
    expect(ep.subsets).toEqual([{
      addresses: [{ ip: '10.0.0.1', nodeName: 'n1', targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-1', namespace: 'default' }) }],
      notReadyAddresses: [{ ip: '10.0.0.2', nodeName: 'n1', targetRef: expect.objectContaining({ kind: 'Pod', name: 'web-2' }) }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }]);

    const [slice] = await eventually('one slice with both pods', async () => {
      const s = await slicesOf('web');
      return s.length === 1 && s[0]!.endpoints?.length === 2 && s;
    });
    expect(slice!.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice!.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'web', controller: true })]);
    expect(slice!.addressType).toBe('IPv4');
    expect(slice!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(slice!.endpoints!.map((e) => [e.addresses[0], e.conditions?.ready])).toEqual([['10.0.0.1', true], ['10.0.0.2', false]]);

    // The second pod becomes ready.
    await setStatus('web-2', '10.0.0.2', true);
    await eventually('both ready', async () => {
      const e = await h.client.get<Endpoints>(R.endpoints, 'default', 'web');
      return e.subsets?.[0]?.addresses?.length === 2 && !e.subsets[0].notReadyAddresses;
    });
    await eventually('both ready in the slice', async () => (await slicesOf('web'))[0]?.endpoints?.every((e) => e.conditions?.ready));
  });

  it('leaves the Endpoints of Services without a selector alone, and cleans up after deleted Services', async () => {
    await h.client.create(R.services, 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    const manual: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '192.168.1.5' }], ports: [{ port: 80, protocol: 'TCP' }] }] };
    await h.client.create(R.endpoints, 'default', manual);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.client.get<Endpoints>(R.endpoints, 'default', 'manual')).subsets?.[0]?.addresses?.[0]?.ip).toBe('192.168.1.5');
    expect(await slicesOf('manual')).toEqual([]);

    await h.client.delete(R.services, 'default', 'web');
    await eventually('Endpoints of web deleted', async () => (await h.client.list(R.endpoints, 'default')).items.every((e) => e.metadata.name !== 'web'));
    await eventually('slices of web collected', async () => (await slicesOf('web')).length === 0);
  });

  it('splits more than 100 endpoints over slices', async () => {
    await h.client.create(R.services, 'default', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'many' },
      spec: { selector: { app: 'many' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    const names = Array.from({ length: 105 }, (_, i) => `many-${i}`);
    await Promise.all(names.map((n) => createPod(n, { app: 'many' })));
    await Promise.all(names.map((n, i) => setStatus(n, `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`, true)));
    const slices = await eventually('105 endpoints in slices', async () => {
      const s = await slicesOf('many');
      return s.reduce((n, x) => n + (x.endpoints?.length ?? 0), 0) === 105 && s;
    }, 30_000);
    expect(slices.map((s) => s.endpoints!.length).sort((a, b) => a - b)).toEqual([5, 100]);
  }, 40_000);
});
