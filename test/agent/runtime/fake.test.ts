import { afterEach, describe, expect, it } from 'vitest';
import { createFakeRuntime, type FakeBehaviour, type FakeRuntime } from '../../../agent/runtime/fake/index.ts';
import {
  LABEL_AGENT_ID,
  LABEL_CONTAINER_NAME,
  LABEL_NODE_NAME,
  LABEL_POD_UID,
  type ContainerConfig,
  type PodSandboxConfig,
  type RuntimeEvent,
} from '../../../agent/runtime/types.ts';
import { eventually } from '../../helpers/eventually.ts';
import { containerConfig as baseConfig, readAll } from '../../helpers/runtime.ts';

const IMAGE = 'busybox:1';
let runtimes: FakeRuntime[] = [];

afterEach(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  runtimes = [];
});

function newRuntime(behaviour: FakeBehaviour = { images: [IMAGE] }, agentId = 'agent-1'): FakeRuntime {
  const r = createFakeRuntime({ agentId, nodeName: 'node-1', log: () => {}, behaviour });
  runtimes.push(r);
  return r;
}

function sandboxConfig(uid = 'uid-1', hostNetwork = false): PodSandboxConfig {
  return {
    metadata: { uid, namespace: 'default', name: `pod-${uid}`, attempt: 0 },
    hostname: `pod-${uid}`,
    hostNetwork,
    portMappings: [],
    labels: { app: 'web' },
    annotations: { note: 'kept' },
  };
}

function containerConfig(command: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return baseConfig(IMAGE, { command, annotations: { hash: 'abc' }, ...extra });
}

async function run(r: FakeRuntime, command: string[], extra: Partial<ContainerConfig> = {}) {
  const sandbox = sandboxConfig();
  const sandboxId = await r.runPodSandbox(sandbox);
  const id = await r.createContainer(sandboxId, containerConfig(command, extra), sandbox);
  await r.startContainer(id);
  return { sandboxId, id };
}


async function exited(r: FakeRuntime, id: string) {
  return eventually(`container ${id} to exit`, async () => {
    const s = await r.containerStatus(id);
    return s?.state === 'exited' && s;
  });
}

