// The agent as a user meets it: a control plane, `flotilla token create`, a
// `flotilla agent` process joined with the printed command, and real kubectl
// running pods on it, with the Docker runtime and with the process runtime.
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.ts';
import { createJoinToken, startAgentProcess, type AgentProcess, type JoinArgs } from '../helpers/agent-process.ts';
import { KUBECTL, startTestCluster, type TestCluster } from '../helpers/cluster.ts';
import { describeDocker, TEST_IMAGE } from '../helpers/docker.ts';
import { eventually } from '../helpers/eventually.ts';
import { httpGetText } from '../helpers/http.ts';

const run = promisify(execFile);

/** Short enough that "the node turns Unknown" happens within a test, and twice the agent's 10 s Lease renewal. */
const CONTROLLERS = { nodeMonitorGracePeriodMs: 20_000, resyncPeriodMs: 1_000 };

async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args)).stdout.trim();
}

function containersOf(pod: string, container?: string): Promise<string> {
  const filters = ['--filter', `label=io.kubernetes.pod.name=${pod}`];
  if (container) filters.push('--filter', `label=io.kubernetes.container.name=${container}`);
  return docker('ps', '-q', ...filters);
}

async function pod(c: TestCluster, name: string): Promise<Pod> {
  const r = await c.api('GET', `/api/v1/namespaces/default/pods/${name}`);
  return r.body as unknown as Pod;
}

function running(c: TestCluster, name: string, timeoutMs = 60_000): Promise<Pod> {
  return eventually(`pod ${name} Running and Ready`, async () => {
    const p = await pod(c, name);
    return p.status?.phase === 'Running' && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ? p : undefined;
  }, timeoutMs);
}

/** kubectl that keeps running (logs -f, port-forward): resolves once `until` matches its stdout. */
function kubectlUntil(c: TestCluster, args: string[], until: RegExp, timeoutMs = 20_000): Promise<{ match: RegExpExecArray; output: string; stop(): void }> {
  const child = spawn(c.kubectlPath, ['--kubeconfig', c.cp.kubeconfigPath, '--cache-dir', path.join(c.dir, 'kube-cache'), ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: c.dir },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`kubectl ${args.join(' ')} did not print ${until}; got:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const match = until.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({ match, output: out, stop: () => child.kill() });
    };
    child.stdout.on('data', (d: Buffer) => ((out += d), check()));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`kubectl ${args.join(' ')} ended early:\n${out}`));
    });
  });
}


interface Harness {
  c: TestCluster;
  join: JoinArgs;
  agentDir: string;
  agent: AgentProcess;
  nodeName: string;
}

async function startHarness(runtime: 'docker' | 'process', nodeName: string): Promise<Harness> {
  const c = await startTestCluster(KUBECTL, { controllers: CONTROLLERS });
  const join = await createJoinToken(c);
  const agentDir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-agent-'));
  const agent = startAgentProcess(['--server', join.server, '--token', join.token, '--ca-cert-hash', join.caCertHash, '--name', nodeName, '--runtime', runtime, '--data-dir', agentDir]);
  await eventually(`node ${nodeName} Ready`, async () => {
    const n = (await c.api('GET', `/api/v1/nodes/${nodeName}`)).body as unknown as Node;
    return n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
  }, 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\nagent output:\n${agent.output()}`);
  });
  return { c, join, agentDir, agent, nodeName };
}

