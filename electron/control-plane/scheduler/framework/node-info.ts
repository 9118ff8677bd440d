// What the scheduler knows of one node: the Node, the pods on it (bound or assumed)
// and the totals the filters need, kept up to date as pods come and go
// (upstream's framework.NodeInfo and PodInfo).
import { compileTerms, compileWeightedTerms, type AffinityTerm, type WeightedAffinityTerm } from './affinity-term.ts';
import {
  addResource, allowedPods, cloneResource, emptyResource, podNonZeroRequests, podRequests, resourceOf, type Resource,
} from './resources.ts';
import type { Node, Pod } from './types.ts';

export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** A pod with what the scheduler derives from it, computed once. */
export interface PodInfo {
  readonly pod: Pod;
  readonly uid: string;
  readonly requests: Resource;
  readonly nonZeroRequests: Resource;
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
  readonly hostPorts: readonly HostPort[];
}

function hostPortsOf(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      ports.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return ports;
}

// Objects from the informer cache are never mutated, so a pod's derived data can
// be kept for as long as the object lives.
const podInfos = new WeakMap<Pod, PodInfo>();

export function podInfoOf(pod: Pod): PodInfo {
  let info = podInfos.get(pod);
  if (!info) {
    const affinity = pod.spec?.affinity;
    info = {
      pod,
      uid: pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`,
      requests: podRequests(pod),
      nonZeroRequests: podNonZeroRequests(pod),
      requiredAffinity: compileTerms(pod, affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      requiredAntiAffinity: compileTerms(pod, affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      preferredAffinity: compileWeightedTerms(pod, affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      preferredAntiAffinity: compileWeightedTerms(pod, affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      hostPorts: hostPortsOf(pod),
    };
    podInfos.set(pod, info);
  }
  return info;
}

function hasAffinity(p: PodInfo): boolean {
  return p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
}

export class NodeInfo {
  node: Node | undefined;
  readonly pods: PodInfo[] = [];
  /** Pods with any (anti-)affinity term: what InterPodAffinity must look at. */
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested: Resource = emptyResource();
  nonZeroRequested: Resource = emptyResource();
  allocatable: Resource = emptyResource();
  allowedPodNumber = 0;
  /** Image name (normalised) → size in bytes. */
  imageSizes = new Map<string, number>();

  constructor(readonly name: string, node?: Node) {
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    const allocatable = node.status?.allocatable as Record<string, string> | undefined;
    this.allocatable = resourceOf(allocatable);
    this.allowedPodNumber = allowedPods(allocatable);
    this.imageSizes = new Map();
    for (const image of node.status?.images ?? []) {
      for (const name of image.names ?? []) this.imageSizes.set(normalizedImageName(name), image.sizeBytes ?? 0);
    }
  }

  get labels(): Readonly<Record<string, string>> {
    return this.node?.metadata.labels ?? {};
  }

  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (hasAffinity(p)) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    addResource(this.requested, p.requests);
    addResource(this.nonZeroRequested, p.nonZeroRequests);
  }

  /** Removes the pod with this uid; false when it is not here. */
  removePod(uid: string): boolean {
    const i = this.pods.findIndex((p) => p.uid === uid);
    if (i < 0) return false;
    const [p] = this.pods.splice(i, 1) as [PodInfo];
    removeFrom(this.podsWithAffinity, uid);
    removeFrom(this.podsWithRequiredAntiAffinity, uid);
    addResource(this.requested, p.requests, -1);
    addResource(this.nonZeroRequested, p.nonZeroRequests, -1);
    return true;
  }

  /** A copy whose pods can be changed without touching this one (preemption's what-ifs). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.pods.push(...this.pods);
    c.podsWithAffinity.push(...this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    c.requested = cloneResource(this.requested);
    c.nonZeroRequested = cloneResource(this.nonZeroRequested);
    c.allocatable = this.allocatable;
    c.allowedPodNumber = this.allowedPodNumber;
    c.imageSizes = this.imageSizes;
    return c;
  }
}

function removeFrom(list: PodInfo[], uid: string): void {
  const i = list.findIndex((p) => p.uid === uid);
  if (i >= 0) list.splice(i, 1);
}

/** "nginx" and "nginx:latest" are one image; a digest or tag is kept as given. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}