describe('fake runtime', () => {
  it('reports itself as fake', async () => {
    expect(await newRuntime().version()).toEqual({ runtimeName: 'fake', runtimeVersion: expect.any(String) });
  });

  it('runs sandboxes with identity labels, an IP, and stops and removes them idempotently', async () => {
    const r = newRuntime();
    const id = await r.runPodSandbox(sandboxConfig());
    const status = await r.podSandboxStatus(id);
    expect(status).toMatchObject({
      id,
      state: 'ready',
      metadata: { uid: 'uid-1', namespace: 'default', name: 'pod-uid-1', attempt: 0 },
      labels: { app: 'web', [LABEL_POD_UID]: 'uid-1', [LABEL_AGENT_ID]: 'agent-1', [LABEL_NODE_NAME]: 'node-1' },
      annotations: { note: 'kept' },
    });
    expect(status!.ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
    const hostNet = await r.runPodSandbox(sandboxConfig('uid-2', true));
    expect((await r.podSandboxStatus(hostNet))!.ip).toBeUndefined();
    expect((await r.listPodSandboxes()).map((s) => s.id).sort()).toEqual([id, hostNet].sort());

    await r.stopPodSandbox(id);
    await r.stopPodSandbox(id);
    expect((await r.podSandboxStatus(id))!.state).toBe('notready');
    await r.removePodSandbox(id);
    await r.removePodSandbox(id);
    expect(await r.podSandboxStatus(id)).toBeUndefined();
  });

  it('keeps each agent to its own sandboxes and containers', async () => {
    const a = newRuntime(undefined, 'agent-a');
    const b = newRuntime(undefined, 'agent-b');
    await run(a, ['sleep', 'infinity']);
    expect(await b.listPodSandboxes()).toEqual([]);
    expect(await b.listContainers()).toEqual([]);
    expect(await a.listContainers()).toHaveLength(1);
  });

  it('knows the configured images, pulls others, and fails pulls the behaviour names', async () => {
    const r = newRuntime({ images: ['busybox:1'], pullError: (image) => (image.startsWith('bad/') ? `pull access denied for ${image}` : undefined) });
    expect(await r.imageStatus('busybox:1')).toMatchObject({ id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), repoTags: ['busybox:1'] });
    expect(await r.imageStatus('nginx')).toBeUndefined();
    const progress: string[] = [];
    const pulled = await r.pullImage('nginx', (p) => progress.push(p.status));
    expect(pulled.repoTags).toEqual(['nginx:latest']);
    expect(progress.length).toBeGreaterThan(0);
    expect(await r.imageStatus('nginx:latest')).toEqual(pulled);
    await expect(r.pullImage('bad/image')).rejects.toThrow('pull access denied for bad/image');
    expect(await r.imageStatus('bad/image')).toBeUndefined();

    const sandbox = sandboxConfig();
    const sandboxId = await r.runPodSandbox(sandbox);
    await expect(r.createContainer(sandboxId, containerConfig([], { image: 'redis' }), sandbox)).rejects.toThrow(/No such image: redis/);
  });

  it('creates containers with labels and annotations, and lists them by sandbox', async () => {
    const r = newRuntime();
    const sandbox = sandboxConfig();
    const sandboxId = await r.runPodSandbox(sandbox);
    const other = await r.runPodSandbox(sandboxConfig('uid-2'));
    const id = await r.createContainer(sandboxId, containerConfig(['sleep', '1000'], { attempt: 2 }), sandbox);
    const status = await r.containerStatus(id);
    expect(status).toMatchObject({
      id,
      sandboxId,
      name: 'main',
      attempt: 2,
      image: IMAGE,
      imageRef: expect.stringMatching(/^sha256:/),
      state: 'created',
      startedAt: 0,
      labels: { [LABEL_CONTAINER_NAME]: 'main', [LABEL_POD_UID]: 'uid-1', [LABEL_AGENT_ID]: 'agent-1' },
      annotations: { hash: 'abc' },
    });
    expect((await r.listContainers({ sandboxId })).map((c) => c.id)).toEqual([id]);
    expect(await r.listContainers({ sandboxId: other })).toEqual([]);
    await r.removeContainer(id);
    await r.removeContainer(id);
    expect(await r.containerStatus(id)).toBeUndefined();
  });

  it('emits started and died events; `exit N` exits with N right after start', async () => {
    const r = newRuntime();
    const events: RuntimeEvent[] = [];
    const unsubscribe = r.onEvent((e) => events.push(e));
    const { id } = await run(r, ['exit', '3']);
    const status = await exited(r, id);
    expect(status).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(status.startedAt).toBeGreaterThan(0);
    expect(status.finishedAt).toBeGreaterThanOrEqual(status.startedAt);
    expect(events).toEqual([
      { type: 'container-started', containerId: id, podUid: 'uid-1' },
      { type: 'container-died', containerId: id, podUid: 'uid-1' },
    ]);
    unsubscribe();
    await run(r, ['exit', '0']);
    expect(events).toHaveLength(2);
  });

  it('`sleep S` runs S seconds then completes with 0', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sleep', '0.05']);
    expect((await r.containerStatus(id))!.state).toBe('running');
    expect(await exited(r, id)).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('anything else runs until stopped, and dies of SIGTERM at once', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['nginx', '-g', 'daemon off;']);
    expect((await r.containerStatus(id))!.state).toBe('running');
    await r.stopContainer(id, 30);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 143 });
    await r.stopContainer(id, 30);
  });

  it('a `trap-term` container only dies after the stop timeout', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['trap-term']);
    let stopped = false;
    const stopping = r.stopContainer(id, 0.2).then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    expect((await r.containerStatus(id))!.state).toBe('running');
    await stopping;
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  it('kill() makes the process die with the given code', async () => {
    const r = newRuntime();
    const events: RuntimeEvent[] = [];
    r.onEvent((e) => events.push(e));
    const { id } = await run(r, ['sleep', 'infinity']);
    r.kill(id, 137);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    expect(events.at(-1)).toEqual({ type: 'container-died', containerId: id, podUid: 'uid-1' });
  });

  it('stopping or removing a sandbox stops its containers', async () => {
    const r = newRuntime();
    const { sandboxId, id } = await run(r, ['trap-term']);
    await r.stopPodSandbox(sandboxId);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137 });
    await r.removePodSandbox(sandboxId);
    expect(await r.listContainers()).toEqual([]);
  });

  it('runs `sh -c` scripts: echo lines to stdout and stderr, then exit', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sh', '-c'], { args: ['echo "hello world"; echo oops >&2 && echo done; exit 7'] });
    expect(await exited(r, id)).toMatchObject({ exitCode: 7 });
    expect(await readAll(await r.logs(id, { follow: false, timestamps: false }))).toBe('hello world\noops\ndone\n');
  });

  it('logs honour tailLines, since and timestamps', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sh', '-c', 'echo one; echo two; echo three']);
    await exited(r, id);
    expect(await readAll(await r.logs(id, { follow: false, timestamps: false, tailLines: 2 }))).toBe('two\nthree\n');
    expect(await readAll(await r.logs(id, { follow: false, timestamps: false, tailLines: 0 }))).toBe('');
    expect(await readAll(await r.logs(id, { follow: false, timestamps: false, since: Date.now() + 60_000 }))).toBe('');
    expect(await readAll(await r.logs(id, { follow: false, timestamps: false, since: 0 }))).toBe('one\ntwo\nthree\n');
    const stamped = (await readAll(await r.logs(id, { follow: false, timestamps: true }))).split('\n');
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one$/);
    expect(Date.parse(stamped[0].split(' ')[0])).toBeGreaterThan(Date.now() - 60_000);
  });

  it('follows logs until the container exits', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sh', '-c', 'echo first; sleep 0.05; echo second']);
    const followed = readAll(await r.logs(id, { follow: true, timestamps: false }));
    expect(await followed).toBe('first\nsecond\n');
  });

  it('exec: exit codes, echo to stdout, stdin through cat, and no stderr with a TTY', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sleep', 'infinity']);
    const streams = { stdin: false, stdout: true, stderr: true, tty: false };

    const exit3 = await r.exec(id, ['exit', '3'], streams);
    expect(await exit3.exit).toBe(3);
    const sh = await r.exec(id, ['sh', '-c', 'exit 4'], streams);
    expect(await sh.exit).toBe(4);

    const echo = await r.exec(id, ['echo', 'hi', 'there'], streams);
    const [out, err] = await Promise.all([readAll(echo.stdout), readAll(echo.stderr)]);
    expect({ out, err, code: await echo.exit }).toEqual({ out: 'hi there\n', err: '', code: 0 });

    const probe = await r.exec(id, ['cat', '/tmp/healthy'], streams);
    expect(await probe.exit).toBe(0);

    const cat = await r.exec(id, ['cat'], { ...streams, stdin: true });
    const catOut = readAll(cat.stdout);
    cat.stdin!.write('line 1\nline');
    cat.stdin!.end(' 2\n');
    expect(await catOut).toBe('line 1\nline 2\n');
    expect(await cat.exit).toBe(0);

    const tty = await r.exec(id, ['sh'], { stdin: true, stdout: true, stderr: true, tty: true });
    expect(tty.stderr).toBeUndefined();
    const ttyOut = readAll(tty.stdout);
    await tty.resize({ cols: 80, rows: 24 });
    tty.stdin!.write('echo to-err >&2\n');
    tty.stdin!.write('exit 5\n');
    expect(await tty.exit).toBe(5);
    expect(await ttyOut).toBe('to-err\r\n');
  });

  it('exec ends when the session is closed or the container dies, and needs a running container', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sleep', 'infinity']);
    const closed = await r.exec(id, ['sleep', '1000'], { stdin: false, stdout: true, stderr: false, tty: false });
    closed.close();
    expect(await closed.exit).toBe(137);
    const orphan = await r.exec(id, ['sleep', '1000'], { stdin: false, stdout: true, stderr: false, tty: false });
    r.kill(id, 1);
    expect(await orphan.exit).toBe(137);
    await expect(r.exec(id, ['true'], { stdin: false, stdout: true, stderr: false, tty: false })).rejects.toThrow(/not running/);
  });

  it('attach sees output from now on, feeds stdin, and ends with the container', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['cat'], { stdin: true, stdinOnce: true });
    const session = await r.attach(id, { stdin: true, stdout: true, stderr: true, tty: false });
    const out = readAll(session.stdout);
    session.stdin!.write('typed\n');
    session.stdin!.end();
    expect(await session.exit).toBe(0);
    expect(await out).toBe('typed\n');
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 0 });
    expect(await readAll(await r.logs(id, { follow: false, timestamps: false }))).toBe('typed\n');
    await expect(r.attach(id, { stdin: false, stdout: true, stderr: false, tty: false })).rejects.toThrow(/not running/);
  });

  it('a container without stdin whose program reads it exits at once, as with /dev/null', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sh']);
    expect(await exited(r, id)).toMatchObject({ exitCode: 0 });
  });

  it('port-forward echoes what is sent', async () => {
    const r = newRuntime();
    const { sandboxId } = await run(r, ['sleep', 'infinity']);
    const conn = await r.portForward(sandboxId, 8080);
    const got = new Promise<string>((resolve) => conn.once('data', (d: Buffer) => resolve(d.toString())));
    conn.write('ping');
    expect(await got).toBe('ping');
    conn.destroy();
    await expect(r.portForward('missing', 80)).rejects.toThrow(/not running/);
  });

  it('stats report small plausible numbers for running containers only', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sleep', 'infinity']);
    await run(r, ['exit', '0']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stats = await r.stats();
    expect(stats).toHaveLength(1);
    expect(stats[0].containerId).toBe(id);
    expect(stats[0].cpuUsageCoreNanoSeconds).toBeGreaterThan(0);
    expect(stats[0].memoryWorkingSetBytes).toBeGreaterThan(1024 * 1024);
    expect(stats[0].memoryWorkingSetBytes).toBeLessThan(1024 * 1024 * 1024);
  });

  it('close() kills what runs', async () => {
    const r = newRuntime();
    const { id } = await run(r, ['sleep', 'infinity']);
    await r.close();
    expect((await r.containerStatus(id))!.state).toBe('exited');
  });
});
