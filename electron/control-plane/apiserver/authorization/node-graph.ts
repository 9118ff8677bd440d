// Which objects each node may read because a pod bound to it uses them: a small
// in-memory graph kept from the store, like upstream's node authorizer graph
// (pod → node, and secret/configmap/serviceaccount/pvc → pod).
import type { Pod, PodSpec } from '../../../../api/types.ts';
import type { KV, Store } from '../../store/types.ts';
import { followPrefix } from './store-follower.ts';

const PODS_PREFIX = '/registry/core/pods/';

export type ReferencedResource = 'secrets' | 'configmaps' | 'serviceaccounts' | 'persistentvolumeclaims';

interface PodEntry {
  nodeName: string;
  refs: string[];
}

const refKey = (resource: ReferencedResource, namespace: string, name: string) => `${resource}/${namespace}/${name}`;

/** Everything a pod's spec names, as upstream's podutil.VisitPodSecretNames/ConfigmapNames and its PVC walk. */
export function podReferences(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? '';
  const spec: PodSpec | undefined = pod.spec;
  if (!spec) return [];
  const refs = new Set<string>();
  const add = (resource: ReferencedResource, name: string | undefined) => {
    if (name) refs.add(refKey(resource, ns, name));
  };
  add('serviceaccounts', spec.serviceAccountName || 'default');
  for (const s of spec.imagePullSecrets ?? []) add('secrets', s.name);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const from of c.envFrom ?? []) {
      add('secrets', from.secretRef?.name);
      add('configmaps', from.configMapRef?.name);
    }
    for (const env of c.env ?? []) {
      add('secrets', env.valueFrom?.secretKeyRef?.name);
      add('configmaps', env.valueFrom?.configMapKeyRef?.name);
    }
  }
  for (const v of spec.volumes ?? []) {
    add('secrets', v.secret?.secretName);
    add('configmaps', v.configMap?.name);
    add('persistentvolumeclaims', v.persistentVolumeClaim?.claimName);
    // A generic ephemeral volume's claim is named after the pod and the volume.
    if (v.ephemeral) add('persistentvolumeclaims', `${pod.metadata?.name ?? ''}-${v.name}`);
    for (const source of v.projected?.sources ?? []) {
      add('secrets', source.secret?.name);
      add('configmaps', source.configMap?.name);
    }
    add('secrets', v.csi?.nodePublishSecretRef?.name);
    add('secrets', v.azureFile?.secretName);
    add('secrets', v.cephfs?.secretRef?.name);
    add('secrets', v.cinder?.secretRef?.name);
    add('secrets', v.flexVolume?.secretRef?.name);
    add('secrets', v.iscsi?.secretRef?.name);
    add('secrets', v.rbd?.secretRef?.name);
    add('secrets', v.scaleIO?.secretRef?.name);
    add('secrets', v.storageos?.secretRef?.name);
  }
  return [...refs];
}

export class NodeGraph {
  private readonly pods = new Map<string, PodEntry>();
  /** node → reference key → how many of its pods hold it. */
  private readonly refsByNode = new Map<string, Map<string, number>>();

  /** The node a pod is bound to, if it exists and is bound. */
  podNode(namespace: string, name: string): string | undefined {
    return this.pods.get(`${namespace}/${name}`)?.nodeName;
  }

  references(nodeName: string, resource: ReferencedResource, namespace: string, name: string): boolean {
    return (this.refsByNode.get(nodeName)?.get(refKey(resource, namespace, name)) ?? 0) > 0;
  }

  setPod(key: string, pod: Pod | undefined): void {
    this.removePod(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const entry = { nodeName, refs: podReferences(pod) };
    this.pods.set(key, entry);
    let counts = this.refsByNode.get(nodeName);
    if (!counts) this.refsByNode.set(nodeName, (counts = new Map()));
    for (const ref of entry.refs) counts.set(ref, (counts.get(ref) ?? 0) + 1);
  }

  clear(): void {
    this.pods.clear();
    this.refsByNode.clear();
  }

  private removePod(key: string): void {
    const entry = this.pods.get(key);
    if (!entry) return;
    this.pods.delete(key);
    const counts = this.refsByNode.get(entry.nodeName)!;
    for (const ref of entry.refs) {
      const n = (counts.get(ref) ?? 0) - 1;
      if (n > 0) counts.set(ref, n);
      else counts.delete(ref);
    }
    if (counts.size === 0) this.refsByNode.delete(entry.nodeName);
  }
}

/** Builds the graph from the store's pods and keeps it current. */
export async function startNodeGraph(store: Store): Promise<{ graph: NodeGraph; stop(): void }> {
  const graph = new NodeGraph();
  const keyOf = (kv: KV) => kv.key.slice(PODS_PREFIX.length);
  const follower = await followPrefix(store, PODS_PREFIX, {
    reset(items) {
      graph.clear();
      for (const kv of items) graph.setPod(keyOf(kv), JSON.parse(kv.value) as Pod);
    },
    onEvent: (event) => graph.setPod(keyOf(event.kv), event.type === 'DELETED' ? undefined : (JSON.parse(event.kv.value) as Pod)),
  }, "the node authorizer's graph");
  return { graph, stop: () => follower.stop() };
}
