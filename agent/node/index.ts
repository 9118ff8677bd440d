// Registers this machine's Node and keeps its status true: capacity, addresses,
// nodeInfo and conditions checked every 10 s and posted when they change or a minute
// has passed (the heartbeat), while the Lease carries the frequent sign of life.
import { NODE_SHELL_ANNOTATION, NODE_SHELL_ENABLED } from '../../api/node-shell.ts';
import { StatusError } from '../../api/status.ts';
import type { KubeObject, Node, NodeStatus as ApiNodeStatus } from '../../api/types.ts';
import type { Client, ResourceRef } from '../../client/types.ts';
import { readMachineId } from '../join/identity.ts';
import type { Runtime } from '../runtime/types.ts';
import { defaultInterface, type Stats } from '../stats/index.ts';
import { nodeAddresses, nodeIPOf } from './addresses.ts';
import { judgeConditions, MEMORY_AVAILABLE_MIN_BYTES, nextConditions, NODEFS_AVAILABLE_MIN_FRACTION } from './conditions.ts';
import { startLease } from './lease.ts';
import { KUBELET_VERSION, nodeLabels, readSystemInfo } from './system.ts';

export { KUBELET_VERSION } from './system.ts';

type NodeObject = Node & KubeObject;

const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
export const KUBELET_PORT = 10250;
export const MAX_PODS = 110;
const AGENT_VERSION_ANNOTATION = 'flotilla.dev/agent-version';
const RUNTIME_TIMEOUT_MS = 5_000;
const REGISTER_RETRY_MAX_MS = 30_000;
/** The default route rarely moves; a new one shows in the addresses within a minute. */
const INTERFACE_REFRESH_MS = 60_000;

export interface NodeStatusOptions {
  client: Client;
  nodeName: string;
  runtime: Runtime;
  dataDir: string;
  stats: Stats;
  log: (line: string) => void;
  agentVersion: string;
  /** Advertise the node shell (NODE_SHELL_ANNOTATION). */
  nodeShell?: boolean;
  /** How often the status is judged (upstream's nodeStatusUpdateFrequency). */
  statusUpdateIntervalMs?: number;
  /** How often it is posted when nothing changed (upstream's nodeStatusReportFrequency). */
  statusReportIntervalMs?: number;
  leaseRenewIntervalMs?: number;
}

export interface NodeStatusHandle {
  /** The address pods' ports are published on and Endpoints point to. */
  nodeIP: string;
  /** The Node as last written by this agent; undefined until registered. */
  node(): NodeObject | undefined;
  stop(): void;
}

