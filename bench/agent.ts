// Agent benchmark: pod startup latency on the docker driver, and the agent's memory and
// CPU at idle, against a real control plane and a real `flotilla agent` process joined
// as a user joins one (`flotilla token create`, then `flotilla agent --server …`).
//
// Startup: pods of the local test image (`sleep 3600`, imagePullPolicy IfNotPresent)
// are created through the API by 10 concurrent creators, each creating its next pod as
// soon as the previous one is Running (a steady stream with 10 in flight), and then one
// at a time. Latency is create sent → Running and Ready seen in a watch, p50 and p99.
// The baseline, measured in the same run on the same engine, is `docker run -d --rm` of
// the same image and command, 20 times in sequence. For where the time goes, the run also
// times the Engine API's create + start alone, and the engine doing by itself what the
// agent asks per pod (a sandbox container, then one joining its namespaces) one at a time
// and by 10 concurrent workers; and Docker's events on the pods' containers split each
// pod's startup into scheduling, the agent's reaction, sandbox, app container, and the
// status post seen in the watch.
//
// Memory and CPU: the agent's VmRSS (/proc/PID/status) with 0 pods and idle with 30
// pods Running, and its CPU (utime + stime from /proc/PID/stat) over a 30 s window at
// idle, for the agent run through tsx (`cli/bin.mjs`) and as the self-contained bundle
// the control plane serves at /flotilla/v1/agent.mjs (what LAN machines run).
//
// The control plane runs in this process and shares the machine with the agent and the
// engine. Every phase is bounded; everything it made is removed at the end. Prints
// figures, asserts nothing.
// Run: npx tsx bench/agent.ts [--quick]
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import type { KubeObject, Pod as ApiPod } from '../api/types.ts';
import { createHttpClient, createInformerFactory, R, type Client } from '../client/index.ts';
import { AGENT_BUNDLE_PATH } from '../electron/control-plane/agent-bundle/routes.ts';
import { startControlPlane, type ControlPlane } from '../electron/control-plane/index.ts';
import { FLOTILLA_BIN, runFlotilla } from '../test/helpers/agent-process.ts';

const QUICK = process.argv.includes('--quick');
const STARTUP_PODS = QUICK ? 20 : 100;
const SEQUENTIAL_PODS = QUICK ? 5 : 20;
const CREATORS = 10;
const FLOOR_RUNS = QUICK ? 10 : 20;
const IDLE_PODS = QUICK ? 10 : 30;
const CPU_WINDOW_MS = QUICK ? 10_000 : 30_000;
/** Time for the agent to finish its start-up work (first node status, stats) before a reading. */
const SETTLE_MS = QUICK ? 5_000 : 10_000;
/** A phase still running after this long is cut short and says so. */
const PHASE_LIMIT_MS = 300_000;
/** The tests' image (test/helpers/docker.ts, which imports vitest and so cannot be imported here). */
const TEST_IMAGE = 'flotilla.test/busybox:1';
const DOCKER_SOCKET = '/var/run/docker.sock';
const NODE = 'bench-node';
const NS = 'bench';
const TARGET_RATIO = 1.3;
const TARGET_RSS_MB = 60;
const CLK_TCK = 100;

type Pod = ApiPod & KubeObject;

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function p50p99(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

const ms = (v: number) => `${Math.round(v)} ms`;
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
/** The target is in MB (10^6 bytes); readings are in KiB. */
const mb = (kib: number) => (kib * 1024) / 1e6;
const rssVerdict = (kib: number) => `${mib(kib)} = ${mb(kib).toFixed(1)} MB (target ≤ ${TARGET_RSS_MB} MB: ${mb(kib) <= TARGET_RSS_MB ? 'met' : 'not met'})`;

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, limitMs = PHASE_LIMIT_MS): Promise<T | undefined> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await sleep(100);
  }
  console.log(`  (cut short: ${what} not reached after ${limitMs / 1000} s)`);
  return undefined;
}

