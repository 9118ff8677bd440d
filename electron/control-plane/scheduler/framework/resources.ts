// Resource amounts as the scheduler counts them: millicores, bytes and pod slots,
// after upstream's framework.Resource and the pod request helpers of
// k8s.io/component-helpers/resource.
import { milliValue, parseQuantity } from '../../../../api/quantity.ts';
import type { Container } from '../../../../api/types.ts';
import type { Pod } from './types.ts';

export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources (nvidia.com/gpu, hugepages-2Mi, …) by name. */
  scalar: Map<string, number>;
}

/** What scoring assumes a container without requests uses (upstream's DefaultMilliCPURequest / DefaultMemoryRequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

type ResourceList = Readonly<Record<string, string | number>>;

// The same few quantity strings recur across thousands of pods; parse each once.
const milliCache = new Map<string | number, number>();
const valueCache = new Map<string | number, number>();

function milli(q: string | number): number {
  let v = milliCache.get(q);
  if (v === undefined) {
    v = milliValue(String(q));
    milliCache.set(q, v);
  }
  return v;
}

/** Upstream's Quantity.Value(): base units rounded up. */
function value(q: string | number): number {
  let v = valueCache.get(q);
  if (v === undefined) {
    v = Math.ceil(parseQuantity(q));
    valueCache.set(q, v);
  }
  return v;
}

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: new Map(r.scalar) };
}

/** A ResourceList (requests, allocatable) in scheduler units; pods slots are read separately. */
export function resourceOf(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  for (const [name, q] of Object.entries(list ?? {})) {
    if (name === 'cpu') r.milliCPU = milli(q);
    else if (name === 'memory') r.memory = value(q);
    else if (name === 'ephemeral-storage') r.ephemeralStorage = value(q);
    else if (name !== 'pods') r.scalar.set(name, value(q));
  }
  return r;
}

/** The pod slots of a node's allocatable. */
export function allowedPods(list: ResourceList | undefined): number {
  const q = list?.pods;
  return q === undefined ? 0 : value(q);
}

export function addResource(into: Resource, r: Resource, sign = 1): void {
  into.milliCPU += sign * r.milliCPU;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  for (const [name, v] of r.scalar) into.scalar.set(name, (into.scalar.get(name) ?? 0) + sign * v);
}

function maxResource(into: Resource, r: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, r.milliCPU);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  for (const [name, v] of r.scalar) into.scalar.set(name, Math.max(into.scalar.get(name) ?? 0, v));
}

/** Requests with scoring's defaults for containers that name no cpu or memory request. */
function nonZeroOf(c: Container): Resource {
  const requests = (c.resources?.requests ?? {}) as ResourceList;
  const r = resourceOf(requests);
  if (requests.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
  if (requests.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  return r;
}

function plainOf(c: Container): Resource {
  return resourceOf(c.resources?.requests as ResourceList | undefined);
}

// Init containers run one at a time before the app containers, so a pod needs the
// larger of their largest request and the app containers' sum; overhead comes on top.
function podTotal(pod: Pod, perContainer: (c: Container) => Resource): Resource {
  const total = emptyResource();
  for (const c of pod.spec?.containers ?? []) addResource(total, perContainer(c));
  for (const c of pod.spec?.initContainers ?? []) maxResource(total, perContainer(c));
  addResource(total, resourceOf(pod.spec?.overhead as ResourceList | undefined));
  return total;
}

/** What the pod asks a node for (NodeResourcesFit's filter). */
export function podRequests(pod: Pod): Resource {
  return podTotal(pod, plainOf);
}

/** What scoring counts the pod as using: requests, with defaults for missing cpu/memory. */
export function podNonZeroRequests(pod: Pod): Resource {
  return podTotal(pod, nonZeroOf);
}

export function isZero(r: Resource): boolean {
  if (r.milliCPU !== 0 || r.memory !== 0 || r.ephemeralStorage !== 0) return false;
  for (const v of r.scalar.values()) if (v !== 0) return false;
  return true;
}