/** A runtime that does not answer within the timeout counts as down: the status loop must not hang on it. */
async function askRuntime(runtime: Runtime): Promise<{ version: string } | { down: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const v = await Promise.race([
      runtime.version(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${RUNTIME_TIMEOUT_MS / 1000}s`)), RUNTIME_TIMEOUT_MS))),
    ]);
    return { version: `${v.runtimeName}://${v.runtimeVersion}` };
  } catch (err) {
    return { down: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Everything but heartbeat times: posting is due when this differs from what was posted. */
function signature(status: ApiNodeStatus): string {
  const conditions = status.conditions?.map(({ lastHeartbeatTime: _h, lastTransitionTime: _t, ...c }) => c);
  return JSON.stringify({ ...status, conditions });
}

export async function startNodeStatus(opts: NodeStatusOptions): Promise<NodeStatusHandle> {
  const { client, nodeName, log } = opts;
  const updateInterval = opts.statusUpdateIntervalMs ?? 10_000;
  const reportInterval = opts.statusReportIntervalMs ?? 60_000;
  const system = await readSystemInfo(await readMachineId());
  let iface = await defaultInterface();
  let ifaceCheckedAt = Date.now();
  const nodeIP = nodeIPOf(iface);
  let runtimeVersion = '';
  let current: NodeObject | undefined;
  let postedSignature = '';
  let postedAt = 0;
  let forcePost = false;
  let failures = 0;
  let lastError = '';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function desiredStatus(previous: ApiNodeStatus | undefined): Promise<ApiNodeStatus> {
    const answer = await askRuntime(opts.runtime);
    if ('version' in answer) runtimeVersion = answer.version;
    const r = opts.stats.latestNode();
    const kib = (bytes: number) => `${Math.floor(bytes / 1024)}Ki`;
    return {
      ...previous,
      capacity: {
        cpu: String(r.cpuCores),
        memory: kib(r.memoryTotalBytes),
        'ephemeral-storage': kib(r.fs.capacityBytes),
        pods: String(MAX_PODS),
      },
      // Capacity less the default hard eviction thresholds: what pods may use before the kubelet would evict.
      allocatable: {
        cpu: String(r.cpuCores),
        memory: kib(Math.max(0, r.memoryTotalBytes - MEMORY_AVAILABLE_MIN_BYTES)),
        'ephemeral-storage': String(Math.floor(r.fs.capacityBytes * (1 - NODEFS_AVAILABLE_MIN_FRACTION))),
        pods: String(MAX_PODS),
      },
      conditions: nextConditions(previous?.conditions, judgeConditions(r, 'down' in answer ? answer.down : undefined), new Date().toISOString().replace(/\.\d+Z$/, 'Z')),
      addresses: nodeAddresses(nodeIPOf(iface)),
      daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
      nodeInfo: {
        ...system,
        containerRuntimeVersion: runtimeVersion,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
      },
    };
  }

  function metadata(): NodeObject['metadata'] {
    return {
      name: nodeName,
      labels: nodeLabels(nodeName),
      annotations: {
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'node.alpha.kubernetes.io/ttl': '0',
        [AGENT_VERSION_ANNOTATION]: opts.agentVersion,
        ...(opts.nodeShell ? { [NODE_SHELL_ANNOTATION]: NODE_SHELL_ENABLED } : {}),
      },
    };
  }

  function posted(node: NodeObject): void {
    current = node;
    postedSignature = signature(node.status ?? {});
    postedAt = Date.now();
    forcePost = false;
  }

  /** Creates the Node, or takes over the one a previous run (or an admin) left, keeping others' labels. */
  async function register(): Promise<void> {
    const meta = metadata();
    try {
      posted(await client.create<NodeObject>(NODES, undefined, { apiVersion: 'v1', kind: 'Node', metadata: meta, spec: {}, status: await desiredStatus(undefined) }));
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 409)) throw err;
      // null removes the node shell annotation a run with --node-shell left
      const annotations = { [NODE_SHELL_ANNOTATION]: null, ...meta.annotations };
      const existing = await client.patch<NodeObject>(NODES, undefined, nodeName, 'merge', { metadata: { labels: meta.labels, annotations } });
      posted(await client.updateStatus(NODES, undefined, { ...existing, status: await desiredStatus(existing.status) }));
    }
    log(`registered node ${nodeName}`);
  }

  async function update(): Promise<void> {
    if (!current) return register();
    if (Date.now() - ifaceCheckedAt > INTERFACE_REFRESH_MS) {
      iface = await defaultInterface();
      ifaceCheckedAt = Date.now();
    }
    const status = await desiredStatus(current.status);
    if (!forcePost && signature(status) === postedSignature && Date.now() - postedAt < reportInterval) return;
    try {
      posted(await client.updateStatus(NODES, undefined, { ...current, status }));
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      if (err.code === 404) {
        // Someone deleted the Node: this machine is still a node, so it registers again.
        current = undefined;
        log(`node ${nodeName} was deleted; registering it again`);
        return register();
      }
      if (err.code !== 409) throw err;
      // Another writer (the node lifecycle controller) got in between: judge transitions against what it wrote.
      const fresh = await client.get<NodeObject>(NODES, undefined, nodeName);
      posted(await client.updateStatus(NODES, undefined, { ...fresh, status: await desiredStatus(fresh.status) }));
    }
  }

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms);
  };
  function tick(): void {
    update().then(() => {
      failures = 0;
      lastError = '';
      schedule(updateInterval);
    }, (err: Error) => {
      failures++;
      if (err.message !== lastError) log(`node status: ${err.message}`);
      lastError = err.message;
      schedule(Math.min(updateInterval * failures, REGISTER_RETRY_MAX_MS));
    });
  }
  tick();

  const lease = startLease({
    client,
    nodeName,
    nodeUid: () => current?.metadata.uid,
    log,
    renewIntervalMs: opts.leaseRenewIntervalMs,
    onRenew(ok) {
      // After a failed renewal the controller may have marked the node Unknown: post the truth as soon as it is heard again.
      if (!ok) forcePost = true;
    },
  });

  return {
    nodeIP,
    node: () => current,
    stop() {
      stopped = true;
      clearTimeout(timer);
      lease.stop();
    },
  };
}
