// Node registration against a real control plane, joined with a real bootstrap token:
// the Node's labels, capacity, nodeInfo, addresses and conditions, the Lease heartbeat,
// and re-registration after the Node is deleted. The fake runtime stands in for the engine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, Lease, Node } from '../../../api/types.ts';
import { createHttpClient } from '../../../client/index.ts';
import { joinCluster, readMachineId, type NodeCredential } from '../../../agent/join/index.ts';
import { judgeConditions, nextConditions } from '../../../agent/node/conditions.ts';
import { startNodeStatus, type NodeStatusHandle } from '../../../agent/node/index.ts';
import { microTime } from '../../../agent/node/lease.ts';
import { createFakeRuntime, type FakeRuntime } from '../../../agent/runtime/fake/index.ts';
import { startStats, type NodeReadings, type Stats } from '../../../agent/stats/index.ts';
import { bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken } from '../../../electron/control-plane/join/index.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

const NODE = 'node-status-test';
const GiB = 1024 ** 3;

async function bootstrapToken(c: TestCluster): Promise<string> {
  const token = generateBootstrapToken();
  const r = await c.api('POST', '/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret({ token, ttlMs: 600_000 }));
  if (r.status !== 201) throw new Error(`creating the bootstrap token: ${r.body.message}`);
  return formatBootstrapToken(token);
}

describe('node registration and status against a real control plane', () => {
  let c: TestCluster;
  let dataDir: string;
  let credential: NodeCredential;
  let runtime: FakeRuntime;
  let stats: Stats;
  let status: NodeStatusHandle;
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);
  const getNode = async () => (await c.api('GET', `/api/v1/nodes/${NODE}`)).body as unknown as Node & KubeObject;
  const getLease = async () => (await c.api('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${NODE}`)).body as unknown as Lease & KubeObject;

  beforeAll(async () => {
    c = await startTestCluster();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-node-'));
    credential = await joinCluster({ server: c.cp.url, token: await bootstrapToken(c), caCertHash: c.cp.caCertHash, nodeName: NODE, machineId: await readMachineId(), dataDir });
    runtime = createFakeRuntime({ agentId: 'node-status-test', nodeName: NODE, log });
    stats = await startStats({ runtime, nodeName: NODE, dataDir, intervalSeconds: 0.2, log });
    status = await startNodeStatus({
      client: createHttpClient(credential), nodeName: NODE, runtime, dataDir, stats, log, agentVersion: '0.1.0-test',
      statusUpdateIntervalMs: 100, statusReportIntervalMs: 1_000, leaseRenewIntervalMs: 100,
    });
  }, 60_000);

  afterAll(async () => {
    status?.stop();
    stats?.stop();
    await runtime?.close();
    await c?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('joined with a real bootstrap token and got a node credential', () => {
    expect(credential.nodeName).toBe(NODE);
    expect(credential.caCertPem).toBe(c.cp.caCertPem);
    expect(credential.token.length).toBeGreaterThan(20);
  });

  it('refuses an unknown bootstrap token with the server\'s message', async () => {
    await expect(joinCluster({ server: c.cp.url, token: 'zzzzzz.zzzzzzzzzzzzzzzz', caCertHash: c.cp.caCertHash, nodeName: 'other', machineId: 'm2', dataDir: path.join(dataDir, 'other') }))
      .rejects.toThrow(/token/);
  });

  it('registers the Node with labels, capacity, allocatable, nodeInfo and addresses', async () => {
    const node = await eventually('the Node registered', async () => {
      const n = await getNode();
      return n.status?.nodeInfo ? n : undefined;
    });
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': NODE, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': process.arch === 'x64' ? 'amd64' : process.arch });
    expect(node.metadata.annotations?.['flotilla.dev/agent-version']).toBe('0.1.0-test');
    const cap = node.status!.capacity!;
    expect(cap.cpu).toBe(String(os.cpus().length));
    expect(cap.pods).toBe('110');
    expect(cap.memory).toBe(`${Math.floor(os.totalmem() / 1024)}Ki`);
    expect(cap['ephemeral-storage']).toMatch(/^[1-9]\d*Ki$/);
    expect(node.status!.allocatable!.memory).toBe(`${Math.floor((os.totalmem() - 100 * 1024 * 1024) / 1024)}Ki`);
    const info = node.status!.nodeInfo!;
    expect(info.containerRuntimeVersion).toBe('fake://1.0.0');
    expect(info.kubeletVersion).toBe('v1.32.0-flotilla');
    expect(info.operatingSystem).toBe('linux');
    expect(info.kernelVersion).toBe(os.release());
    expect(info.machineID).toBe(await readMachineId());
    expect(info.osImage).not.toBe('');
    expect(info.bootID).toMatch(/^[0-9a-f-]{36}$/);
    expect(node.status!.addresses).toEqual([{ type: 'InternalIP', address: status.nodeIP }, { type: 'Hostname', address: os.hostname() }]);
    expect(status.nodeIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(node.status!.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250);
    const kubectl = await c.kubectl(['get', 'node', NODE, '-o', 'wide']);
    expect(kubectl.stdout).toMatch(new RegExp(`${NODE}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.0-flotilla\\s+${status.nodeIP.replace(/\./g, '\\.')}`));
  });

  it('reports the four kubelet conditions with upstream\'s reasons, heartbeats without transitions', async () => {
    const first = await getNode();
    const conditions = first.status!.conditions!;
    expect(conditions.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
    expect(conditions.find((x) => x.type === 'Ready')!.message).toBe('kubelet is posting ready status');
    const ready = conditions.find((x) => x.type === 'Ready')!;
    const later = await eventually('a newer heartbeat', async () => {
      const r = (await getNode()).status!.conditions!.find((x) => x.type === 'Ready')!;
      return r.lastHeartbeatTime !== ready.lastHeartbeatTime ? r : undefined;
    });
    expect(later.lastTransitionTime).toBe(ready.lastTransitionTime);
  });

  it('renews its Lease, owned by the Node', async () => {
    const node = await getNode();
    const lease = await eventually('the Lease owned by the Node', async () => {
      const l = await getLease();
      return l.metadata.ownerReferences?.[0]?.uid === node.metadata.uid ? l : undefined;
    });
    expect(lease.spec).toMatchObject({ holderIdentity: NODE, leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: NODE, uid: node.metadata.uid }]);
    expect(lease.spec!.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const renewed = await eventually('a later renewTime', async () => {
      const l = await getLease();
      return Date.parse(l.spec!.renewTime!) > Date.parse(lease.spec!.renewTime!) ? l : undefined;
    });
    expect(Number(renewed.metadata.resourceVersion)).toBeGreaterThan(Number(lease.metadata.resourceVersion));
  });

  it('registers again when the Node is deleted', async () => {
    const before = await getNode();
    const del = await c.api('DELETE', `/api/v1/nodes/${NODE}`);
    expect(del.status).toBe(200);
    const again = await eventually('the Node back', async () => {
      const r = await c.api('GET', `/api/v1/nodes/${NODE}`);
      const n = r.body as unknown as Node & KubeObject;
      return r.status === 200 && n.metadata.uid !== before.metadata.uid && n.status?.conditions ? n : undefined;
    });
    expect(again.status!.conditions!.find((x) => x.type === 'Ready')!.status).toBe('True');
    expect(logs).toContain(`node ${NODE} was deleted; registering it again`);
  });
});

describe('judging conditions', () => {
  const healthy: NodeReadings = {
    time: 0, cpuCores: 2, cpuUsageCoreNanoSeconds: 1, cpuUsageNanoCores: 1,
    memoryTotalBytes: 4 * GiB, memoryAvailableBytes: 2 * GiB, memoryUsageBytes: 2 * GiB, memoryWorkingSetBytes: 2 * GiB,
    fs: { capacityBytes: 1000, usedBytes: 500, availableBytes: 500 },
    pids: { running: 100, max: 1000 },
  };

  it('reports pressure past the eviction thresholds, and NotReady when the runtime is down', () => {
    const judged = judgeConditions({ ...healthy, memoryAvailableBytes: 99 * 1024 * 1024, fs: { capacityBytes: 1000, usedBytes: 950, availableBytes: 50 }, pids: { running: 901, max: 1000 } }, 'connect ENOENT /var/run/docker.sock');
    expect(judged).toEqual([
      { type: 'MemoryPressure', status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' },
      { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' },
      { type: 'PIDPressure', status: 'True', reason: 'KubeletHasInsufficientPID', message: 'kubelet has insufficient PID available' },
      { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down: connect ENOENT /var/run/docker.sock' },
    ]);
    expect(judgeConditions(healthy, undefined).map((j) => j.status)).toEqual(['False', 'False', 'False', 'True']);
  });

  it('moves lastTransitionTime only when a status changes, and keeps others\' conditions', () => {
    const t0 = '2024-01-01T00:00:00Z';
    const first = nextConditions([{ type: 'NetworkUnavailable', status: 'False', lastTransitionTime: t0 }], judgeConditions(healthy, undefined), t0);
    const second = nextConditions(first, judgeConditions(healthy, 'down'), '2024-01-01T00:01:00Z');
    expect(second[0]).toEqual({ type: 'NetworkUnavailable', status: 'False', lastTransitionTime: t0 });
    const ready = second.find((x) => x.type === 'Ready')!;
    expect([ready.lastTransitionTime, ready.lastHeartbeatTime]).toEqual(['2024-01-01T00:01:00Z', '2024-01-01T00:01:00Z']);
    expect(second.find((x) => x.type === 'MemoryPressure')!.lastTransitionTime).toBe(t0);
  });

  it('writes renewTime as a MicroTime', () => {
    expect(microTime(new Date('2024-05-06T07:08:09.123Z'))).toBe('2024-05-06T07:08:09.123000Z');
  });
});