/** Runs `check`, and when it fails adds what a person would look at: the pod, its events, the agent's output. */
async function explained<T>(h: Harness, podName: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err) {
    const status = await h.c.kubectl(['get', 'pod', podName, '-o', 'jsonpath={.status}']);
    const events = await h.c.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${podName}`]);
    throw new Error(`${(err as Error).message}\npod status: ${status.stdout}${status.stderr}\nevents:\n${events.stdout}\nagent output (last 3000 chars):\n${h.agent.output().slice(-3000)}`);
  }
}

async function stopHarness(h: Harness | undefined, cleanupLabel: string): Promise<void> {
  if (!h) return;
  await h.agent.stop();
  await h.c.stop();
  await rm(h.agentDir, { recursive: true, force: true });
  if (cleanupLabel) {
    const ids = await docker('ps', '-aq', '--filter', `label=dev.flotilla.node=${cleanupLabel}`).catch(() => '');
    if (ids) await docker('rm', '-f', ...ids.split('\n')).catch(() => undefined);
  }
}

const LOOP = `echo started; i=0; while true; do echo "line $i"; i=$((i+1)); sleep 1; done`;

describeDocker('an agent on Docker, driven by kubectl', () => {
  let h: Harness;
  const node = 'accept-docker';
  beforeAll(async () => {
    h = await startHarness('docker', node);
  }, 120_000);
  afterAll(() => stopHarness(h, node), 60_000);

  it('registers a Node with real capacity, addresses and nodeInfo', async () => {
    const n = (await h.c.api('GET', `/api/v1/nodes/${node}`)).body as unknown as Node;
    expect(Number(n.status?.capacity?.cpu)).toBe(os.cpus().length);
    expect(n.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^docker:\/\/\d/);
    expect(n.status?.addresses?.map((a) => a.type)).toEqual(expect.arrayContaining(['InternalIP', 'Hostname']));
    expect(n.metadata?.labels?.['kubernetes.io/os']).toBe('linux');
    const get = await h.c.kubectl(['get', 'nodes', '-o', 'wide']);
    expect(get.stdout).toMatch(new RegExp(`${node}\\s+Ready`));
  });

  it('runs a busybox pod, and kubectl logs reads it with -f, --tail and --timestamps', async () => {
    const r = await h.c.kubectl(['run', 'bb', `--image=${TEST_IMAGE}`, '--image-pull-policy=IfNotPresent', '--', 'sh', '-c', LOOP]);
    expect(r.stderr).toBe('');
    await running(h.c, 'bb');
    await eventually('three log lines', async () => (await h.c.kubectl(['logs', 'bb'])).stdout.includes('line 2'));
    const tail = await h.c.kubectl(['logs', 'bb', '--tail=1']);
    expect(tail.stdout.trim().split('\n')).toHaveLength(1);
    const stamped = await h.c.kubectl(['logs', 'bb', '--timestamps', '--tail=2']);
    for (const line of stamped.stdout.trim().split('\n')) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line \d+$/);
    const follow = await kubectlUntil(h.c, ['logs', '-f', 'bb', '--tail=1'], /line (\d+)\n[\s\S]*line (\d+)\n/);
    follow.stop();
    expect(Number(follow.match[2])).toBeGreaterThan(Number(follow.match[1]));
  }, 90_000);

  it('kubectl exec returns the command\'s exit code, and -it works through a terminal', async () => {
    const ok = await h.c.kubectl(['exec', 'bb', '--', 'sh', '-c', 'echo from-exec']);
    expect(ok.stdout.trim()).toBe('from-exec');
    const failed = await h.c.kubectl(['exec', 'bb', '--', 'sh', '-c', 'exit 3']);
    expect(failed.code).toBe(3);
    const kubectl = [h.c.kubectlPath, '--kubeconfig', h.c.cp.kubeconfigPath, '--cache-dir', path.join(h.c.dir, 'kube-cache'), 'exec', '-it', 'bb', '--', 'sh', '-c', 'tty && echo tty-ok'].join(' ');
    const { stdout } = await run('script', ['-qec', kubectl, '/dev/null'], { timeout: 30_000 });
    expect(stdout).toContain('tty-ok');
    expect(stdout).toMatch(/\/dev\/pts\//);
  }, 60_000);

  it('kubectl port-forward serves an HTTP request from a busybox httpd', async () => {
    const r = await h.c.kubectl(['run', 'web', `--image=${TEST_IMAGE}`, '--image-pull-policy=IfNotPresent', '--port=8080', '--', 'sh', '-c', 'mkdir -p /www && echo hello-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www']);
    expect(r.code).toBe(0);
    await running(h.c, 'web');
    const pf = await kubectlUntil(h.c, ['port-forward', 'pod/web', ':8080'], /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/);
    try {
      expect((await httpGetText(Number(pf.match[1]))).trim()).toBe('hello-from-httpd');
    } finally {
      pf.stop();
    }
  }, 90_000);

  it('kubectl top prints real numbers for the node and the pods', async () => {
    const nodes = await eventually('kubectl top nodes', async () => {
      const t = await h.c.kubectl(['top', 'nodes']);
      return t.code === 0 && t.stdout.includes(node) ? t.stdout : undefined;
    }, 40_000);
    expect(nodes).toMatch(new RegExp(`${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`));
    const pods = await eventually('kubectl top pods', async () => {
      const t = await h.c.kubectl(['top', 'pods']);
      return t.code === 0 && t.stdout.includes('bb') ? t.stdout : undefined;
    }, 40_000);
    expect(pods).toMatch(/bb\s+\d+m\s+\d+Mi/);
  }, 90_000);

  it('restarts a container whose process was killed, counting the restart', async () => {
    const before = await containersOf('bb', 'bb');
    await docker('kill', '--signal', 'KILL', before);
    const p = await eventually('bb restarted', async () => {
      const x = await pod(h.c, 'bb');
      return x.status?.containerStatuses?.[0]?.restartCount === 1 && x.status.containerStatuses[0].state?.running ? x : undefined;
    }, 60_000);
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(137);
    const previous = await h.c.kubectl(['logs', 'bb', '--previous', '--tail=1']);
    expect(previous.stdout).toMatch(/line \d+/);
  }, 90_000);

  it('a failing liveness probe restarts the container', async () => {
    const manifest = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'live' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{
          name: 'live', image: TEST_IMAGE, imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', 'touch /tmp/healthy; sleep 4; rm /tmp/healthy; sleep 3600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
        }],
      },
    };
    expect((await h.c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(manifest) })).code).toBe(0);
    await explained(h, 'live', () => eventually('live restarted by its probe', async () => (await pod(h.c, 'live')).status?.containerStatuses?.[0]?.restartCount === 1, 60_000));
    const events = await h.c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=live']);
    expect(events.stdout).toMatch(/Unhealthy/);
  }, 90_000);

  it('deleting a pod removes its containers within the grace period', async () => {
    await h.c.kubectl(['delete', 'pod', 'live', '--grace-period=2', '--wait=false']);
    await eventually('live\'s containers gone', async () => (await containersOf('live')) === '', 15_000);
    await eventually('live gone from the API', async () => (await h.c.api('GET', '/api/v1/namespaces/default/pods/live')).status === 404, 15_000);
  }, 30_000);

  it('an agent restart adopts its containers: nothing restarts', async () => {
    const before = await containersOf('bb', 'bb');
    const restarts = (await pod(h.c, 'bb')).status?.containerStatuses?.[0]?.restartCount;
    await h.agent.stop();
    h.agent = startAgentProcess(['--runtime', 'docker', '--data-dir', h.agentDir, '--name', node]);
    await eventually('agent back', async () => (await h.c.api('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`)).body.spec !== undefined);
    // Give the new agent's pod workers a few syncs to do something wrong.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(await containersOf('bb', 'bb')).toBe(before);
    expect((await pod(h.c, 'bb')).status?.containerStatuses?.[0]?.restartCount).toBe(restarts);
  }, 60_000);

  it('a stopped agent\'s node turns Unknown while its containers keep running', async () => {
    const before = await containersOf('bb', 'bb');
    await h.agent.stop();
    await eventually('node Unknown', async () => {
      const n = (await h.c.api('GET', `/api/v1/nodes/${node}`)).body as unknown as Node;
      return n.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'Unknown';
    }, 40_000);
    expect(await containersOf('bb', 'bb')).toBe(before);
  }, 60_000);
});

