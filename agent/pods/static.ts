// Static pods (upstream's file source): each manifest in the directory is a pod
// of this node whose uid comes from the file's content, node and path, named
// <name>-<node>, with the config annotations the kubelet puts on it. Its mirror
// pod in the API carries kubernetes.io/config.mirror.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { Pod } from '../../api/types.ts';

export const CONFIG_SOURCE = 'kubernetes.io/config.source';
export const CONFIG_HASH = 'kubernetes.io/config.hash';
export const CONFIG_MIRROR = 'kubernetes.io/config.mirror';
export const CONFIG_SEEN = 'kubernetes.io/config.seen';

export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[CONFIG_MIRROR] !== undefined;
}

function staticUid(content: string, nodeName: string, file: string): string {
  const hex = createHash('md5').update(content).update(`host:${nodeName}`).update(`file:${file}`).digest('hex');
  return hex;
}

/** The pods of the manifests in `dir` (files that fail to parse are logged and skipped). */
export async function readStaticPods(dir: string, nodeName: string, log: (line: string) => void): Promise<Pod[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    return [];
  }
  const pods: Pod[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    let content: string;
    let pod: Pod;
    try {
      content = await readFile(file, 'utf8');
      pod = parse(content) as Pod;
    } catch (err) {
      log(`static pod ${file}: ${(err as Error).message}`);
      continue;
    }
    if (pod?.kind !== 'Pod' || !pod.metadata?.name || !pod.spec?.containers) {
      log(`static pod ${file}: not a Pod manifest`);
      continue;
    }
    const uid = staticUid(content, nodeName, file);
    pod.metadata.name = `${pod.metadata.name}-${nodeName}`;
    pod.metadata.namespace ??= 'default';
    (pod.metadata as { uid?: string }).uid = uid;
    pod.metadata.annotations = { ...pod.metadata.annotations, [CONFIG_SOURCE]: 'file', [CONFIG_HASH]: uid, [CONFIG_SEEN]: new Date().toISOString() };
    pod.spec.nodeName = nodeName;
    pod.spec.restartPolicy ??= 'Always';
    pod.spec.terminationGracePeriodSeconds ??= 30;
    pod.spec.enableServiceLinks ??= true;
    pods.push(pod);
  }
  return pods;
}

/** The mirror of a static pod: its spec, with the mirror annotation and the Node as owner. */
export function mirrorOf(pod: Pod, nodeUid: string | undefined, nodeName: string): Pod {
  const { uid: _uid, ...meta } = pod.metadata as Record<string, unknown>;
  const annotations = { ...(pod.metadata!.annotations ?? {}), [CONFIG_MIRROR]: pod.metadata!.annotations![CONFIG_HASH]! };
  const mirror: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { ...(meta as Pod['metadata']), annotations }, spec: pod.spec };
  if (nodeUid) mirror.metadata!.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }];
  return mirror;
}