// ---- the agent process and its /proc readings ----

interface AgentProcess {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

function startAgent(argv: string[]): AgentProcess {
  const child: ChildProcess = spawn(process.execPath, argv, { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-8_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface ProcReading {
  rssKiB: number;
  hwmKiB: number;
  ticks: number;
  threads: number;
}

async function readProc(pid: number): Promise<ProcReading> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM'), ticks: Number(rest[11]) + Number(rest[12]), threads: field('Threads') };
}

/** Processes whose parent is `pid` (the agent should have none at idle). */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}

/** RSS now, and CPU over the window (sampling RSS each second for its range). */
async function idleReading(label: string, pid: number): Promise<number> {
  await sleep(SETTLE_MS);
  const first = await readProc(pid);
  const t0 = performance.now();
  let low = first.rssKiB;
  let high = first.rssKiB;
  while (performance.now() - t0 < CPU_WINDOW_MS) {
    await sleep(1_000);
    const r = await readProc(pid);
    low = Math.min(low, r.rssKiB);
    high = Math.max(high, r.rssKiB);
  }
  const last = await readProc(pid);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = ((last.ticks - first.ticks) / CLK_TCK / seconds) * 100;
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  const kids = await childrenOf(pid);
  let kidsKiB = 0;
  const names: string[] = [];
  for (const k of kids) {
    kidsKiB += await readProc(k).then((r) => r.rssKiB, () => 0);
    names.push((await readFile(`/proc/${k}/comm`, 'utf8').catch(() => '?')).trim());
  }
  console.log(
    `  ${label}: RSS ${mib(last.rssKiB)} (range ${mib(low)}–${mib(high)} over ${seconds.toFixed(0)} s, peak since start ${mib(last.hwmKiB)}), `
    + `CPU ${cpu.toFixed(2)} % of one core (${last.ticks - first.ticks} ticks in ${seconds.toFixed(0)} s), ${last.threads} threads, ${fds} open fds`
    + (kids.length ? `, ${kids.length} child processes (${names.join(', ')}) using ${mib(kidsKiB)} more` : ', no child processes'),
  );
  return last.rssKiB;
}

// ---- the cluster side ----

interface PodTimes {
  sent?: number;
  bound?: number;
  running?: number;
}

function podSpec(name: string): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] }],
    },
  };
}

function isRunningReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Docker's own create/start times of each pod's sandbox and app container. */
interface ContainerTimes {
  sandboxCreate?: number;
  sandboxStart?: number;
  appCreate?: number;
  appStart?: number;
}

function watchDockerEvents(): { times: Map<string, ContainerTimes>; stop(): void } {
  const times = new Map<string, ContainerTimes>();
  const child = spawn('docker', ['events', '--filter', `label=dev.flotilla.node=${NODE}`, '--filter', 'type=container', '--format', '{{json .}}'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      let e: { Action?: string; timeNano?: number; Actor?: { Attributes?: Record<string, string> } };
      try {
        e = JSON.parse(line);
      } catch {
        continue;
      }
      const a = e.Actor?.Attributes ?? {};
      const pod = a['io.kubernetes.pod.name'];
      const type = a['io.kubernetes.docker.type'];
      if (!pod || (e.Action !== 'create' && e.Action !== 'start') || !e.timeNano) continue;
      const t = times.get(pod) ?? {};
      const key = type === 'podsandbox' ? (e.Action === 'create' ? 'sandboxCreate' : 'sandboxStart')
        : type === 'container' ? (e.Action === 'create' ? 'appCreate' : 'appStart') : undefined;
      if (key && t[key] === undefined) t[key] = e.timeNano / 1e6;
      times.set(pod, t);
    }
  });
  return { times, stop: () => child.kill() };
}

async function dockerIds(filter: string): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', filter]);
  return stdout.split('\n').filter(Boolean);
}

async function removeContainers(filter: string): Promise<void> {
  const ids = await dockerIds(filter).catch(() => []);
  if (ids.length) await run('docker', ['rm', '-f', ...ids]).catch(() => undefined);
}

