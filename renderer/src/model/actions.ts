// What the detail pages' buttons do, as kubectl does it: scale through the scale
// subresource, `rollout restart` and `rollout undo`, delete, cordon, and drain
// through the eviction subresource so that PodDisruptionBudgets are honoured.
import type { Deployment, KubeObject, Node, Pod, PodTemplateSpec, ReplicaSet } from '../../../api/types.ts';
import { ApiError, type ApiClient, type PatchType } from '../api/client.ts';
import { resourcePath, kindByPlural, type KindInfo } from '../api/kinds.ts';

const SCALABLE = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'statefulsets']);
const RESTARTABLE = new Set(['deployments', 'statefulsets', 'daemonsets']);
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';
const POD_TEMPLATE_HASH = 'pod-template-hash';
const MIRROR_POD = 'kubernetes.io/config.mirror';

export const canScale = (plural: string) => SCALABLE.has(plural);
export const canRestart = (plural: string) => RESTARTABLE.has(plural);
export const canRollback = (plural: string) => plural === 'deployments';
/** Deleting a namespace deletes everything in it: the user types its name first. */
export const deleteNeedsName = (plural: string) => plural === 'namespaces';

/** A replica count as typed, or the reason it is not one. */
export function parseReplicas(text: string): number | string {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return 'Replicas must be a whole number, 0 or more';
  const value = Number(trimmed);
  return value > 1_000_000 ? 'Replicas must be at most 1000000' : value;
}

/**
 * These patches pin no resourceVersion, so a conflict only means a controller wrote
 * the object while the server applied ours: try again, as client-go's RetryOnConflict does.
 */
async function patchWithRetry(client: ApiClient, path: string, patch: unknown, type: PatchType): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.patch(path, patch, type);
      return;
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === 'conflict') || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

export async function scale(client: ApiClient, info: KindInfo, namespace: string | undefined, name: string, replicas: number): Promise<void> {
  await patchWithRetry(client, resourcePath(info, namespace, name, 'scale'), { spec: { replicas } }, 'merge');
}

/** The patch of `kubectl rollout restart`: a changed template annotation makes the controller roll every pod. */
export function restartPatch(now: Date): object {
  return { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: now.toISOString() } } } } };
}

export async function restart(client: ApiClient, info: KindInfo, object: KubeObject, now = new Date()): Promise<void> {
  await patchWithRetry(client, pathOf(info, object), restartPatch(now), 'strategic');
}

const revisionOf = (object: KubeObject) => Number(object.metadata.annotations?.[REVISION] ?? NaN);

export type RollbackPlan = { ok: true; revision: number; template: PodTemplateSpec } | { ok: false; reason: string };

/**
 * What `kubectl rollout undo` rolls back to: the newest ReplicaSet of the Deployment
 * older than its current revision, with the pod-template-hash label its controller added.
 */
export function rollbackPlan(deployment: Deployment, replicaSets: readonly ReplicaSet[]): RollbackPlan {
  const uid = deployment.metadata?.uid;
  const current = revisionOf(deployment as KubeObject);
  const owned = replicaSets.filter((rs) => rs.metadata?.ownerReferences?.some((ref) => ref.controller && ref.uid === uid));
  const previous = owned
    .map((rs) => ({ rs, revision: revisionOf(rs as KubeObject) }))
    .filter(({ revision }) => Number.isFinite(revision) && (!Number.isFinite(current) || revision < current))
    .sort((a, b) => b.revision - a.revision)[0];
  if (!previous) return { ok: false, reason: `${deployment.metadata?.name ?? 'The Deployment'} has no previous revision to roll back to` };
  const template = structuredClone(previous.rs.spec?.template ?? {}) as PodTemplateSpec;
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  template.metadata = { ...template.metadata, labels };
  return { ok: true, revision: previous.revision, template };
}