describe('an agent with the process runtime, driven by kubectl', () => {
  let h: Harness;
  const node = 'accept-process';
  beforeAll(async () => {
    h = await startHarness('process', node);
  }, 120_000);
  afterAll(() => stopHarness(h, ''), 60_000);

  it('runs a pod as host processes: logs, exec exit codes, restart after a kill, deletion', async () => {
    const marker = `flotilla-accept-${process.pid}`;
    const r = await h.c.kubectl(['run', 'proc', '--image=host', '--', 'sh', '-c', `${LOOP} # ${marker}`]);
    expect(r.code).toBe(0);
    await explained(h, 'proc', () => running(h.c, 'proc'));
    const n = (await h.c.api('GET', `/api/v1/nodes/${node}`)).body as unknown as Node;
    expect(n.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^process:\/\//);
    await explained(h, 'proc', () => eventually('proc logs', async () => (await h.c.kubectl(['logs', 'proc', '--tail=1'])).stdout.includes('line')));
    expect((await h.c.kubectl(['exec', 'proc', '--', 'sh', '-c', 'exit 3'])).code).toBe(3);
    expect((await h.c.kubectl(['exec', 'proc', '--', 'sh', '-c', 'echo $HOSTNAME-ok'])).stdout).toMatch(/-ok/);

    const pids = (await run('pgrep', ['-f', marker])).stdout.trim().split('\n');
    for (const pid of pids) process.kill(Number(pid), 'SIGKILL');
    await explained(h, 'proc', () => eventually('proc restarted', async () => (await pod(h.c, 'proc')).status?.containerStatuses?.[0]?.restartCount === 1, 60_000));

    await h.c.kubectl(['delete', 'pod', 'proc', '--grace-period=2', '--wait=false']);
    await eventually('proc gone', async () => (await h.c.api('GET', '/api/v1/namespaces/default/pods/proc')).status === 404, 20_000);
  }, 120_000);
});