interface Bench {
  cp: ControlPlane;
  client: Client;
  times: Map<string, PodTimes>;
  pods: Map<string, Pod>;
  joinArgs: string[];
}

async function joinArgs(dataDir: string): Promise<string[]> {
  const r = await runFlotilla(['token', 'create', '--data-dir', dataDir]);
  if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.includes('flotilla agent')) ?? '';
  const flag = (name: string) => new RegExp(`--${name}[ =](\\S+)`).exec(line)?.[1];
  const [server, token, hash] = [flag('server'), flag('token'), flag('ca-cert-hash')];
  if (!server || !token || !hash) throw new Error(`no join command in:\n${r.stdout}`);
  return ['--server', server, '--token', token, '--ca-cert-hash', hash, '--name', NODE, '--runtime', 'docker'];
}

async function nodeReady(b: Bench, agent: AgentProcess): Promise<number> {
  const start = Date.now();
  const ok = await until(`node ${NODE} Ready`, async () => {
    const n = await b.client.get(R.nodes, undefined, NODE).catch(() => undefined) as { status?: { conditions?: { type: string; status: string }[] } } | undefined;
    return n?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') || undefined;
  }, 120_000);
  if (!ok) throw new Error(`the agent did not join; its output:\n${agent.output()}`);
  return Date.now() - start;
}

async function createAndWait(b: Bench, name: string): Promise<void> {
  b.times.set(name, { sent: Date.now() });
  await b.client.create(R.pods, NS, podSpec(name));
}

async function deleteAll(b: Bench, prefix: string): Promise<void> {
  const names = [...b.pods.keys()].filter((n) => n.startsWith(prefix));
  await Promise.all(names.map((n) => b.client.delete(R.pods, NS, n).catch(() => undefined)));
  await until(`pods ${prefix}* gone`, () => ([...b.pods.keys()].some((n) => n.startsWith(prefix)) ? undefined : true), 120_000);
}

function report(label: string, names: string[], b: Bench, containers: Map<string, ContainerTimes>, floorP50: number, pairP50: number): number {
  const lat: number[] = [];
  const seg: Record<string, number[]> = { scheduled: [], 'agent reacts': [], sandbox: [], 'sandbox→app': [], app: [], 'status seen': [] };
  for (const n of names) {
    const t = b.times.get(n);
    if (!t?.sent || !t.running) continue;
    lat.push(t.running - t.sent);
    const c = containers.get(n);
    if (t.bound) seg.scheduled.push(t.bound - t.sent);
    if (!c?.sandboxCreate || !c.sandboxStart || !c.appCreate || !c.appStart || !t.bound) continue;
    seg['agent reacts'].push(c.sandboxCreate - t.bound);
    seg.sandbox.push(c.sandboxStart - c.sandboxCreate);
    seg['sandbox→app'].push(c.appCreate - c.sandboxStart);
    seg.app.push(c.appStart - c.appCreate);
    seg['status seen'].push(t.running - c.appStart);
  }
  const { p50, p99 } = p50p99(lat);
  const ratio = p50 / floorP50;
  console.log(`  ${label}: ${lat.length}/${names.length} Running; create→Running p50 ${ms(p50)}, p99 ${ms(p99)}; `
    + `p50 ÷ docker-run p50 = ${ratio.toFixed(2)} (÷ the engine's own two-container p50 at the same concurrency = ${(p50 / pairP50).toFixed(2)})`);
  console.log(`    where it goes (p50 / p99 of each step; docker event times): `
    + Object.entries(seg).map(([k, v]) => { const s = p50p99(v); return `${k} ${ms(s.p50)} / ${ms(s.p99)}`; }).join(', '));
  return ratio;
}

// ---- the run ----

