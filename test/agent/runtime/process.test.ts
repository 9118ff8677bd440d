import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRuntime } from '../../../agent/runtime/process/index.ts';
import { parsePs, processStartTime } from '../../../agent/runtime/process/proc.ts';
import { LABEL_AGENT_ID, LABEL_CONTAINER_NAME, LABEL_POD_UID, type ContainerConfig, type PodSandboxConfig, type Runtime, type RuntimeEvent } from '../../../agent/runtime/types.ts';
import { eventually } from '../../helpers/eventually.ts';
import { containerConfig as baseConfig, readAll } from '../../helpers/runtime.ts';

let dataDir: string;
let runtimes: Runtime[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flotilla-proc-'));
});

afterEach(async () => {
  // The last instance sees every container: removing them kills their process groups.
  const last = runtimes.at(-1);
  if (last) for (const c of await last.listContainers()) await last.removeContainer(c.id);
  await Promise.all(runtimes.map((r) => r.close()));
  runtimes = [];
  await rm(dataDir, { recursive: true, force: true });
});

async function newRuntime(logMaxBytes?: number): Promise<Runtime> {
  const r = await createProcessRuntime({ agentId: 'agent-1', nodeName: 'node-1', dataDir, log: () => {}, logMaxBytes });
  runtimes.push(r);
  return r;
}

const sandboxConfig: PodSandboxConfig = {
  metadata: { uid: 'uid-1', namespace: 'default', name: 'web', attempt: 0 },
  hostname: 'web',
  hostNetwork: false,
  portMappings: [],
  labels: { app: 'web' },
  annotations: {},
};

function containerConfig(command: string[], extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return baseConfig('busybox:1', { command, annotations: { hash: 'abc' }, ...extra });
}

async function start(r: Runtime, command: string[], extra: Partial<ContainerConfig> = {}) {
  const sandboxId = (await r.listPodSandboxes())[0]?.id ?? (await r.runPodSandbox(sandboxConfig));
  const id = await r.createContainer(sandboxId, containerConfig(command, extra), sandboxConfig);
  await r.startContainer(id);
  return { sandboxId, id };
}


const exited = (r: Runtime, id: string) =>
  eventually(`container ${id} to exit`, async () => {
    const s = await r.containerStatus(id);
    return s?.state === 'exited' && s;
  });

const logs = async (r: Runtime, id: string, options: Partial<Parameters<Runtime['logs']>[1]> = {}) =>
  readAll(await r.logs(id, { follow: false, timestamps: false, ...options }));