/** Rolls the Deployment back; resolves to the revision it went back to. */
export async function rollback(client: ApiClient, deployment: Deployment, replicaSets: readonly ReplicaSet[]): Promise<number> {
  const plan = rollbackPlan(deployment, replicaSets);
  if (!plan.ok) throw new Error(plan.reason);
  // A whole-template replace, so that fields the old revision lacks go away too.
  await patchWithRetry(client, pathOf(kindByPlural('deployments')!, deployment as KubeObject), [{ op: 'replace', path: '/spec/template', value: plan.template }], 'json');
  return plan.revision;
}

export async function remove(client: ApiClient, info: KindInfo, object: KubeObject): Promise<void> {
  await client.remove(pathOf(info, object), { propagationPolicy: 'Background' });
}

/** Cordon (true) or uncordon (false); uncordon clears the field as kubectl does. */
export async function setUnschedulable(client: ApiClient, node: string, unschedulable: boolean): Promise<void> {
  await patchWithRetry(client, resourcePath(nodes(), undefined, node), { spec: { unschedulable: unschedulable || null } }, 'strategic');
}

export interface DrainPlan {
  evict: Pod[];
  /** Pods drain leaves alone, and why (kubectl's --ignore-daemonsets and mirror-pod rules). */
  skipped: { pod: Pod; reason: string }[];
}

export function drainPlan(pods: readonly Pod[], node: string): DrainPlan {
  const plan: DrainPlan = { evict: [], skipped: [] };
  for (const pod of pods) {
    if (pod.spec?.nodeName !== node) continue;
    if (pod.metadata?.annotations?.[MIRROR_POD] !== undefined) plan.skipped.push({ pod, reason: 'mirror pod' });
    else if (pod.metadata?.ownerReferences?.some((ref) => ref.controller && ref.kind === 'DaemonSet')) plan.skipped.push({ pod, reason: 'DaemonSet pod' });
    else if (pod.metadata?.deletionTimestamp) plan.skipped.push({ pod, reason: 'already terminating' });
    else plan.evict.push(pod);
  }
  return plan;
}

export type EvictionState = 'waiting' | 'evicting' | 'evicted' | 'refused' | 'failed';

export interface EvictionProgress {
  namespace: string;
  name: string;
  state: EvictionState;
  message?: string;
}

/** Cordons the node, then asks the API to evict each pod of the plan, reporting each step. */
export async function drain(client: ApiClient, node: string, plan: DrainPlan, report: (progress: EvictionProgress[]) => void): Promise<EvictionProgress[]> {
  await setUnschedulable(client, node, true);
  const progress: EvictionProgress[] = plan.evict.map((pod) => ({ namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', state: 'waiting' }));
  report([...progress]);
  for (const [index, entry] of progress.entries()) {
    progress[index] = { ...entry, state: 'evicting' };
    report([...progress]);
    progress[index] = await evict(client, entry);
    report([...progress]);
  }
  return progress;
}

async function evict(client: ApiClient, entry: EvictionProgress): Promise<EvictionProgress> {
  const pods = kindByPlural('pods')!;
  const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: entry.name, namespace: entry.namespace } };
  try {
    await client.create(resourcePath(pods, entry.namespace, entry.name, 'eviction'), eviction);
    return { ...entry, state: 'evicted' };
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'notfound') return { ...entry, state: 'evicted', message: 'already gone' };
    // 429: a PodDisruptionBudget does not allow the disruption now.
    const refused = error instanceof ApiError && error.code === 429;
    return { ...entry, state: refused ? 'refused' : 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

function nodes(): KindInfo {
  return kindByPlural('nodes')!;
}

// List items need not carry apiVersion and kind, so the caller's kind decides the path.
function pathOf(info: KindInfo, object: KubeObject): string {
  return resourcePath(info, object.metadata.namespace, object.metadata.name);
}

/** Whether a node is cordoned. */
export const isCordoned = (node: Node) => node.spec?.unschedulable === true;