/** The engine doing by itself what the agent asks of it per pod: a sandbox, then a container in its namespaces. */
async function pairFloor(docker: Docker, count: number, concurrency: number): Promise<{ p50: number; p99: number }> {
  const labels = { 'dev.flotilla.node': NODE, 'dev.flotilla.bench': 'floor' };
  const took: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < count) {
      const t = performance.now();
      const sandbox = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '3600'], Labels: labels, HostConfig: { NetworkMode: 'bridge', IpcMode: 'shareable' } });
      await sandbox.start();
      const ns = `container:${sandbox.id}`;
      const app = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '3600'], Labels: labels, HostConfig: { NetworkMode: ns, IpcMode: ns } });
      await app.start();
      took.push(performance.now() - t);
    }
  }));
  await removeContainers('label=dev.flotilla.bench=floor');
  return p50p99(took);
}

interface Floors {
  dockerRun: number;
  pairSequential: number;
  pairConcurrent: number;
}

async function floor(): Promise<Floors> {
  const cli: number[] = [];
  for (let i = 0; i < FLOOR_RUNS; i++) {
    const t = performance.now();
    await run('docker', ['run', '-d', '--rm', '--label', `dev.flotilla.node=${NODE}`, '--label', 'dev.flotilla.bench=floor', TEST_IMAGE, 'sleep', '3600']);
    cli.push(performance.now() - t);
  }
  await removeContainers('label=dev.flotilla.bench=floor');
  const docker = new Docker({ socketPath: DOCKER_SOCKET });
  const create: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < FLOOR_RUNS; i++) {
    const t0 = performance.now();
    const c = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '3600'], Labels: { 'dev.flotilla.node': NODE, 'dev.flotilla.bench': 'floor' }, HostConfig: { AutoRemove: true } });
    const t1 = performance.now();
    await c.start();
    create.push(t1 - t0);
    start.push(performance.now() - t1);
  }
  await removeContainers('label=dev.flotilla.bench=floor');
  const f = p50p99(cli);
  const both = p50p99(create.map((c, i) => c + start[i]!));
  console.log(`  floor: docker run -d --rm, ${FLOOR_RUNS} in sequence: p50 ${ms(f.p50)}, p99 ${ms(f.p99)}`);
  console.log(`  (Engine API, one container: create + start p50 ${ms(both.p50)}, p99 ${ms(both.p99)}; `
    + `create p50 ${ms(p50p99(create).p50)}, start p50 ${ms(p50p99(start).p50)})`);
  const seq = await pairFloor(docker, SEQUENTIAL_PODS, 1);
  const conc = await pairFloor(docker, STARTUP_PODS, CREATORS);
  console.log(`  (Engine API, a pod's two containers, sandbox then app in its namespaces: ${SEQUENTIAL_PODS} in sequence p50 ${ms(seq.p50)}, p99 ${ms(seq.p99)}; `
    + `${STARTUP_PODS} by ${CREATORS} concurrent workers p50 ${ms(conc.p50)}, p99 ${ms(conc.p99)})`);
  return { dockerRun: f.p50, pairSequential: seq.p50, pairConcurrent: conc.p50 };
}

/** CPU seconds of the agent, the Docker daemon and this process (control plane and bench) over a phase. */
async function cpuMeter(agentPid: number): Promise<() => Promise<string>> {
  const dockerd = Number((await run('pidof', ['dockerd']).catch(() => ({ stdout: '' }))).stdout.trim().split(' ')[0]) || undefined;
  const ticks = async (pid: number | undefined) => (pid ? (await readProc(pid).catch(() => undefined))?.ticks ?? NaN : NaN);
  const [a0, d0, s0, t0] = [await ticks(agentPid), await ticks(dockerd), process.cpuUsage(), performance.now()];
  return async () => {
    const seconds = (performance.now() - t0) / 1000;
    const self = process.cpuUsage(s0);
    const pct = (cpuSeconds: number) => `${((cpuSeconds / seconds) * 100).toFixed(0)} %`;
    return `CPU over ${seconds.toFixed(0)} s (% of one core): agent ${pct(((await ticks(agentPid)) - a0) / CLK_TCK)}, `
      + `dockerd ${pct(((await ticks(dockerd)) - d0) / CLK_TCK)}, control plane and bench ${pct((self.user + self.system) / 1e6)}`;
  };
}

