// Small builders for scheduler unit tests: nodes, pods and a snapshot holding them.
import type { Container, PodSpec, Taint } from '../../api/types.ts';
import { SchedulerCache } from '../../electron/control-plane/scheduler/cache/cache.ts';
import { CycleState } from '../../electron/control-plane/scheduler/framework/cycle-state.ts';
import type { NodeInfo } from '../../electron/control-plane/scheduler/framework/node-info.ts';
import { Framework } from '../../electron/control-plane/scheduler/framework/runtime.ts';
import type { Node, Plugin, Pod, Rejection, Snapshot } from '../../electron/control-plane/scheduler/framework/types.ts';
import { registry } from '../../electron/control-plane/scheduler/plugins/registry.ts';
import { defaultProfile } from '../../electron/control-plane/scheduler/profile.ts';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { capacity: allocatable, allocatable, images: o.images },
  };
}

export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  priority?: number;
  spec?: Partial<PodSpec>;
  containers?: Container[];
}

let uid = 0;

export function makePod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', uid: `pod-${name}-${++uid}`, labels: o.labels, creationTimestamp: new Date(1_700_000_000_000 + uid * 1000).toISOString() },
    spec: {
      containers: o.containers ?? [{ name: 'c', image: 'nginx', resources: { requests } }],
      nodeName: o.nodeName,
      priority: o.priority ?? 0,
      ...o.spec,
    },
    status: { phase: 'Pending' },
  };
}

/** A snapshot of these nodes, with pods placed on the node their spec.nodeName names. */
export function snapshotOf(nodes: Node[], pods: Pod[] = [], nsLabels: Record<string, Record<string, string>> = {}): SchedulerCache {
  const cache = new SchedulerCache((ns) => nsLabels[ns]);
  for (const n of nodes) cache.setNode(n);
  for (const p of pods) cache.addPod(p);
  return cache;
}

export function infoOf(snapshot: Snapshot, name: string): NodeInfo {
  const info = snapshot.get(name);
  if (!info) throw new Error(`no node ${name}`);
  return info;
}

/** PreFilter then Filter of one plugin for each node: node name → rejection (undefined = fits). */
export function filterAll(plugin: Plugin, pod: Pod, snapshot: Snapshot): Record<string, Rejection | undefined> {
  const state = new CycleState();
  const pre = plugin.preFilter?.(state, pod, snapshot);
  const out: Record<string, Rejection | undefined> = {};
  for (const node of snapshot.nodes) out[node.name] = pre ?? plugin.filter?.(state, pod, node);
  return out;
}

/** PreScore, Score and NormalizeScore of one plugin over all nodes: node name → score. */
export function scoreAll(plugin: Plugin, pod: Pod, snapshot: Snapshot): Record<string, number> {
  const state = new CycleState();
  plugin.preScore?.(state, pod, snapshot.nodes, snapshot);
  const scores = snapshot.nodes.map((n) => ({ name: n.name, score: plugin.score!(state, pod, n) }));
  plugin.normalizeScore?.(state, pod, scores);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}

export function defaultFramework(priorityOf: (pod: Pod) => number = (p) => p.spec?.priority ?? 0): Framework {
  return new Framework(defaultProfile(), registry, priorityOf);
}
