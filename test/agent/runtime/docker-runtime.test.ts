// The docker driver against the real engine: sandboxes and containers as the pod
// workers will drive them, and the streams the node API will serve.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerRuntime } from '../../../agent/runtime/docker/index.ts';
import { LABEL_AGENT_ID, LABEL_POD_UID, type ContainerConfig, type PodSandboxConfig, type Runtime, type RuntimeEvent } from '../../../agent/runtime/types.ts';
import { describeDocker, DOCKER_SOCKET, removeContainersLabelled, TEST_IMAGE, testDocker } from '../../helpers/docker.ts';
import { eventually } from '../../helpers/eventually.ts';
import { containerConfig as baseConfig } from '../../helpers/runtime.ts';
import { freePort } from '../../helpers/net.ts';

const AGENT = `test-docker-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
const OTHER_AGENT = `${AGENT}-other`;

let seq = 0;
function sandboxConfig(overrides: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  const n = ++seq;
  const name = `pod-${n}`;
  const uid = `uid-${process.pid}-${n}`;
  return {
    metadata: { uid, namespace: 'default', name, attempt: 0 },
    hostname: name,
    hostNetwork: false,
    portMappings: [],
    labels: { app: 'test', [LABEL_POD_UID]: uid },
    annotations: { 'example.com/note': 'kept' },
    ...overrides,
  };
}

function containerConfig(overrides: Partial<ContainerConfig> = {}): ContainerConfig {
  return baseConfig(TEST_IMAGE, overrides);
}

async function readAll(stream: Readable | undefined): Promise<string> {
  if (!stream) return '';
  let text = '';
  for await (const chunk of stream) text += Buffer.from(chunk as Buffer).toString('utf8');
  return text;
}

/** One HTTP/1.0 GET over an existing connection; answers the whole response text. */
async function httpGetOver(socket: net.Socket | import('node:stream').Duplex, file: string): Promise<string> {
  const text = readAll(socket as Readable);
  socket.write(`GET /${file} HTTP/1.0\r\nHost: x\r\n\r\n`);
  return text;
}

describeDocker('docker runtime', () => {
  let rt: Runtime;
  let other: Runtime;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-docker-rt-'));
    rt = await createDockerRuntime({ agentId: AGENT, nodeName: 'node-a', dataDir: dir, log: (l) => logLines.push(l) });
    other = await createDockerRuntime({ agentId: OTHER_AGENT, nodeName: 'node-b', dataDir: dir, log: (l) => logLines.push(l) });
  });

  afterAll(async () => {
    await rt?.close();
    await other?.close();
    await removeContainersLabelled(LABEL_AGENT_ID, AGENT);
    await removeContainersLabelled(LABEL_AGENT_ID, OTHER_AGENT);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A started sandbox with one started container; the sandbox config is returned for createContainer's sake. */
  async function runPod(container: Partial<ContainerConfig>, sandbox: Partial<PodSandboxConfig> = {}) {
    const config = sandboxConfig(sandbox);
    const sandboxId = await rt.runPodSandbox(config);
    const id = await rt.createContainer(sandboxId, containerConfig(container), config);
    await rt.startContainer(id);
    return { config, sandboxId, id };
  }

  async function exited(id: string) {
    return eventually(`container ${id} to exit`, async () => {
      const s = await rt.containerStatus(id);
      return s?.state === 'exited' ? s : undefined;
    });
  }

  it('reports the engine version', async () => {
    const v = await rt.version();
    expect(v.runtimeName).toBe('docker');
    expect(v.runtimeVersion).toMatch(/^\d+\.\d+/);
  });

  it('runs a sandbox and a container through their whole lifecycle', async () => {
    const config = sandboxConfig();
    const sandboxId = await rt.runPodSandbox(config);
    const sb = await rt.podSandboxStatus(sandboxId);
    expect(sb).toMatchObject({ id: sandboxId, state: 'ready', metadata: config.metadata, annotations: { 'example.com/note': 'kept' } });
    expect(sb?.labels).toMatchObject({ app: 'test', [LABEL_AGENT_ID]: AGENT });
    expect(sb?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await rt.listPodSandboxes()).map((s) => s.id)).toContain(sandboxId);

    const id = await rt.createContainer(sandboxId, containerConfig({ command: ['sh', '-c', 'hostname; exit 3'], annotations: { hash: 'abc' }, attempt: 2 }), config);
    const created = await rt.containerStatus(id);
    expect(created).toMatchObject({ state: 'created', sandboxId, name: 'main', attempt: 2, image: TEST_IMAGE, startedAt: 0, annotations: { hash: 'abc' } });
    expect(created?.imageRef).toMatch(/^docker:\/\/sha256:[0-9a-f]{64}$/);
    const name = (await testDocker().getContainer(id).inspect()).Name;
    expect(name).toBe(`/k8s_main_${config.metadata.name}_default_${config.metadata.uid}_2`);

    await rt.startContainer(id);
    const done = await exited(id);
    expect(done).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(done.startedAt).toBeGreaterThanOrEqual(done.createdAt);
    expect(done.finishedAt).toBeGreaterThanOrEqual(done.startedAt);
    // the container shares the sandbox's UTS namespace: the pod's hostname
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false }))).toBe(`${config.hostname}\n`);
    expect((await rt.listContainers({ sandboxId })).map((c) => c.id)).toEqual([id]);

    await rt.stopPodSandbox(sandboxId);
    await rt.stopPodSandbox(sandboxId);
    expect((await rt.podSandboxStatus(sandboxId))?.state).toBe('notready');
    await rt.removePodSandbox(sandboxId);
    await rt.removePodSandbox(sandboxId);
    expect(await rt.podSandboxStatus(sandboxId)).toBeUndefined();
    expect(await rt.containerStatus(id)).toBeUndefined();
  });

  it('stops a running container and reports Completed for exit 0', async () => {
    const { id } = await runPod({ command: ['sleep', '1000'] });
    expect((await rt.containerStatus(id))?.state).toBe('running');
    await rt.stopContainer(id, 0);
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
    await rt.stopContainer(id, 0);
    await rt.removeContainer(id);
    await rt.removeContainer(id);
    expect(await rt.containerStatus(id)).toBeUndefined();

    const ok = await runPod({ command: ['true'] });
    expect(await exited(ok.id)).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('follows Kubernetes command/args semantics over the image entrypoint and cmd', async () => {
    const inspect = async (c: Partial<ContainerConfig>) => {
      const config = sandboxConfig();
      const sandboxId = await rt.runPodSandbox(config);
      const id = await rt.createContainer(sandboxId, containerConfig(c), config);
      const { Config } = await testDocker().getContainer(id).inspect();
      return { entrypoint: Config.Entrypoint ?? null, cmd: Config.Cmd ?? null };
    };
    // neither: the image's CMD
    expect(await inspect({})).toEqual({ entrypoint: null, cmd: ['/bin/sh'] });
    // command alone: the image's CMD is dropped
    expect(await inspect({ command: ['echo'] })).toEqual({ entrypoint: ['echo'], cmd: [] });
    // args alone replace CMD
    expect(await inspect({ args: ['echo', 'x'] })).toEqual({ entrypoint: null, cmd: ['echo', 'x'] });
    expect(await inspect({ command: ['echo'], args: ['a', 'b'] })).toEqual({ entrypoint: ['echo'], cmd: ['a', 'b'] });

    const { id } = await runPod({ command: ['echo'] });
    await exited(id);
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false }))).toBe('\n');
  });

  it('passes env, working dir, user, limits and mounts (read-only honoured)', async () => {
    const rw = path.join(dir, 'rw');
    const ro = path.join(dir, 'ro');
    await import('node:fs/promises').then(async (fs) => {
      await fs.mkdir(rw);
      await fs.mkdir(ro);
    });
    await writeFile(path.join(ro, 'in.txt'), 'from host');
    const { id } = await runPod({
      command: ['sh', '-c', 'echo "$GREETING $(pwd) $(id -u):$(id -g)"; cat /in/in.txt; echo; echo out > /out/out.txt; touch /in/x 2>/dev/null && echo writable || echo readonly'],
      env: [{ name: 'GREETING', value: 'hello world' }],
      workingDir: '/tmp',
      mounts: [
        { hostPath: ro, containerPath: '/in', readOnly: true },
        { hostPath: rw, containerPath: '/out', readOnly: false },
      ],
      securityContext: { runAsUser: 0, runAsGroup: 0 },
      resources: { memoryLimitBytes: 64 * 1024 * 1024, cpuLimitMillis: 500, cpuRequestMillis: 250 },
    });
    expect(await exited(id)).toMatchObject({ exitCode: 0 });
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false }))).toBe('hello world /tmp 0:0\nfrom host\nreadonly\n');
    expect(await readFile(path.join(rw, 'out.txt'), 'utf8')).toBe('out\n');
    const { HostConfig, Config } = await testDocker().getContainer(id).inspect();
    expect(HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, MemorySwap: 64 * 1024 * 1024, NanoCpus: 500_000_000, CpuShares: 256 });
    expect(Config.User).toBe('0:0');
  });

  it('reports OOMKilled for a container over its memory limit', async () => {
    const { id } = await runPod({ command: ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=32M', 'count=1'], resources: { memoryLimitBytes: 8 * 1024 * 1024 } });
    expect(await exited(id)).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });

  it('ends an exec session from this side when the client goes away', async () => {
    const { id } = await runPod({ command: ['sleep', '1000'] });
    const s = await rt.exec(id, ['sleep', '1000'], { stdin: true, stdout: true, stderr: true, tty: false });
    const out = readAll(s.stdout);
    s.close();
    expect(await s.exit).toBe(-1);
    expect(await out).toBe('');
    await rt.stopContainer(id, 0);
  });

  it('publishes hostPorts on the node, reachable at 127.0.0.1', async () => {
    const hostPort = await freePort();
    const { id } = await runPod(
      { command: ['sh', '-c', 'echo published > /tmp/index.html && exec httpd -f -p 80 -h /tmp'] },
      { portMappings: [{ protocol: 'TCP', containerPort: 80, hostPort, hostIP: '127.0.0.1' }] },
    );
    const body = await eventually('httpd through the hostPort', async () => {
      const socket = net.connect({ host: '127.0.0.1', port: hostPort });
      await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const text = await httpGetOver(socket, 'index.html');
      return text.includes('published') ? text : undefined;
    });
    expect(body).toMatch(/^HTTP\/1\.[01] 200/);
    await rt.stopContainer(id, 0);
  });

  it('forwards a port into the sandbox (kubectl port-forward)', async () => {
    const { sandboxId, id } = await runPod({ command: ['sh', '-c', 'echo forwarded > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'] });
    const body = await eventually('httpd through portForward', async () => {
      const conn = await rt.portForward(sandboxId, 8080);
      const text = await httpGetOver(conn, 'index.html');
      return text.includes('forwarded') ? text : undefined;
    });
    expect(body).toMatch(/200/);
    await expect(rt.portForward(sandboxId, 1)).rejects.toThrow(/ECONNREFUSED/);
    await rt.stopContainer(id, 0);
  });

  it('forwards through a relay container where the sandbox address is out of reach (an engine in a VM)', async () => {
    const relayed = await createDockerRuntime({ agentId: AGENT, nodeName: 'node-a', dataDir: dir, log: (l) => logLines.push(l), portForward: 'relay' });
    const events: RuntimeEvent[] = [];
    const unsubscribe = relayed.onEvent((e) => events.push(e));
    try {
      const { sandboxId, id } = await runPod({ command: ['sh', '-c', 'echo relayed > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'] });
      const body = await eventually('httpd through the relay', async () => {
        const text = await httpGetOver(await relayed.portForward(sandboxId, 8080), 'index.html');
        return text.includes('relayed') ? text : undefined;
      });
      expect(body).toMatch(/^HTTP\/1\.[01] 200/);
      // a bigger answer than one read of the relay's buffer, whole and in order
      const big = 'x'.repeat(100_000);
      const exec = await rt.exec(id, ['sh', '-c', `printf '%s' "$(head -c 100000 /dev/zero | tr '\\0' x)" > /tmp/big.txt`], { stdin: false, stdout: true, stderr: true, tty: false });
      expect(await exec.exit).toBe(0);
      const bigAnswer = await httpGetOver(await relayed.portForward(sandboxId, 8080), 'big.txt');
      expect(bigAnswer.endsWith(`\r\n\r\n${big}`)).toBe(true);
      await expect(relayed.portForward(sandboxId, 1)).rejects.toThrow(/connection refused/);
      // relays are neither the pod's containers nor news for the pod workers
      expect((await relayed.listContainers({ sandboxId })).map((c) => c.id)).toEqual([id]);
      const relays = () => testDocker().listContainers({ all: true, filters: { label: [`io.kubernetes.sandbox.id=${sandboxId}`, 'io.kubernetes.docker.type=portforward'] } });
      await eventually('relay containers gone once their connections closed', async () => (await relays()).length === 0);
      expect(events.filter((e) => e.containerId !== id && e.containerId !== sandboxId)).toEqual([]);
      await rt.stopContainer(id, 0);
    } finally {
      unsubscribe();
      await relayed.close();
    }
  });

  it('serves logs with tail, timestamps, since, stderr and follow', async () => {
    const { id } = await runPod({ command: ['sh', '-c', 'echo one; echo err >&2; sleep 0.5; echo two; echo three; sleep 0.5; echo four'] });
    const all = await readAll(await rt.logs(id, { follow: true, timestamps: false }));
    // the engine copies stdout and stderr separately: only each stream's own order is certain
    expect(all).toContain('err\n');
    expect(all.replace('err\n', '')).toBe('one\ntwo\nthree\nfour\n');
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false, tailLines: 2 }))).toBe('three\nfour\n');
    const stamped = (await readAll(await rt.logs(id, { follow: false, timestamps: true }))).trim().split('\n');
    expect(stamped).toHaveLength(5);
    for (const line of stamped) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z [a-z]+$/);
    const fourAt = Date.parse(stamped[4]!.split(' ')[0]!);
    expect(await readAll(await rt.logs(id, { follow: false, timestamps: false, since: fourAt }))).toBe('four\n');
  });

  it('follows a TTY container log until it exits', async () => {
    const { id } = await runPod({ command: ['sh', '-c', 'echo tty-line; sleep 0.3'], tty: true });
    const text = await readAll(await rt.logs(id, { follow: true, timestamps: false }));
    expect(text).toBe('tty-line\r\n');
  });

  it('execs with stdin and stdout, separate stderr and the exit code', async () => {
    const { id } = await runPod({ command: ['sleep', '1000'] });
    const s = await rt.exec(id, ['sh', '-c', 'cat; echo err >&2; exit 7'], { stdin: true, stdout: true, stderr: true, tty: false });
    const out = readAll(s.stdout);
    const err = readAll(s.stderr);
    s.stdin?.end('piped in\n');
    expect(await s.exit).toBe(7);
    expect(await out).toBe('piped in\n');
    expect(await err).toBe('err\n');

    const ok = await rt.exec(id, ['true'], { stdin: false, stdout: true, stderr: true, tty: false });
    expect(await ok.exit).toBe(0);
    await rt.stopContainer(id, 0);
  });

  it('execs with a TTY and resizes it', async () => {
    const { id } = await runPod({ command: ['sleep', '1000'] });
    const s = await rt.exec(id, ['sh', '-c', 'read line; stty size; echo "got $line"'], { stdin: true, stdout: true, stderr: false, tty: true });
    expect(s.stderr).toBeUndefined();
    await s.resize({ cols: 91, rows: 17 });
    const out = readAll(s.stdout);
    s.stdin?.write('hi\r');
    expect(await s.exit).toBe(0);
    const text = await out;
    expect(text).toContain('17 91');
    expect(text).toContain('got hi');
    await rt.stopContainer(id, 0);
  });

  it('drops output that was not asked for instead of stalling on it', async () => {
    const { id } = await runPod({ command: ['sleep', '1000'] });
    for (const tty of [false, true]) {
      const s = await rt.exec(id, ['sh', '-c', 'head -c 300000 /dev/zero; exit 3'], { stdin: false, stdout: false, stderr: false, tty });
      expect(s.stdout).toBeUndefined();
      expect(await s.exit).toBe(3);
    }
    await rt.stopContainer(id, 0);
  });

  it('attaches to a container with stdin', async () => {
    const { id } = await runPod({ command: ['sh', '-c', 'read line; echo "attached $line"; exit 4'], stdin: true, stdinOnce: true });
    const s = await rt.attach(id, { stdin: true, stdout: true, stderr: true, tty: false });
    const out = readAll(s.stdout);
    s.stdin?.write('yes\n');
    expect(await s.exit).toBe(4);
    expect(await out).toBe('attached yes\n');
  });

  it('attaches to a TTY container and resizes its terminal', async () => {
    const { id } = await runPod({ command: ['sh', '-c', 'read line; stty size; exit 5'], stdin: true, stdinOnce: true, tty: true });
    const s = await rt.attach(id, { stdin: true, stdout: true, stderr: true, tty: true });
    expect(s.stderr).toBeUndefined();
    await s.resize({ cols: 100, rows: 30 });
    const out = readAll(s.stdout);
    s.stdin?.write('go\r');
    expect(await s.exit).toBe(5);
    expect(await out).toContain('30 100');
  });

  it('reads cpu and memory of running containers', async () => {
    const { id } = await runPod({ command: ['sh', '-c', 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; sleep 1000'] });
    const reading = await eventually('a stats reading with cpu used', async () => {
      const r = (await rt.stats()).find((s) => s.containerId === id);
      return r && r.cpuUsageCoreNanoSeconds > 0 ? r : undefined;
    });
    expect(reading.memoryUsageBytes).toBeGreaterThan(0);
    expect(reading.memoryWorkingSetBytes).toBeGreaterThan(0);
    expect(reading.memoryWorkingSetBytes).toBeLessThanOrEqual(reading.memoryUsageBytes);
    expect(reading.timestamp).toBeGreaterThan(0);
    await rt.stopContainer(id, 0);
    expect((await rt.stats()).map((s) => s.containerId)).not.toContain(id);
  });

  it('pushes start, die and remove events of its own containers only', async () => {
    const seen: RuntimeEvent[] = [];
    const othersSeen: RuntimeEvent[] = [];
    const unsubscribe = rt.onEvent((e) => seen.push(e));
    const unsubscribeOther = other.onEvent((e) => othersSeen.push(e));
    const { id, config } = await runPod({ command: ['sleep', '1000'] });
    await eventually('start event', () => seen.some((e) => e.type === 'container-started' && e.containerId === id));
    // killed behind the pod worker's back
    await testDocker().getContainer(id).kill();
    const died = await eventually('die event', () => seen.find((e) => e.type === 'container-died' && e.containerId === id));
    expect(died.podUid).toBe(config.metadata.uid);
    await rt.removeContainer(id);
    await eventually('destroy event', () => seen.some((e) => e.type === 'container-removed' && e.containerId === id));
    unsubscribe();
    unsubscribeOther();
    expect(othersSeen.filter((e) => e.containerId === id)).toEqual([]);
  });

  it('runs hostNetwork pods on the node: its address for the pod IP, loopback for port-forward', async () => {
    const port = await freePort();
    const { sandboxId, id } = await runPod({ command: ['sh', '-c', `echo on-host > /tmp/index.html && exec httpd -f -p 127.0.0.1:${port} -h /tmp`] }, { hostNetwork: true });
    const nodeAddresses = Object.values(os.networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
    expect(nodeAddresses).toContain((await rt.podSandboxStatus(sandboxId))?.ip);
    const body = await eventually('httpd on the node through portForward', async () => httpGetOver(await rt.portForward(sandboxId, port), 'index.html'));
    expect(body).toContain('on-host');
    await rt.stopContainer(id, 0);
  });

  it('gives the pod its DNS servers, searches and options', async () => {
    const { id } = await runPod({ command: ['cat', '/etc/resolv.conf'] }, { dns: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5'] } });
    await exited(id);
    const conf = await readAll(await rt.logs(id, { follow: false, timestamps: false }));
    expect(conf).toMatch(/^nameserver 10\.96\.0\.10$/m);
    expect(conf).toMatch(/^search default\.svc\.cluster\.local svc\.cluster\.local$/m);
    expect(conf).toMatch(/^options ndots:5$/m);
  });

  it('resumes a dropped event stream without losing what happened meanwhile, and stops on close', async () => {
    // a socket relay in front of the engine, so the driver's connection can be cut
    const relayPath = path.join(dir, 'relay.sock');
    const open = new Set<net.Socket>();
    let refusing = false;
    const relay = net.createServer((client) => {
      if (refusing) return client.destroy();
      const engine = net.connect(DOCKER_SOCKET);
      const pair = [client, engine];
      for (const s of pair) {
        open.add(s);
        s.on('error', () => pair.forEach((x) => x.destroy()));
        s.on('close', () => {
          open.delete(s);
          pair.forEach((x) => x.destroy());
        });
      }
      client.pipe(engine).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(relayPath, resolve));
    const relayed = await createDockerRuntime({ agentId: AGENT, nodeName: 'node-a', dataDir: dir, log: (l) => logLines.push(l), socketPath: relayPath });
    try {
      const seen: RuntimeEvent[] = [];
      relayed.onEvent((e) => seen.push(e));
      const { id } = await runPod({ command: ['sleep', '1000'] });
      await eventually('start event through the relay', () => seen.some((e) => e.type === 'container-started' && e.containerId === id));

      refusing = true;
      for (const s of [...open]) s.destroy();
      await testDocker().getContainer(id).kill();
      await exited(id);
      expect(seen.some((e) => e.type === 'container-died' && e.containerId === id)).toBe(false);
      refusing = false;
      await eventually('the die event after reconnecting', () => seen.some((e) => e.type === 'container-died' && e.containerId === id), 15_000);
      expect(seen.filter((e) => e.type === 'container-started' && e.containerId === id)).toHaveLength(1);
      expect(logLines.some((l) => /events stream ended; reconnecting/.test(l))).toBe(true);
    } finally {
      await relayed.close();
      await eventually('no connection left through the relay', () => open.size === 0);
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('lists fresh statuses after changes behind its back, even a restart that ends in the same state', async () => {
    const data = path.join(dir, 'restart-data');
    await import('node:fs/promises').then((fs) => fs.mkdir(data));
    await writeFile(path.join(data, 'code'), '1');
    const { id, sandboxId } = await runPod({ command: ['sh', '-c', 'exit $(cat /data/code)'], mounts: [{ hostPath: data, containerPath: '/data', readOnly: true }] });
    await exited(id);
    const listed = async () => (await rt.listContainers()).find((c) => c.id === id);
    expect(await listed()).toMatchObject({ state: 'exited', exitCode: 1 });
    await writeFile(path.join(data, 'code'), '2');
    const c = testDocker().getContainer(id);
    await c.start();
    await c.wait();
    await eventually('the second exit in the list', async () => (await listed())?.exitCode === 2);
    // a sandbox killed from outside is no longer ready in the list
    expect((await rt.listPodSandboxes()).find((s) => s.id === sandboxId)?.state).toBe('ready');
    await testDocker().getContainer(sandboxId).kill();
    await eventually('the sandbox not ready in the list', async () => (await rt.listPodSandboxes()).find((s) => s.id === sandboxId)?.state === 'notready');
  });

  it('keeps two agents on one engine apart', async () => {
    const { sandboxId, id } = await runPod({ command: ['sleep', '1000'] });
    const otherConfig = sandboxConfig();
    const otherSandbox = await other.runPodSandbox(otherConfig);
    expect((await other.listPodSandboxes()).map((s) => s.id)).toEqual([otherSandbox]);
    expect((await rt.listPodSandboxes()).map((s) => s.id)).not.toContain(otherSandbox);
    expect((await other.listContainers()).map((c) => c.id)).not.toContain(id);
    expect(await other.containerStatus(id)).toBeUndefined();
    expect(await other.podSandboxStatus(sandboxId)).toBeUndefined();
    // another agent's stop and remove do not reach it
    await other.stopContainer(id, 0);
    await other.removePodSandbox(sandboxId);
    expect((await rt.containerStatus(id))?.state).toBe('running');
    await expect(other.createContainer(sandboxId, containerConfig(), otherConfig)).rejects.toThrow(/no such sandbox/);
    await rt.stopPodSandbox(sandboxId);
    expect((await rt.containerStatus(id))?.state).toBe('exited');
  });

  it('reports image status and the engine message of a failed pull', async () => {
    const img = await rt.imageStatus(TEST_IMAGE);
    expect(img?.id).toMatch(/^sha256:/);
    expect(img?.repoTags).toContain(TEST_IMAGE);
    expect(img?.sizeBytes).toBeGreaterThan(0);
    expect(await rt.imageStatus('flotilla.test/missing:0')).toBeUndefined();
    await expect(rt.pullImage('flotilla.invalid/nothing:1')).rejects.toThrow(/flotilla\.invalid/);
  });

  it('reports a container the engine cannot start as ContainerCannotRun', async () => {
    const config = sandboxConfig();
    const sandboxId = await rt.runPodSandbox(config);
    const id = await rt.createContainer(sandboxId, containerConfig({ command: ['/no/such/binary'] }), config);
    await expect(rt.startContainer(id)).rejects.toThrow();
    const s = await rt.containerStatus(id);
    expect(s).toMatchObject({ state: 'exited', reason: 'ContainerCannotRun' });
    expect(s?.message).toMatch(/no such file/);
  });
});