async function startupPhase(b: Bench, containers: Map<string, ContainerTimes>, floors: Floors, agentPid: number): Promise<[number, number]> {
  const deadline = Date.now() + PHASE_LIMIT_MS;
  const cpu = await cpuMeter(agentPid);
  const stream = Array.from({ length: STARTUP_PODS }, (_, i) => `stream-${i}`);
  let next = 0;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CREATORS }, async () => {
    while (next < stream.length && Date.now() < deadline) {
      const name = stream[next++]!;
      await createAndWait(b, name);
      await until(`${name} Running`, () => b.times.get(name)?.running, Math.max(0, deadline - Date.now()));
    }
  }));
  const seconds = (Date.now() - t0) / 1000;
  const ratio = report(`${STARTUP_PODS} pods, ${CREATORS} creators (${(STARTUP_PODS / seconds).toFixed(1)} pods/s over ${seconds.toFixed(1)} s)`, stream, b, containers, floors.dockerRun, floors.pairConcurrent);
  console.log(`    ${await cpu()}`);
  await deleteAll(b, 'stream-');

  const seq = Array.from({ length: SEQUENTIAL_PODS }, (_, i) => `seq-${i}`);
  const seqDeadline = Date.now() + PHASE_LIMIT_MS;
  const seqCpu = await cpuMeter(agentPid);
  for (const name of seq) {
    if (Date.now() > seqDeadline) break;
    await createAndWait(b, name);
    await until(`${name} Running`, () => b.times.get(name)?.running, 60_000);
  }
  const seqRatio = report(`${SEQUENTIAL_PODS} pods one at a time`, seq, b, containers, floors.dockerRun, floors.pairSequential);
  console.log(`    ${await seqCpu()}`);
  await deleteAll(b, 'seq-');
  return [ratio, seqRatio];
}

async function idlePhase(b: Bench, label: string, agent: AgentProcess, prefix: string): Promise<[number, number]> {
  const rss0 = await idleReading(`${label}, 0 pods`, agent.pid);
  const names = Array.from({ length: IDLE_PODS }, (_, i) => `${prefix}-${i}`);
  let next = 0;
  await Promise.all(Array.from({ length: CREATORS }, async () => {
    while (next < names.length) await createAndWait(b, names[next++]!);
  }));
  await until(`${IDLE_PODS} pods Running`, () => names.every((n) => b.times.get(n)?.running) || undefined);
  const rss = await idleReading(`${label}, ${names.filter((n) => b.times.get(n)?.running).length} pods Running`, agent.pid);
  console.log(`  ${label}: ${rssVerdict(rss)} with ${IDLE_PODS} pods; ${mib(rss - rss0)} above 0 pods`);
  await deleteAll(b, `${prefix}-`);
  return [rss0, rss];
}

async function fetchBundle(cp: ControlPlane, dir: string): Promise<string> {
  const body = await new Promise<Buffer>((resolve, reject) => {
    https.get(cp.url + AGENT_BUNDLE_PATH, { ca: cp.caCertPem, headers: { Authorization: `Bearer ${cp.adminToken}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${AGENT_BUNDLE_PATH}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`))));
    }).on('error', reject);
  });
  const file = path.join(dir, 'agent.mjs');
  await writeFile(file, body);
  console.log(`  agent bundle: ${(body.length / 2 ** 20).toFixed(1)} MiB, run as node ${file}`);
  return file;
}

