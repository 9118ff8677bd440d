// The scheduler's view of the cluster (upstream's internal/cache): nodes and the
// pods on them, from the informers, plus pods it has assumed onto a node but whose
// binding the API has not confirmed yet. Scheduling cycles run synchronously, so
// the cache itself serves as each cycle's snapshot: nothing changes mid-cycle.
import type { Labels } from '../../../../api/labels.ts';
import { NodeInfo, podInfoOf } from '../framework/node-info.ts';
import type { Node, Pod, Snapshot } from '../framework/types.ts';

interface PodState {
  pod: Pod;
  node: string;
  /** Placed by the scheduler, not yet seen bound through the informer. */
  assumed: boolean;
}

function uidOf(pod: Pod): string {
  return podInfoOf(pod).uid;
}

export class SchedulerCache implements Snapshot {
  /** By node name; an entry may lack its Node while pods still point at a deleted one. */
  private readonly infos = new Map<string, NodeInfo>();
  private readonly pods = new Map<string, PodState>();
  private readonly imageNodeCounts = new Map<string, number>();
  private nodeList: NodeInfo[] | undefined;

  constructor(private readonly nsLabels: (namespace: string) => Labels | undefined = () => undefined) {}

  get nodes(): readonly NodeInfo[] {
    this.nodeList ??= [...this.infos.values()].filter((i) => i.node !== undefined);
    return this.nodeList;
  }

  get(nodeName: string): NodeInfo | undefined {
    const info = this.infos.get(nodeName);
    return info?.node ? info : undefined;
  }

  namespaceLabels(namespace: string): Labels | undefined {
    return this.nsLabels(namespace);
  }

  nodesWithImage(image: string): number {
    return this.imageNodeCounts.get(image) ?? 0;
  }

  // --- nodes ------------------------------------------------------------------

  setNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.infos.get(name);
    if (!info) {
      info = new NodeInfo(name);
      this.infos.set(name, info);
    }
    if (!info.node) this.nodeList = undefined;
    this.countImages(info, -1);
    info.setNode(node);
    this.countImages(info, 1);
  }

  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const info = this.infos.get(name);
    if (!info) return;
    this.countImages(info, -1);
    info.node = undefined;
    info.imageSizes = new Map();
    if (info.pods.length === 0) this.infos.delete(name);
    this.nodeList = undefined;
  }

  private countImages(info: NodeInfo, sign: number): void {
    if (!info.node) return;
    for (const image of info.imageSizes.keys()) this.imageNodeCounts.set(image, (this.imageNodeCounts.get(image) ?? 0) + sign);
  }

  // --- pods -------------------------------------------------------------------

  /** A pod bound to a node (from the informer); confirms an assumption of it. */
  addPod(pod: Pod): void {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    this.detach(uidOf(pod));
    this.attach(pod, nodeName, false);
  }

  removePod(pod: Pod): void {
    this.detach(uidOf(pod));
  }

  /** Places the pod on the node now, so that the next cycle counts it there, before the bind lands. */
  assumePod(pod: Pod, nodeName: string): void {
    const placed: Pod = { ...pod, spec: { ...pod.spec!, nodeName } };
    this.detach(uidOf(pod));
    this.attach(placed, nodeName, true);
  }

  /** Drops an assumption whose binding failed. A confirmed pod stays. */
  forgetPod(pod: Pod): void {
    const uid = uidOf(pod);
    if (this.pods.get(uid)?.assumed) this.detach(uid);
  }

  isAssumed(pod: Pod): boolean {
    return this.pods.get(uidOf(pod))?.assumed ?? false;
  }

  podCount(): number {
    return this.pods.size;
  }

  private attach(pod: Pod, nodeName: string, assumed: boolean): void {
    let info = this.infos.get(nodeName);
    if (!info) {
      info = new NodeInfo(nodeName);
      this.infos.set(nodeName, info);
    }
    info.addPod(podInfoOf(pod));
    this.pods.set(uidOf(pod), { pod, node: nodeName, assumed });
  }

  private detach(uid: string): void {
    const state = this.pods.get(uid);
    if (!state) return;
    this.pods.delete(uid);
    const info = this.infos.get(state.node);
    if (!info) return;
    info.removePod(uid);
    if (!info.node && info.pods.length === 0) this.infos.delete(state.node);
  }
}
