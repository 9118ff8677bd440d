// Deployments against a real control plane with the ReplicaSet and Deployment
// controllers, a stand-in kubelet that readies pods, and the real kubectl.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, PodTemplateSpec } from '../../../api/types.ts';
import { R } from '../../../client/types.ts';
import type { DeploymentObject, ReplicaSetObject } from '../../../electron/control-plane/controllers/deployment/types.ts';
import { startDeploymentController } from '../../../electron/control-plane/controllers/deployment/index.ts';
import { startReplicaSetController } from '../../../electron/control-plane/controllers/replicaset/index.ts';
import type { Pod } from '../../../electron/control-plane/controllers/replicaset/pod.ts';
import { container, eventually, isReady, startKubelet, startWorkloads, type Kubelet, type WorkloadHarness } from './harness.ts';

const REVISION = 'deployment.kubernetes.io/revision';

let h: WorkloadHarness;
let kubelet: Kubelet | undefined;
beforeAll(async () => {
  h = await startWorkloads([startReplicaSetController, startDeploymentController]);
});
afterEach(() => kubelet?.stop());
afterAll(() => h.stop());

function deployment(name: string, replicas: number, image: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container(image)] } },
      ...extra,
    },
  };
}

const getDeployment = (name: string) => h.client.get<DeploymentObject>(R.deployments, 'default', name);
const replicaSetsOf = async (name: string) =>
  (await h.client.list<ReplicaSetObject>(R.replicasets, 'default', { labelSelector: `app=${name}` })).items;
const livePods = (pods: readonly Pod[], app: string) => pods.filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);

/** Rolled out: every replica updated and available, nothing old left, status about the current spec. */
async function rolledOut(name: string, timeoutMs = 30_000): Promise<DeploymentObject> {
  return eventually(`${name} rolled out`, async () => {
    const d = await getDeployment(name);
    const s = d.status ?? {};
    const want = d.spec.replicas;
    return s.observedGeneration === d.metadata.generation && s.updatedReplicas === want && s.replicas === want
      && s.availableReplicas === want && s.readyReplicas === want && d;
  }, timeoutMs);
}

const imageOf = (obj: { spec: { template?: PodTemplateSpec } }) => obj.spec.template?.spec?.containers[0]?.image;

