// Environment and volumes handed to the runtime, adoption by a second pod manager,
// and static pods with their mirrors.
import { readFile, readlink, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/types.ts';
import { LABEL_POD_UID } from '../../../agent/runtime/types.ts';
import { R } from '../../../client/types.ts';
import { eventually } from '../../helpers/eventually.ts';
import { containerStatus, createPod, getPod, NODE, NODE_IP, podSpec, podWhere, startHarness, type Harness } from './harness.ts';

const SECRETS = { group: '', version: 'v1', resource: 'secrets' };

describe('pod configuration', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await mkdir(h.staticDir, { recursive: true });
    h.startManager();
    await h.client.create(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast', 'level.txt': '3' } });
    await h.client.create(SECRETS, 'default', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: Buffer.from('hunter2').toString('base64') } } as KubeObject);
  });
  afterAll(() => h.stop());

  it('builds the environment from values, fields, resources, ConfigMaps and Secrets', async () => {
    const pod = await createPod(h, podSpec('envy', {
      containers: [{
        name: 'main',
        image: 'busybox:1',
        resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } },
        envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }],
        env: [
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
          { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
          { name: 'GREETING', value: 'hello $(POD) $$(POD) $(NOPE)' },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } },
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          { name: 'OPT', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
        ],
      }],
    }, { labels: { tier: 'web' } }));
    await podWhere(h, 'envy', 'Running', (p) => p.status?.phase === 'Running');
    const config = h.configs.find((c) => c.labels[LABEL_POD_UID] === pod.metadata!.uid)!;
    const env = Object.fromEntries(config.env.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      CFG_mode: 'fast', 'CFG_level.txt': '3', POD: 'envy', TIER: 'web', HOST_IP: NODE_IP,
      GREETING: 'hello envy $(POD) $(NOPE)', MEM: '64', CPU: '250', MODE: 'fast', PASS: 'hunter2',
    });
    expect(env.OPT).toBeUndefined();
  });

  it('reports a missing key as CreateContainerConfigError with upstream\'s message', async () => {
    await createPod(h, podSpec('badref', { containers: [{ name: 'main', image: 'busybox:1', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nope' } } }] }] }));
    const pod = await podWhere(h, 'badref', 'CreateContainerConfigError', (p) => containerStatus(p)?.state?.waiting?.reason === 'CreateContainerConfigError');
    expect(containerStatus(pod)!.state!.waiting!.message).toBe("couldn't find key nope in ConfigMap default/settings");
  });

  it('writes volumes atomically, keeps them current, and hands the runtime the mounts', async () => {
    const pod = await createPod(h, podSpec('vols', {
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'mode', path: 'conf/mode' }], defaultMode: 0o600 } },
        { name: 'sec', secret: { secretName: 'creds' } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'all', projected: { sources: [{ configMap: { name: 'settings' } }, { secret: { name: 'creds', items: [{ key: 'password', path: 'pw' }] } }] } },
      ],
      containers: [{
        name: 'main',
        image: 'busybox:1',
        volumeMounts: [
          { name: 'scratch', mountPath: '/scratch' },
          { name: 'cfg', mountPath: '/etc/cfg' },
          { name: 'sec', mountPath: '/etc/sec' },
          { name: 'info', mountPath: '/etc/info' },
          { name: 'all', mountPath: '/etc/all', readOnly: true },
          { name: 'scratch', mountPath: '/data', subPath: 'sub/dir' },
        ],
      }],
    }, { labels: { app: 'vols', tier: 'db' } }));
    await podWhere(h, 'vols', 'Running', (p) => p.status?.phase === 'Running');
    const uid = pod.metadata!.uid!;
    const vols = path.join(h.dataDir, 'pods', uid, 'volumes');
    const cfgDir = path.join(vols, 'kubernetes.io~configmap', 'cfg');
    expect(await readFile(path.join(cfgDir, 'conf', 'mode'), 'utf8')).toBe('fast');
    expect(await readlink(path.join(cfgDir, 'conf'))).toBe('..data/conf');
    expect(await readFile(path.join(vols, 'kubernetes.io~secret', 'sec', 'password'), 'utf8')).toBe('hunter2');
    expect(await readFile(path.join(vols, 'kubernetes.io~downward-api', 'info', 'labels'), 'utf8')).toBe('app="vols"\ntier="db"');
    expect(await readFile(path.join(vols, 'kubernetes.io~projected', 'all', 'pw'), 'utf8')).toBe('hunter2');
    expect(await readFile(path.join(vols, 'kubernetes.io~projected', 'all', 'level.txt'), 'utf8')).toBe('3');

    const config = h.configs.find((c) => c.labels[LABEL_POD_UID] === uid)!;
    expect(config.mounts).toEqual([
      { hostPath: path.join(vols, 'kubernetes.io~empty-dir', 'scratch'), containerPath: '/scratch', readOnly: false },
      { hostPath: cfgDir, containerPath: '/etc/cfg', readOnly: true },
      { hostPath: path.join(vols, 'kubernetes.io~secret', 'sec'), containerPath: '/etc/sec', readOnly: true },
      { hostPath: path.join(vols, 'kubernetes.io~downward-api', 'info'), containerPath: '/etc/info', readOnly: true },
      { hostPath: path.join(vols, 'kubernetes.io~projected', 'all'), containerPath: '/etc/all', readOnly: true },
      { hostPath: path.join(vols, 'kubernetes.io~empty-dir', 'scratch', 'sub', 'dir'), containerPath: '/data', readOnly: false },
    ]);

    // A changed ConfigMap reaches the volume at the next sync, through a new ..data.
    const before = await readlink(path.join(cfgDir, '..data'));
    await h.client.patch(R.configmaps, 'default', 'settings', 'merge', { data: { mode: 'slow' } });
    await eventually('the new mode in the volume', async () => (await readFile(path.join(cfgDir, 'conf', 'mode'), 'utf8')) === 'slow', 30_000);
    expect(await readlink(path.join(cfgDir, '..data'))).not.toBe(before);
  });

  it('leaves running containers alone when a second manager adopts them', async () => {
    await createPod(h, podSpec('adopted', {}));
    const running = await podWhere(h, 'adopted', 'Running', (p) => p.status?.phase === 'Running');
    const id = containerStatus(running)!.containerID;
    const created = h.configs.length;
    await h.manager.stop();
    h.startManager();
    // The new manager has synced the pod once its worker exists; then nothing was created.
    await eventually('the pod adopted', () => h.manager.podCount() > 0);
    await new Promise((r) => setTimeout(r, 500));
    const after = await getPod(h, 'adopted');
    expect(containerStatus(after)!.containerID).toBe(id);
    expect(containerStatus(after)!.restartCount).toBe(0);
    expect(h.configs.length).toBe(created);
  });

  it('removes runtime objects of pods deleted while no manager ran', async () => {
    const pod = await createPod(h, podSpec('orphaned', {}));
    await podWhere(h, 'orphaned', 'Running', (p) => p.status?.phase === 'Running');
    await h.manager.stop();
    await h.client.delete(R.pods, 'default', 'orphaned', { gracePeriodSeconds: 0 });
    h.startManager();
    await eventually('the orphan removed', async () => (await h.runtime.listPodSandboxes()).every((s) => s.labels[LABEL_POD_UID] !== pod.metadata!.uid));
    expect((await h.runtime.listContainers()).filter((c) => c.labels[LABEL_POD_UID] === pod.metadata!.uid)).toEqual([]);
  });

  it('runs static pods with a mirror in the API, and stops them when the manifest goes', async () => {
    const file = path.join(h.staticDir, 'static-web.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: main\n    image: busybox:1\n');
    const name = `static-web-${NODE}`;
    const mirror = await podWhere(h, name, 'the mirror Running', (p) => p.status?.phase === 'Running');
    expect(mirror.metadata!.annotations!['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{32}$/);
    expect(mirror.metadata!.annotations!['kubernetes.io/config.source']).toBe('file');
    const staticUid = mirror.metadata!.annotations!['kubernetes.io/config.mirror'];
    expect((await h.runtime.listContainers()).some((c) => c.labels[LABEL_POD_UID] === staticUid && c.state === 'running')).toBe(true);

    // A deleted mirror comes back; the static pod keeps running.
    await h.client.delete(R.pods, 'default', name, { gracePeriodSeconds: 0 });
    await podWhere(h, name, 'the mirror recreated', (p) => p.metadata!.uid !== mirror.metadata!.uid);

    await rm(file);
    await eventually('the mirror deleted', async () => h.client.get(R.pods, 'default', name).then(() => false, (err) => err.code === 404));
    await eventually('the static pod stopped', async () => (await h.runtime.listContainers()).every((c) => c.labels[LABEL_POD_UID] !== staticUid));
  });
});
