// Whether each owner of an object still stands (upstream's classifyReferences): an
// owner is dangling when the server has no object of its name and uid, waiting when it
// is being deleted in the foreground, solid otherwise. The cache answers when it holds
// the owner; only an owner it lacks is asked of the server, which alone can say "gone".
import { hasFinalizer } from '../../../../api/meta.ts';
import { StatusError } from '../../../../api/status.ts';
import type { KubeObject, OwnerReference } from '../../../../api/types.ts';
import type { Client, Informer } from '../../../../client/types.ts';
import { kindOf } from './kinds.ts';

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export interface ClassifiedOwners {
  solid: OwnerReference[];
  dangling: OwnerReference[];
  waiting: OwnerReference[];
}

export const isDeletingDependents = (obj: KubeObject) => obj.metadata.deletionTimestamp !== undefined && hasFinalizer(obj, FOREGROUND);

export async function classifyOwners(
  client: Client,
  informerOf: (kind: string) => Informer | undefined,
  obj: KubeObject,
): Promise<ClassifiedOwners> {
  const result: ClassifiedOwners = { solid: [], dangling: [], waiting: [] };
  for (const ref of obj.metadata.ownerReferences ?? []) {
    const known = kindOf(ref.apiVersion, ref.kind);
    // An owner of a kind we cannot look up, or a namespaced owner named by a cluster-scoped
    // object (it has no namespace to find it in), is left standing: never delete on a guess.
    if (!known || (known.namespaced && !obj.metadata.namespace)) {
      result.solid.push(ref);
      continue;
    }
    const namespace = known.namespaced ? obj.metadata.namespace : undefined;
    let owner: KubeObject | undefined = informerOf(known.kind)?.get(namespace, ref.name);
    if (owner?.metadata.uid !== ref.uid) owner = await getLive(client, known.ref, namespace, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) result.dangling.push(ref);
    else if (isDeletingDependents(owner)) result.waiting.push(ref);
    else result.solid.push(ref);
  }
  return result;
}

/** Whether the cache holds every owner of obj, by uid, none of them deleting its dependents. */
export function ownersStandInCache(informerOf: (kind: string) => Informer | undefined, obj: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).every((ref) => {
    const known = kindOf(ref.apiVersion, ref.kind);
    const owner = known && informerOf(known.kind)?.get(known.namespaced ? obj.metadata.namespace : undefined, ref.name);
    return owner !== undefined && owner.metadata.uid === ref.uid && !isDeletingDependents(owner);
  });
}

export async function getLive(client: Client, ref: Parameters<Client['get']>[0], namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
  try {
    return await client.get(ref, namespace, name);
  } catch (err) {
    if (err instanceof StatusError && err.code === 404) return undefined;
    throw err;
  }
}
