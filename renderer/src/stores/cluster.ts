// Nodes and pods, each kept current by a list followed by a watch (a reflector,
// as client-go calls it). A broken connection shows as `unreachable` and the
// reflector retries with backoff, relisting when it reconnects.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { KubeObject, Node, Pod } from '../../../api/types.ts';
import { ApiClient, ApiError } from '../api/client.ts';
import type { Connection } from '../api/connection.ts';

export const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
export type PodPhase = (typeof POD_PHASES)[number];

/** Node and Pod as the API returns them: metadata is always there. */
export type NodeObject = Node & KubeObject;
export type PodObject = Pod & KubeObject;

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`;
}

export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function phaseOf(pod: Pod): PodPhase {
  const phase = pod.status?.phase;
  return (POD_PHASES as readonly string[]).includes(phase ?? '') ? (phase as PodPhase) : 'Pending';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

interface ReflectorHooks {
  synced(): void;
  failed(error: ApiError): void;
}

async function reflect<T extends KubeObject>(client: ApiClient, path: string, items: Map<string, T>, hooks: ReflectorHooks, signal: AbortSignal): Promise<void> {
  let backoff = MIN_BACKOFF_MS;
  while (!signal.aborted) {
    try {
      const list = await client.list<T>(path, signal);
      items.clear();
      for (const item of list.items) items.set(keyOf(item), item);
      hooks.synced();
      backoff = MIN_BACKOFF_MS;
      let resourceVersion = list.metadata.resourceVersion ?? '0';
      // The server ends watches now and then; carry on from the last version seen.
      while (!signal.aborted) {
        for await (const event of client.watch<T>(path, resourceVersion, signal)) {
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type === 'DELETED') items.delete(keyOf(event.object));
          else if (event.type !== 'BOOKMARK') items.set(keyOf(event.object), event.object);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      // 410 Gone: our version was compacted away; relist at once.
      if (error instanceof ApiError && error.kind === 'gone') continue;
      const failure = error instanceof ApiError ? error : new ApiError('status', String(error));
      hooks.failed(failure);
      if (failure.kind === 'unauthorized') return;
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}

export const useClusterStore = defineStore('cluster', () => {
  const nodes = reactive(new Map<string, NodeObject>());
  const pods = reactive(new Map<string, PodObject>());
  const problems = reactive(new Map<string, ApiError>());
  const synced = reactive(new Set<string>());
  const apiUrl = ref('');
  let abort: AbortController | undefined;

  const loaded = computed(() => synced.has('nodes') && synced.has('pods'));
  const problem = computed<ApiError | undefined>(() => {
    const all = [...problems.values()];
    return all.find((p) => p.kind === 'unauthorized') ?? all[0];
  });
  const nodesReady = computed(() => [...nodes.values()].filter(isNodeReady).length);
  const podsByPhase = computed(() => {
    const counts = Object.fromEntries(POD_PHASES.map((phase) => [phase, 0])) as Record<PodPhase, number>;
    for (const pod of pods.values()) counts[phaseOf(pod)] += 1;
    return counts;
  });
  const sortedNodes = computed(() => [...nodes.values()].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')));

  function follow<T extends KubeObject>(client: ApiClient, name: string, path: string, items: Map<string, T>, signal: AbortSignal): void {
    void reflect(client, path, items, {
      synced: () => {
        synced.add(name);
        problems.delete(name);
      },
      failed: (error) => problems.set(name, error),
    }, signal);
  }

  function connect(connection: Connection): void {
    disconnect();
    abort = new AbortController();
    const client = new ApiClient(connection);
    apiUrl.value = connection.apiUrl;
    follow(client, 'nodes', '/api/v1/nodes', nodes, abort.signal);
    follow(client, 'pods', '/api/v1/pods', pods, abort.signal);
  }

  function disconnect(): void {
    abort?.abort();
    abort = undefined;
    nodes.clear();
    pods.clear();
    problems.clear();
    synced.clear();
  }

  return { apiUrl, nodes, pods, loaded, problem, nodesReady, podsByPhase, sortedNodes, connect, disconnect };
});