async function main(): Promise<void> {
  await run('docker', ['version', '--format', '{{.Server.Version}}']);
  await run('docker', ['image', 'inspect', TEST_IMAGE]).catch(() => {
    throw new Error(`${TEST_IMAGE} is missing: .ci/run (or any Docker test suite) imports it`);
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-bench-agent-'));
  const dataDir = path.join(dir, 'data');
  console.log(`Agent benchmark${QUICK ? ' (--quick)' : ''}: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared with the control plane `
    + `(in this process), the Docker engine and whatever else runs on this machine; node ${process.version}`);
  const cp = await startControlPlane({ dataDir, listen: '127.0.0.1:0', controllers: true, log: () => {} });
  const client = createHttpClient({ server: cp.url, token: cp.adminToken, caCertPem: cp.caCertPem });
  const informers = createInformerFactory(client, () => {});
  const b: Bench = { cp, client, times: new Map(), pods: new Map(), joinArgs: await joinArgs(dataDir) };
  const seen = (p: Pod) => {
    const name = p.metadata.name ?? '';
    b.pods.set(name, p);
    const t = b.times.get(name);
    if (!t) return;
    const now = Date.now();
    if (p.spec?.nodeName && !t.bound) t.bound = now;
    if (isRunningReady(p) && !t.running) t.running = now;
  };
  const podInformer = informers.informer<Pod>(R.pods);
  podInformer.addHandlers({ add: seen, update: (_, p) => seen(p), delete: (p) => b.pods.delete(p.metadata.name ?? '') });
  informers.start();
  const events = watchDockerEvents();
  let agent: AgentProcess | undefined;
  const summary: string[] = [];
  try {
    await client.create(R.namespaces, undefined, { metadata: { name: NS } });
    await podInformer.synced();

    console.log('\nAgent through tsx (node cli/bin.mjs agent …):');
    agent = startAgent([FLOTILLA_BIN, 'agent', ...b.joinArgs, '--data-dir', path.join(dir, 'agent-tsx')]);
    console.log(`  joined and Ready in ${ms(await nodeReady(b, agent))}`);
    const [rssTsx0, rssTsx] = await idlePhase(b, 'tsx agent', agent, 'idle-tsx');

    console.log('\nPod startup (tsx agent, docker driver):');
    const [ratio, seqRatio] = await startupPhase(b, events.times, await floor(), agent.pid);
    const after = await readProc(agent.pid);
    console.log(`  tsx agent after the startup runs: RSS ${mib(after.rssKiB)}, peak since start ${mib(after.hwmKiB)}`);
    summary.push(`pod startup p50 ÷ docker run p50, ${CREATORS} creators: ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'met' : 'not met'}); `
      + `one at a time: ${seqRatio.toFixed(2)} (${seqRatio <= TARGET_RATIO ? 'met' : 'not met'})`);
    summary.push(`tsx agent RSS with ${IDLE_PODS} pods: ${rssVerdict(rssTsx)}; with 0 pods ${mib(rssTsx0)}`);
    await agent.stop();
    agent = undefined;
    await client.delete(R.nodes, undefined, NODE).catch(() => undefined);

    console.log('\nAgent as the served bundle (node agent.mjs agent …):');
    const bundleDir = path.join(dir, 'bundle');
    const bundle = await fetchBundle(cp, await mkdtemp(bundleDir));
    agent = startAgent([bundle, 'agent', ...b.joinArgs, '--data-dir', path.join(dir, 'agent-bundle')]);
    console.log(`  joined and Ready in ${ms(await nodeReady(b, agent))}`);
    const [rssBundle0, rssBundle] = await idlePhase(b, 'bundle agent', agent, 'idle-bundle');
    summary.push(`bundle agent RSS with ${IDLE_PODS} pods: ${rssVerdict(rssBundle)}; with 0 pods ${mib(rssBundle0)}`);

    console.log('\nSummary:');
    for (const s of summary) console.log(`  ${s}`);
  } finally {
    for (const name of b.pods.keys()) await client.delete(R.pods, NS, name, { gracePeriodSeconds: 0 }).catch(() => undefined);
    await agent?.stop();
    events.stop();
    informers.stop();
    await cp.stop();
    await removeContainers(`label=dev.flotilla.node=${NODE}`);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
