// The scheduling framework's extension points, after upstream's
// pkg/scheduler/framework/interface.go: a plugin implements the points it needs,
// reads the cluster only through a Snapshot and keeps per-pod data in a CycleState.
import type { Labels } from '../../../../api/labels.ts';
import type { KubeObject, Node as ApiNode, Pod as ApiPod } from '../../../../api/types.ts';
import type { CycleState } from './cycle-state.ts';
import type { NodeInfo, PodInfo } from './node-info.ts';

export type Pod = ApiPod & KubeObject;
export type Node = ApiNode & KubeObject;

/** The highest score a plugin gives after normalisation (upstream's MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/**
 * Why a plugin rejects a pod. Unschedulable may change if pods go away (preemption
 * can help); UnschedulableAndUnresolvable may not; Error is a failure of the plugin itself.
 */
export type RejectionCode = 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export interface Rejection {
  readonly code: RejectionCode;
  readonly reasons: readonly string[];
}

/** A rejection with the plugin that gave it, as the framework records it per node. */
export interface Status extends Rejection {
  readonly plugin: string;
}

export function unschedulable(...reasons: string[]): Rejection {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): Rejection {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/** The cluster as one scheduling cycle sees it. */
export interface Snapshot {
  /** Nodes in a stable order (the round-robin start index walks it). */
  readonly nodes: readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** A namespace's labels, for affinity terms with a namespaceSelector. */
  namespaceLabels(namespace: string): Labels | undefined;
  /** How many nodes hold an image (normalised name), for ImageLocality's spread factor. */
  nodesWithImage(image: string): number;
}

export interface NodeScore {
  readonly name: string;
  score: number;
}

export interface PostFilterResult {
  /** Set when preemption chose a node: the preemptor waits for it there. '' clears an earlier nomination. */
  nominatedNodeName?: string;
  /** Pods to delete so that the preemptor fits on the nominated node. */
  victims?: readonly PodInfo[];
  /** Why nothing was done; ends the FailedScheduling message. */
  message?: string;
}

/**
 * One plugin; it implements the extension points it takes part in. PreFilter and
 * PreScore compute per-pod state once; Filter and Score then read it per node.
 */
export interface Plugin {
  readonly name: string;
  preFilter?(state: CycleState, pod: Pod, snapshot: Snapshot): Rejection | undefined;
  filter?(state: CycleState, pod: Pod, node: NodeInfo): Rejection | undefined;
  postFilter?(state: CycleState, pod: Pod, snapshot: Snapshot, statuses: ReadonlyMap<string, Status>): PostFilterResult;
  preScore?(state: CycleState, pod: Pod, feasible: readonly NodeInfo[], snapshot: Snapshot): void;
  /** A raw score; normalizeScore (or the plugin's own range) brings it to 0–MAX_NODE_SCORE. */
  score?(state: CycleState, pod: Pod, node: NodeInfo): number;
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

/** What plugins may ask of the framework running them (upstream's framework.Handle). */
export interface FrameworkHandle {
  /** Runs every PreFilter plugin; undefined when all pass. */
  runPreFilter(state: CycleState, pod: Pod, snapshot: Snapshot): Status | undefined;
  /** Runs the Filter plugins on one node, stopping at the first rejection. */
  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined;
  /** The pod's effective priority (spec.priority, or its PriorityClass's value). */
  priorityOf(pod: Pod): number;
}

export type PluginFactory = (args: unknown, handle: FrameworkHandle) => Plugin;