describe('deployment controller', () => {
  it('rolls a Deployment of 10 out through a ReplicaSet named by the template hash', async () => {
    kubelet = startKubelet(h.client);
    await h.client.create(R.deployments, 'default', deployment('web', 10, 'nginx:1'));
    const d = await rolledOut('web');
    const [rs, ...others] = await replicaSetsOf('web');
    expect(others).toEqual([]);
    const hash = rs!.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toMatchObject({
      [REVISION]: '1', 'deployment.kubernetes.io/desired-replicas': '10', 'deployment.kubernetes.io/max-replicas': '13',
    });
    expect(d.metadata.annotations?.[REVISION]).toBe('1');
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10 });
    expect(d.status?.unavailableReplicas ?? 0).toBe(0);
    const conditions = Object.fromEntries((d.status?.conditions ?? []).map((c) => [c.type, c]));
    expect(conditions.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(conditions.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs!.metadata.name}" has successfully progressed.` });
    const events = await eventually('scaling event', async () => {
      const { items } = await h.client.list(R.events, 'default', { fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=web' });
      return items.length > 0 && items;
    });
    expect(events.map((e) => e.message)).toContain(`Scaled up replica set ${rs!.metadata.name} from 0 to 10`);
    const status = await h.cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
  });

  it('updates the image without ever dropping below replicas − maxUnavailable ready pods', async () => {
    // 10 replicas, 25%/25%: at least 8 ready pods and at most 13 pods at every moment.
    let minReady = Infinity;
    let maxPods = 0;
    let tracking = false;
    kubelet = startKubelet(h.client, (pods) => {
      if (!tracking) return;
      const live = livePods(pods.list('default'), 'web');
      minReady = Math.min(minReady, live.filter(isReady).length);
      maxPods = Math.max(maxPods, live.length);
    });
    await eventually('kubelet synced', () => kubelet!.pods.hasSynced());
    tracking = true;
    const set = await h.cluster.kubectl(['set', 'image', 'deployment/web', 'web=nginx:2']);
    expect(set.stdout).toContain('deployment.apps/web image updated');
    const d = await rolledOut('web');
    expect(imageOf(d)).toBe('nginx:2');
    tracking = false;
    expect(minReady).toBeGreaterThanOrEqual(8);
    expect(maxPods).toBeLessThanOrEqual(13);
    expect(maxPods).toBeGreaterThan(10); // it did surge
    const rss = await replicaSetsOf('web');
    expect(rss).toHaveLength(2);
    const byRevision = Object.fromEntries(rss.map((rs) => [rs.metadata.annotations?.[REVISION], rs]));
    expect(imageOf(byRevision['2']!)).toBe('nginx:2');
    expect(byRevision['2']!.spec.replicas).toBe(10);
    expect(byRevision['1']!.spec.replicas).toBe(0);
    expect(d.metadata.annotations?.[REVISION]).toBe('2');
  });

  it('rollout history lists revisions and undo brings the previous template back', async () => {
    kubelet = startKubelet(h.client);
    const history = await h.cluster.kubectl(['rollout', 'history', 'deployment/web']);
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    const detail = await h.cluster.kubectl(['rollout', 'history', 'deployment/web', '--revision=1']);
    expect(detail.stdout).toContain('nginx:1');

    const undo = await h.cluster.kubectl(['rollout', 'undo', 'deployment/web']);
    expect(undo.stdout).toContain('deployment.apps/web rolled back');
    const d = await eventually('undone', async () => {
      const cur = await rolledOut('web');
      return imageOf(cur) === 'nginx:1' && cur.metadata.annotations?.[REVISION] === '3' && cur;
    });
    // The revision-1 ReplicaSet is reused: it becomes revision 3 and remembers it was 1.
    const rss = await replicaSetsOf('web');
    expect(rss).toHaveLength(2);
    const current = rss.find((rs) => imageOf(rs) === 'nginx:1')!;
    expect(current.metadata.annotations).toMatchObject({ [REVISION]: '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(current.spec.replicas).toBe(10);
    expect(d.status?.updatedReplicas).toBe(10);
    const after = await h.cluster.kubectl(['rollout', 'history', 'deployment/web']);
    expect(after.stdout).toMatch(/\n2\s+<none>\n3\s+<none>/);
  });

  it('pause holds template changes back until resume; restart makes a new ReplicaSet', async () => {
    kubelet = startKubelet(h.client);
    expect((await h.cluster.kubectl(['rollout', 'pause', 'deployment/web'])).stdout).toContain('deployment.apps/web paused');
    await eventually('paused condition', async () =>
      (await getDeployment('web')).status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'DeploymentPaused'));
    await h.cluster.kubectl(['set', 'image', 'deployment/web', 'web=nginx:3']);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await replicaSetsOf('web')).map(imageOf).sort()).toEqual(['nginx:1', 'nginx:2']);
    // Scaling still works while paused.
    expect((await h.cluster.kubectl(['scale', 'deployment/web', '--replicas=6'])).stdout).toContain('deployment.apps/web scaled');
    await eventually('scaled while paused', async () => (await replicaSetsOf('web')).find((rs) => imageOf(rs) === 'nginx:1')?.spec.replicas === 6);

    const resume = await h.cluster.kubectl(['rollout', 'resume', 'deployment/web']);
    expect(resume.stderr).toBe('');
    expect(resume.stdout).toContain('deployment.apps/web resumed');
    const resumed = await eventually('resumed rollout', async () => {
      const cur = await rolledOut('web');
      return imageOf(cur) === 'nginx:3' && cur;
    });
    expect(resumed.status?.replicas).toBe(6);

    expect((await h.cluster.kubectl(['rollout', 'restart', 'deployment/web'])).stdout).toContain('deployment.apps/web restarted');
    const restarted = await eventually('restarted', async () => {
      const cur = await rolledOut('web');
      return cur.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'] !== undefined && cur;
    });
    const rss = await replicaSetsOf('web');
    const newest = rss.find((rs) => rs.metadata.annotations?.[REVISION] === restarted.metadata.annotations?.[REVISION])!;
    expect(imageOf(newest)).toBe('nginx:3');
    expect(newest.spec.template?.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    expect(newest.spec.replicas).toBe(6);
    const status = await h.cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(status.stdout).toContain('successfully rolled out');
  });

  it('scales proportionally in the middle of a rollout', async () => {
    kubelet = startKubelet(h.client);
    kubelet.enabled = false; // new pods never become ready: the rollout stays half way
    await h.cluster.kubectl(['scale', 'deployment/web', '--replicas=10']);
    await eventually('10 replicas', async () => (await getDeployment('web')).status?.availableReplicas === 6 && (await replicaSetsOf('web')).some((rs) => rs.spec.replicas === 10));
    await h.cluster.kubectl(['set', 'image', 'deployment/web', 'web=nginx:4']);
    // Stuck at: old 8 (10 − 2 unavailable), new 5 (13 − 8).
    const sizes = async () => Object.fromEntries((await replicaSetsOf('web')).filter((rs) => (rs.spec.replicas ?? 0) > 0).map((rs) => [imageOf(rs), rs.spec.replicas]));
    await eventually('rollout stuck half way', async () => {
      const s = await sizes();
      return s['nginx:3'] === 8 && s['nginx:4'] === 5;
    });
    await h.cluster.kubectl(['scale', 'deployment/web', '--replicas=20']);
    // 20 + 5 surge = 25 allowed, 12 to add: 8/13 and 5/13 of 25, rounded; the leftover to the largest.
    await eventually('proportional', async () => {
      const s = await sizes();
      return s['nginx:3'] === 15 && s['nginx:4'] === 10;
    });
    kubelet.enabled = true;
  });

  it('reports ProgressDeadlineExceeded when new pods never become available', async () => {
    await h.client.create(R.deployments, 'default', deployment('stuck', 2, 'nginx:1', { progressDeadlineSeconds: 2 }));
    const d = await eventually('deadline exceeded', async () => {
      const cur = await getDeployment('stuck');
      return cur.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') && cur;
    }, 15_000);
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', message: expect.stringMatching(/^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/) });
    expect(d.status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    const status = await h.cluster.kubectl(['rollout', 'status', 'deployment/stuck', '--timeout=10s']);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toContain('exceeded its progress deadline');
  });
});