describe('process runtime', () => {
  it('reports itself as the process runtime on this Node.js, with synthetic images', async () => {
    const r = await newRuntime();
    expect(await r.version()).toEqual({ runtimeName: 'process', runtimeVersion: process.versions.node });
    expect(await r.imageStatus('nginx:1')).toMatchObject({ repoTags: ['nginx:1'], id: expect.stringMatching(/^sha256:/) });
    expect(await r.pullImage('nginx:1')).toEqual(await r.imageStatus('nginx:1'));
  });

  it('needs a command, since there is no image to run, and cannot remap ports', async () => {
    const r = await newRuntime();
    const sandboxId = await r.runPodSandbox(sandboxConfig);
    await expect(r.createContainer(sandboxId, containerConfig([]), sandboxConfig)).rejects.toThrow(/must give a command/);
    const ports = [{ protocol: 'TCP' as const, containerPort: 80, hostPort: 8080 }];
    await expect(r.createContainer(sandboxId, containerConfig(['true'], { ports }), sandboxConfig)).rejects.toThrow(/cannot map ports/);
    await r.createContainer(sandboxId, containerConfig(['true'], { ports: [{ protocol: 'TCP', containerPort: 80, hostPort: 80 }] }), sandboxConfig);
  });

  it('runs a command: labels, exit code, stdout and stderr in order in a CRI log file, events', async () => {
    const r = await newRuntime();
    const events: RuntimeEvent[] = [];
    r.onEvent((e) => events.push(e));
    const { id, sandboxId } = await start(r, ['sh', '-c'], { args: ['echo out; echo err >&2; echo "$GREETING"; exit 3'], env: [{ name: 'GREETING', value: 'hi there' }] });
    const status = await exited(r, id);
    expect(status).toMatchObject({
      sandboxId,
      name: 'main',
      state: 'exited',
      exitCode: 3,
      reason: 'Error',
      imageRef: 'process://busybox:1',
      labels: { [LABEL_CONTAINER_NAME]: 'main', [LABEL_POD_UID]: 'uid-1', [LABEL_AGENT_ID]: 'agent-1' },
      annotations: { hash: 'abc' },
    });
    expect(status.startedAt).toBeGreaterThan(0);
    expect(status.finishedAt).toBeGreaterThanOrEqual(status.startedAt);
    // Two pipes: the order between stdout and stderr is only as good as the reads of them.
    expect((await logs(r, id)).split('\n').sort()).toEqual(['', 'err', 'hi there', 'out']);
    const file = await readFile(join(dataDir, 'process-runtime', 'containers', id, 'container.log'), 'utf8');
    expect(file).toMatch(/(^|\n)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stdout F out\n/);
    expect(file).toMatch(/(^|\n)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stderr F err\n/);
    expect(events).toEqual([
      { type: 'container-started', containerId: id, podUid: 'uid-1' },
      { type: 'container-died', containerId: id, podUid: 'uid-1' },
    ]);
    expect((await r.podSandboxStatus(sandboxId))!.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('logs honour tailLines, since, timestamps and follow; long lines come back whole', async () => {
    const r = await newRuntime();
    const long = 'x'.repeat(40_000);
    const { id } = await start(r, ['sh', '-c', `echo one; echo two; echo ${long}; echo three`]);
    await exited(r, id);
    expect(await logs(r, id)).toBe(`one\ntwo\n${long}\nthree\n`);
    expect(await logs(r, id, { tailLines: 2 })).toBe(`${long}\nthree\n`);
    expect(await logs(r, id, { tailLines: 0 })).toBe('');
    expect(await logs(r, id, { since: Date.now() + 60_000 })).toBe('');
    expect((await logs(r, id, { timestamps: true })).split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z one$/);

    const { id: slow } = await start(r, ['sh', '-c', 'echo first; sleep 0.3; echo second']);
    expect(await logs(r, slow, { follow: true })).toBe('first\nsecond\n');
  });

  it('rotates the log file at logMaxBytes; reads and follows go on across the rotation', async () => {
    const r = await newRuntime(2000);
    const numbers = Array.from({ length: 60 }, (_, i) => `${i + 1}\n`).join('');
    const { id } = await start(r, ['sh', '-c', 'for i in $(seq 1 60); do echo $i; sleep 0.01; done']);
    expect(await logs(r, id, { follow: true })).toBe(numbers);
    expect(await logs(r, id)).toBe(numbers);
    expect(existsSync(join(dataDir, 'process-runtime', 'containers', id, 'container.log.1'))).toBe(true);
  });

  it('a failing start is ContainerCannotRun', async () => {
    const r = await newRuntime();
    const sandboxId = await r.runPodSandbox(sandboxConfig);
    const id = await r.createContainer(sandboxId, containerConfig(['/nonexistent/program']), sandboxConfig);
    await expect(r.startContainer(id)).rejects.toThrow(/ENOENT/);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 127, reason: 'ContainerCannotRun' });
  });

  it('stop: SIGTERM ends a process at once; one that ignores it is killed after the timeout', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['sleep', '30']);
    expect((await r.containerStatus(id))!.state).toBe('running');
    await r.stopContainer(id, 10);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 143 });
    await r.stopContainer(id, 10);

    const { id: stubborn } = await start(r, ['sh', '-c', "trap '' TERM; echo ready; sleep 30 & wait"]);
    await eventually('the trap to be set', async () => (await logs(r, stubborn)).includes('ready'));
    await r.stopContainer(stubborn, 0.3);
    expect(await r.containerStatus(stubborn)).toMatchObject({ state: 'exited', exitCode: 137 });
  });

  it('processes and logs outlive the runtime; a second instance adopts them and learns exit codes', async () => {
    const first = await newRuntime();
    const { id: early } = await start(first, ['sh', '-c', 'echo early; exit 5']);
    const { id: late } = await start(first, ['sh', '-c', 'echo before; while [ ! -e go ]; do sleep 0.05; done; echo after; exit 4']);
    const lateStatus = await first.containerStatus(late);
    await first.close();
    await eventually('the early process to exit', () => existsSync(join(dataDir, 'process-runtime', 'containers', early, 'exit.json')));

    const second = await newRuntime();
    expect(await second.containerStatus(early)).toMatchObject({ state: 'exited', exitCode: 5 });
    expect(await second.containerStatus(late)).toMatchObject({ state: 'running', startedAt: lateStatus!.startedAt });
    expect((await second.listPodSandboxes()).map((s) => s.id)).toEqual([lateStatus!.sandboxId]);
    const events: RuntimeEvent[] = [];
    second.onEvent((e) => events.push(e));
    const followed = readAll(await second.logs(late, { follow: true, timestamps: false }));
    await writeFile(join(dataDir, 'process-runtime', 'containers', late, 'work', 'go'), '');
    expect(await followed).toBe('before\nafter\n');
    expect(await exited(second, late)).toMatchObject({ exitCode: 4 });
    await eventually('the died event', () => events.some((e) => e.type === 'container-died' && e.containerId === late));
    expect(await logs(second, early)).toBe('early\n');
  });

  it('processes outlive the agent process that started them', async () => {
    // Another Node.js process plays the agent: it starts a container and exits.
    const agent = `
      import { createProcessRuntime } from ${JSON.stringify(join(process.cwd(), 'agent/runtime/process/index.ts'))};
      const r = await createProcessRuntime({ agentId: 'agent-1', nodeName: 'node-1', dataDir: ${JSON.stringify(dataDir)}, log: console.error });
      const sandbox = ${JSON.stringify(sandboxConfig)};
      const sandboxId = await r.runPodSandbox(sandbox);
      const config = ${JSON.stringify(containerConfig(['sh', '-c', 'echo started; while [ ! -e go ]; do sleep 0.05; done; exit 6']))};
      const id = await r.createContainer(sandboxId, config, sandbox);
      await r.startContainer(id);
      console.log(id);
      await r.close();
    `;
    const id = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', agent], { encoding: 'utf8' }).trim();
    const r = await newRuntime();
    expect(await r.containerStatus(id)).toMatchObject({ state: 'running' });
    await writeFile(join(dataDir, 'process-runtime', 'containers', id, 'work', 'go'), '');
    expect(await exited(r, id)).toMatchObject({ exitCode: 6 });
    expect(await logs(r, id)).toBe('started\n');
  });

  it('a process whose shim was killed is still stopped, with its exit code unknown', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['sleep', '30']);
    const state = JSON.parse(await readFile(join(dataDir, 'process-runtime', 'containers', id, 'state.json'), 'utf8')) as Record<'shim' | 'process', { pid: number }>;
    process.kill(state.shim.pid, 'SIGKILL');
    await eventually('the shim to be gone', async () => (await processStartTime(state.shim.pid)) === undefined);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'running' });
    await r.stopContainer(id, 5);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 255, message: expect.stringMatching(/unknown/) });
    await eventually('the process to be gone', async () => (await processStartTime(state.process.pid)) === undefined, 5000);
  });

  it('exec runs in the container environment and reports the exit code', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['sleep', '30'], { env: [{ name: 'FOO', value: 'bar' }] });
    const streams = { stdin: false, stdout: true, stderr: true, tty: false };
    const code = await r.exec(id, ['sh', '-c', 'exit 7'], streams);
    expect(await code.exit).toBe(7);

    const env = await r.exec(id, ['sh', '-c', 'echo "$FOO"; pwd; echo oops >&2'], streams);
    const [out, err] = await Promise.all([readAll(env.stdout), readAll(env.stderr)]);
    expect(out).toBe(`bar\n${join(dataDir, 'process-runtime', 'containers', id, 'work')}\n`);
    expect(err).toBe('oops\n');
    expect(await env.exit).toBe(0);

    const cat = await r.exec(id, ['cat'], { ...streams, stdin: true });
    const catOut = readAll(cat.stdout);
    cat.stdin!.end('piped\n');
    expect(await catOut).toBe('piped\n');
    expect(await cat.exit).toBe(0);

    await expect(r.exec(id, ['/nonexistent/tool'], streams)).rejects.toThrow(/ENOENT/);

    const lingering = await r.exec(id, ['sleep', '30'], streams);
    await r.stopContainer(id, 5);
    expect(await lingering.exit).toBe(137);
  });

  it('exec with a TTY goes through node-pty', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['sleep', '30']);
    const session = await r.exec(id, ['sh', '-c', 'tty; exit 3'], { stdin: true, stdout: true, stderr: true, tty: true });
    expect(session.stderr).toBeUndefined();
    await session.resize({ cols: 100, rows: 30 });
    const out = readAll(session.stdout);
    expect(await session.exit).toBe(3);
    expect(await out).toMatch(/\/dev\/pts\/\d+/);
  });

  it('attach writes to stdin and reads the output; stdinOnce closes stdin when the attach ends', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['cat'], { stdin: true, stdinOnce: true });
    const session = await r.attach(id, { stdin: true, stdout: true, stderr: true, tty: false });
    const out = readAll(session.stdout);
    session.stdin!.write('hello\n');
    await eventually('the echo in the log', async () => (await logs(r, id)) === 'hello\n');
    session.stdin!.end();
    expect(await session.exit).toBe(0);
    expect(await out).toBe('hello\n');
    await expect(r.attach(id, { stdin: false, stdout: true, stderr: false, tty: false })).rejects.toThrow(/not running/);
  });

  it('port-forward connects to the port on this host', async () => {
    const r = await newRuntime();
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const server = `require('http').createServer((q, s) => s.end('pong')).listen(${port}, '127.0.0.1', () => console.log('listening'))`;
    const { id, sandboxId } = await start(r, [process.execPath, '-e', server]);
    await eventually('the server to listen', async () => (await logs(r, id)).includes('listening'));
    const conn = await r.portForward(sandboxId, port);
    const reply = readAll(conn);
    conn.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await reply).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*pong$/);
    await expect(r.portForward('missing', port)).rejects.toThrow(/No such pod sandbox/);
  });

  it('stats sum CPU and memory over the process tree', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['sh', '-c', 'i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo busy; sleep 30']);
    await eventually('the busy loop to end', async () => (await logs(r, id)).includes('busy'));
    const stats = await r.stats();
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ containerId: id });
    expect(stats[0].cpuUsageCoreNanoSeconds).toBeGreaterThan(0);
    expect(stats[0].memoryWorkingSetBytes).toBeGreaterThan(0);
  });

  it('reads ps output for hosts without /proc', () => {
    const rows = parsePs('  PID  PGID   RSS     TIME\n    1     1  1024 01:02.50\n 4242  4242   512 1-02:00:03\n');
    expect(rows).toEqual([
      { pid: 1, pgid: 1, rssKiB: 1024, cpuSeconds: 62.5 },
      { pid: 4242, pgid: 4242, rssKiB: 512, cpuSeconds: 86_400 + 7_203 },
    ]);
    const real = parsePs(execFileSync('ps', ['-A', '-o', 'pid=,pgid=,rss=,time='], { encoding: 'utf8' }));
    expect(real.some((row) => row.pid === process.pid)).toBe(true);
  });

  it('makes mounts available as symlinks where nothing is in the way, and removes them', async () => {
    const r = await newRuntime();
    const host = join(dataDir, 'volume');
    await mkdir(host);
    await writeFile(join(host, 'file'), 'from the volume');
    const target = join(dataDir, 'mnt');
    const mounts = [{ hostPath: host, containerPath: target, readOnly: false }];
    const { id, sandboxId } = await start(r, ['cat', join(target, 'file')], { mounts });
    await exited(r, id);
    expect(await logs(r, id)).toBe('from the volume\n');

    await mkdir(join(dataDir, 'taken'));
    const blocked = [{ hostPath: host, containerPath: join(dataDir, 'taken'), readOnly: false }];
    await expect(r.createContainer(sandboxId, containerConfig(['true'], { mounts: blocked }), sandboxConfig)).rejects.toThrow(/already exists on this host/);
    const orphan = [{ hostPath: host, containerPath: join(dataDir, 'no', 'parent'), readOnly: false }];
    await expect(r.createContainer(sandboxId, containerConfig(['true'], { mounts: orphan }), sandboxConfig)).rejects.toThrow(/not a writable directory/);

    await r.removeContainer(id);
    await expect(lstat(target)).rejects.toThrow(/ENOENT/);
  });

  it.runIf(process.getuid?.() === 0)('runs as runAsUser when the agent is root', async () => {
    const r = await newRuntime();
    const { id } = await start(r, ['id', '-u'], { securityContext: { runAsUser: 1234 } });
    await exited(r, id);
    expect(await logs(r, id)).toBe('1234\n');
  });

  it('removing a sandbox kills and removes its containers', async () => {
    const r = await newRuntime();
    const { id, sandboxId } = await start(r, ['sleep', '30']);
    await r.stopPodSandbox(sandboxId);
    expect(await r.containerStatus(id)).toMatchObject({ state: 'exited' });
    expect((await r.podSandboxStatus(sandboxId))!.state).toBe('notready');
    await r.removePodSandbox(sandboxId);
    await r.removePodSandbox(sandboxId);
    expect(await r.listContainers()).toEqual([]);
    expect(await r.listPodSandboxes()).toEqual([]);
  });
});
