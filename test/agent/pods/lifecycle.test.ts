// Pod workers over the fake runtime against a real control plane: status as
// upstream fills it, restarts, crash loops, init containers, restart policies,
// image pulls and graceful deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_POD_UID } from '../../../agent/runtime/types.ts';
import { R } from '../../../client/types.ts';
import { eventually } from '../../helpers/eventually.ts';
import { condition, containerStatus, createPod, NODE_IP, podSpec, podWhere, startHarness, type Harness } from './harness.ts';

describe('pod workers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pullError: (image) => (image.startsWith('missing.example/') ? `pull access denied for ${image}, repository does not exist` : undefined) });
    h.startManager();
  });
  afterAll(() => h.stop());

  it('runs a pod and reports its status as upstream does', async () => {
    await createPod(h, podSpec('web', { containers: [{ name: 'main', image: 'busybox:1', resources: { requests: { cpu: '100m' } } }] }));
    const pod = await podWhere(h, 'web', 'Running and Ready', (p) => p.status?.phase === 'Running' && condition(p, 'Ready')?.status === 'True');
    const s = pod.status!;
    expect(s.hostIP).toBe(NODE_IP);
    expect(s.hostIPs).toEqual([{ ip: NODE_IP }]);
    expect(s.podIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(s.podIPs).toEqual([{ ip: s.podIP }]);
    expect(s.qosClass).toBe('Burstable');
    expect(s.startTime).toMatch(/Z$/);
    expect(s.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True',
    ]);
    const cs = containerStatus(pod)!;
    expect(cs.state?.running?.startedAt).toBeDefined();
    expect(cs).toMatchObject({ name: 'main', ready: true, started: true, restartCount: 0, image: 'busybox:1' });
    expect(cs.containerID).toMatch(/^fake:\/\/[0-9a-f]+$/);
    expect(cs.imageID).toMatch(/^sha256:/);
    // Events are recorded asynchronously, so the last may land after the status.
    await eventually('Pulled, Created and Started events', async () => {
      const events = await h.client.list(R.events, 'default');
      const reasons = new Set(events.items.filter((e) => (e.involvedObject as { name: string }).name === 'web').map((e) => e.reason));
      return ['Pulled', 'Created', 'Started'].every((r) => reasons.has(r));
    });
  });

  it('restarts a killed container, counting the restart and keeping the last state', async () => {
    await createPod(h, podSpec('killed', {}));
    const running = await podWhere(h, 'killed', 'running', (p) => containerStatus(p)?.state?.running !== undefined);
    const id = containerStatus(running)!.containerID!.replace('fake://', '');
    h.runtime.kill(id, 137);
    const after = await podWhere(h, 'killed', 'restarted', (p) => containerStatus(p)?.restartCount === 1 && containerStatus(p)?.state?.running !== undefined);
    const cs = containerStatus(after)!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 137, containerID: `fake://${id}` });
    expect(cs.containerID).not.toBe(`fake://${id}`);
  });

  it('backs off a crashing container as CrashLoopBackOff', async () => {
    await createPod(h, podSpec('crash', { containers: [{ name: 'main', image: 'busybox:1', command: ['sh', '-c', 'exit 2'] }] }));
    const pod = await podWhere(h, 'crash', 'CrashLoopBackOff', (p) => containerStatus(p)?.state?.waiting?.reason === 'CrashLoopBackOff');
    const cs = containerStatus(pod)!;
    expect(cs.state!.waiting!.message).toBe(`back-off 10s restarting failed container=main pod=crash_default(${pod.metadata!.uid})`);
    expect(cs.lastState?.terminated?.exitCode).toBe(2);
    expect(cs.restartCount).toBe(1);
    expect(pod.status!.phase).toBe('Running');
    expect(condition(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [main]' });
  });

  it('runs init containers in order before the app containers', async () => {
    await createPod(h, podSpec('init', {
      initContainers: [
        { name: 'first', image: 'busybox:1', command: ['sh', '-c', 'echo one'] },
        { name: 'second', image: 'busybox:1', command: ['true'] },
      ],
    }));
    const pod = await podWhere(h, 'init', 'Running', (p) => p.status?.phase === 'Running');
    expect(pod.status!.initContainerStatuses!.map((s) => `${s.name}:${s.state?.terminated?.reason}`)).toEqual(['first:Completed', 'second:Completed']);
    expect(condition(pod, 'Initialized')?.status).toBe('True');
    const order = h.configs.filter((c) => c.labels[LABEL_POD_UID] === pod.metadata!.uid).map((c) => c.name);
    expect(order).toEqual(['first', 'second', 'main']);
  });

  it('fails a pod whose init container fails with restartPolicy Never', async () => {
    await createPod(h, podSpec('init-fails', { restartPolicy: 'Never', initContainers: [{ name: 'setup', image: 'busybox:1', command: ['sh', '-c', 'exit 3'] }] }));
    const pod = await podWhere(h, 'init-fails', 'Failed', (p) => p.status?.phase === 'Failed');
    expect(pod.status!.initContainerStatuses![0]!.state?.terminated?.exitCode).toBe(3);
    expect(containerStatus(pod)?.state?.waiting?.reason).toBe('PodInitializing');
    expect(condition(pod, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [setup]' });
  });

  it('honours restartPolicy Never and OnFailure', async () => {
    await createPod(h, podSpec('never-ok', { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1', command: ['true'] }] }));
    await createPod(h, podSpec('never-bad', { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1', command: ['false'] }] }));
    await createPod(h, podSpec('onfailure', { restartPolicy: 'OnFailure', containers: [{ name: 'main', image: 'busybox:1', command: ['false'] }] }));
    const ok = await podWhere(h, 'never-ok', 'Succeeded', (p) => p.status?.phase === 'Succeeded');
    expect(containerStatus(ok)?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(condition(ok, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    await eventually('the sandbox stopped', async () => condition(await podWhere(h, 'never-ok', 'ok', () => true), 'PodReadyToStartContainers')?.status === 'False');
    const bad = await podWhere(h, 'never-bad', 'Failed', (p) => p.status?.phase === 'Failed');
    expect(containerStatus(bad)?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const retried = await podWhere(h, 'onfailure', 'restarted', (p) => (containerStatus(p)?.restartCount ?? 0) >= 1);
    expect(retried.status!.phase).toBe('Running');
  });

  it('pulls images by policy and backs off failed pulls', async () => {
    await createPod(h, podSpec('pulled', { containers: [{ name: 'main', image: 'registry.example/app:2' }] }));
    await podWhere(h, 'pulled', 'Running', (p) => p.status?.phase === 'Running');
    await createPod(h, podSpec('nopull', { containers: [{ name: 'main', image: 'missing.example/app:1' }] }));
    const failed = await podWhere(h, 'nopull', 'ErrImagePull or back-off', (p) => ['ErrImagePull', 'ImagePullBackOff'].includes(containerStatus(p)?.state?.waiting?.reason ?? ''));
    expect(failed.status!.phase).toBe('Pending');
    const backoff = await podWhere(h, 'nopull', 'ImagePullBackOff', (p) => containerStatus(p)?.state?.waiting?.reason === 'ImagePullBackOff');
    expect(containerStatus(backoff)!.state!.waiting!.message).toBe('Back-off pulling image "missing.example/app:1"');
    await createPod(h, podSpec('never-pull', { containers: [{ name: 'main', image: 'absent.example/app:1', imagePullPolicy: 'Never' }] }));
    const never = await podWhere(h, 'never-pull', 'ErrImageNeverPull', (p) => containerStatus(p)?.state?.waiting?.reason === 'ErrImageNeverPull');
    expect(containerStatus(never)!.state!.waiting!.message).toBe('Container image "absent.example/app:1" is not present with pull policy of Never');
    const events = await h.client.list(R.events, 'default');
    const messages = events.items.filter((e) => (e.involvedObject as { name: string }).name === 'nopull').map((e) => e.message);
    expect(messages).toContain('Failed to pull image "missing.example/app:1": pull access denied for missing.example/app:1, repository does not exist');
  });

  it('deletes gracefully: containers stopped and removed, then the object', async () => {
    const created = await createPod(h, podSpec('doomed', {}));
    await podWhere(h, 'doomed', 'Running', (p) => p.status?.phase === 'Running');
    await h.client.delete(R.pods, 'default', 'doomed', { gracePeriodSeconds: 1 });
    await eventually('the pod object is gone', async () => h.client.get(R.pods, 'default', 'doomed').then(() => false, (err) => err.code === 404));
    const left = (await h.runtime.listContainers()).filter((c) => c.labels[LABEL_POD_UID] === created.metadata!.uid);
    const sandboxes = (await h.runtime.listPodSandboxes()).filter((s) => s.labels[LABEL_POD_UID] === created.metadata!.uid);
    expect(left).toEqual([]);
    expect(sandboxes).toEqual([]);
  });

  it('restarts a container whose liveness probe fails, with Unhealthy and Killing events', async () => {
    await createPod(h, podSpec('liveness', {
      containers: [{ name: 'main', image: 'busybox:1', livenessProbe: { exec: { command: ['sh', '-c', 'echo sick; exit 1'] }, periodSeconds: 1, failureThreshold: 2 } }],
    }));
    await podWhere(h, 'liveness', 'a liveness restart', (p) => (containerStatus(p)?.restartCount ?? 0) >= 1);
    const events = await eventually('Unhealthy and Killing events', async () => {
      const list = await h.client.list(R.events, 'default');
      const mine = list.items.filter((e) => (e.involvedObject as { name: string }).name === 'liveness');
      return mine.some((e) => e.reason === 'Killing') ? mine : undefined;
    });
    expect(events.find((e) => e.reason === 'Unhealthy')?.message).toBe('Liveness probe failed: sick');
    expect(events.find((e) => e.reason === 'Killing')?.message).toBe('Container main failed liveness probe, will be restarted');
  });

  it('drives Ready from the readiness probe', async () => {
    await createPod(h, podSpec('readiness', {
      containers: [
        { name: 'main', image: 'busybox:1', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 1 } },
        { name: 'side', image: 'busybox:1', readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1, failureThreshold: 1 } },
      ],
    }));
    const pod = await podWhere(h, 'readiness', 'main ready', (p) => containerStatus(p, 'main')?.ready === true);
    expect(containerStatus(pod, 'side')?.ready).toBe(false);
    expect(pod.status!.phase).toBe('Running');
    expect(condition(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [side]' });
  });
});
