// The detail pages' actions: the pure choices (what rollback goes back to, what a
// drain evicts) on their own, then each action through the dashboard's API client
// against a real control plane with its controllers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, KubeObject, Pod, ReplicaSet } from '../../../api/types.ts';
import { ApiClient } from '../../../renderer/src/api/client.ts';
import { kindByPlural } from '../../../renderer/src/api/kinds.ts';
import {
  drain, drainPlan, parseReplicas, remove, restart, restartPatch, RESTARTED_AT, REVISION, rollback, rollbackPlan, scale, setUnschedulable,
} from '../../../renderer/src/model/actions.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';
import { browserTransport } from '../../helpers/browser-transport.ts';

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'main', image }] },
});

function replicaSet(name: string, revision: string, ownerUid: string, image: string): ReplicaSet {
  return {
    metadata: { name, namespace: 'default', annotations: { [REVISION]: revision }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: ownerUid, controller: true }] },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(image, name.slice(-5)) },
  };
}

function pod(name: string, nodeName: string, extra: Partial<Pod['metadata']> = {}): Pod {
  return { metadata: { name, namespace: 'default', ...extra }, spec: { nodeName, containers: [{ name: 'main', image: 'busybox' }] } };
}

describe('pure parts', () => {
  it('reads a replica count or says why it is not one', () => {
    expect(parseReplicas(' 3 ')).toBe(3);
    expect(parseReplicas('0')).toBe(0);
    expect(parseReplicas('-1')).toMatch(/whole number/);
    expect(parseReplicas('2.5')).toMatch(/whole number/);
    expect(parseReplicas('')).toMatch(/whole number/);
    expect(parseReplicas('99999999')).toMatch(/at most/);
  });

  it('restarts by stamping the pod template, as kubectl rollout restart does', () => {
    expect(restartPatch(new Date('2026-01-02T03:04:05Z'))).toEqual({ spec: { template: { metadata: { annotations: { [RESTARTED_AT]: '2026-01-02T03:04:05.000Z' } } } } });
  });

  it('rolls back to the newest older revision of its own ReplicaSets, without pod-template-hash', () => {
    const deployment: Deployment = { metadata: { name: 'web', uid: 'd1', annotations: { [REVISION]: '3' } }, spec: { selector: {}, template: template('v3') } };
    const sets = [replicaSet('web-aaaaa', '1', 'd1', 'v1'), replicaSet('web-bbbbb', '2', 'd1', 'v2'), replicaSet('web-ccccc', '3', 'd1', 'v3'), replicaSet('other-ddddd', '2', 'zz', 'other')];
    const plan = rollbackPlan(deployment, sets);
    expect(plan).toEqual({ ok: true, revision: 2, template: template('v2') });
    // The ReplicaSet in the store is left as it was.
    expect(sets[1]!.spec!.template!.metadata!.labels!['pod-template-hash']).toBe('bbbbb');
    const first = rollbackPlan({ ...deployment, metadata: { ...deployment.metadata, annotations: { [REVISION]: '1' } } }, sets);
    expect(first).toEqual({ ok: false, reason: 'web has no previous revision to roll back to' });
  });

  it('drains every pod on the node but DaemonSet, mirror and terminating pods', () => {
    const pods = [
      pod('app', 'n1'),
      pod('elsewhere', 'n2'),
      pod('ds', 'n1', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'u', controller: true }] }),
      pod('mirror', 'n1', { annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      pod('going', 'n1', { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    ];
    const plan = drainPlan(pods, 'n1');
    expect(plan.evict.map((p) => p.metadata!.name)).toEqual(['app']);
    expect(plan.skipped.map(({ pod: p, reason }) => `${p.metadata!.name}: ${reason}`)).toEqual(['ds: DaemonSet pod', 'mirror: mirror pod', 'going: already terminating']);
  });
});

describe('actions against the API', () => {
  let cluster: TestCluster;
  let client: ApiClient;
  let http: ReturnType<typeof browserTransport>;
  const deployments = kindByPlural('deployments')!;

  beforeAll(async () => {
    cluster = await startTestCluster(undefined, { controllers: true });
    http = browserTransport(cluster.cp.caCertPem);
    client = new ApiClient({ apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false }, http.transport, http.sockets);
  });

  afterAll(async () => {
    await http?.close();
    await cluster?.stop();
  });

  const getDeployment = async () => (await cluster.api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).body as Deployment & KubeObject;

  it('scales, restarts and rolls back a Deployment', async () => {
    const created = await cluster.api('POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: template('img:v1') },
    });
    expect(created.status).toBe(201);
    await scale(client, deployments, 'default', 'web', 3);
    expect((await getDeployment()).spec!.replicas).toBe(3);

    await restart(client, deployments, await getDeployment(), new Date('2026-01-02T03:04:05Z'));
    expect((await getDeployment()).spec!.template.metadata!.annotations![RESTARTED_AT]).toBe('2026-01-02T03:04:05.000Z');
    await eventually('revision 2', async () => (await getDeployment()).metadata.annotations?.[REVISION] === '2');

    const replicaSets = async () => ((await cluster.api('GET', '/apis/apps/v1/namespaces/default/replicasets')).body.items ?? []) as ReplicaSet[];
    await eventually('two ReplicaSets', async () => (await replicaSets()).length === 2);
    expect(await rollback(client, await getDeployment(), await replicaSets())).toBe(1);
    const back = await getDeployment();
    expect(back.spec!.template.metadata!.annotations?.[RESTARTED_AT]).toBeUndefined();
    expect(back.spec!.template.metadata!.labels).toEqual({ app: 'web' });

    await remove(client, deployments, back);
    await eventually('the Deployment gone', async () => (await cluster.api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).status === 404);
  });

  it('refuses a bad scale with the API message', async () => {
    await expect(scale(client, deployments, 'default', 'missing', 1)).rejects.toMatchObject({ kind: 'notfound' });
  });

  it('cordons and drains a node: evicts its pods, skips DaemonSet pods and reports a PodDisruptionBudget refusal', async () => {
    expect((await cluster.api('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })).status).toBe(201);
    const ds = await cluster.api('POST', '/apis/apps/v1/namespaces/default/daemonsets', {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } } },
    });
    expect(ds.status).toBe(201);
    const pods = [
      pod('free', 'n1'),
      pod('guarded', 'n1', { labels: { app: 'guarded' } }),
      pod('ds', 'n1', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds.body.metadata.uid!, controller: true }] }),
    ];
    for (const p of pods) expect((await cluster.api('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', ...p })).status).toBe(201);
    expect((await cluster.api('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'guard' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    })).status).toBe(201);

    const steps: string[] = [];
    const result = await drain(client, 'n1', drainPlan(pods, 'n1'), (progress) => steps.push(progress.map((p) => `${p.name}:${p.state}`).join(' ')));
    expect((await cluster.api('GET', '/api/v1/nodes/n1')).body.spec).toMatchObject({ unschedulable: true });
    expect(steps[0]).toBe('free:waiting guarded:waiting');
    expect(result.map((p) => `${p.name}:${p.state}`)).toEqual(['free:evicted', 'guarded:refused']);
    expect(result[1]!.message).toMatch(/disruption budget/i);
    expect((await cluster.api('GET', '/api/v1/namespaces/default/pods/ds')).status).toBe(200);

    await setUnschedulable(client, 'n1', false);
    expect((await cluster.api('GET', '/api/v1/nodes/n1')).body.spec).not.toHaveProperty('unschedulable');
  });
});
