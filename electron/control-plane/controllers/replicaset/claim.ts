// Upstream's ControllerRefManager: an owner claims the objects its selector
// matches. Orphans that match are adopted, owned objects that stopped matching
// are released, objects of other controllers are left alone. Adoption and release
// are strategic-merge patches of ownerReferences (merge key uid) carrying the
// object's uid, so they touch only that entry and never a re-created namesake.
import { controllerRef } from '../../../../api/meta.ts';
import { apiVersionOf, type KubeObject, type OwnerReference } from '../../../../api/types.ts';
import type { Client, ResourceRef } from '../../../../client/types.ts';
import { hasCode } from './errors.ts';

export interface ClaimOptions<T extends KubeObject> {
  client: Client;
  /** The resource of the claimed objects. */
  ref: ResourceRef;
  owner: KubeObject;
  ownerResource: ResourceRef;
  ownerKind: string;
  matches(obj: T): boolean;
}

/** The controller reference an owner puts on what it creates or adopts. */
export function ownerReferenceTo(owner: KubeObject, ownerResource: ResourceRef, kind: string): OwnerReference {
  return {
    apiVersion: apiVersionOf(ownerResource.group, ownerResource.version),
    kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * The candidates the owner controls after adopting and releasing. Adoption first
 * re-reads the owner from the API (upstream's RecheckDeletionTimestamp): a cache
 * that still shows a deleted or re-created owner must not adopt anything.
 */
export async function claim<T extends KubeObject>(opts: ClaimOptions<T>, candidates: readonly T[]): Promise<T[]> {
  const { client, ref, owner } = opts;
  const ownerUid = owner.metadata.uid!;
  const ownerDeleting = Boolean(owner.metadata.deletionTimestamp);
  let adoptable: Promise<void> | undefined;
  const canAdopt = () => (adoptable ??= recheckOwner(opts));
  const claimed: T[] = [];
  const errors: unknown[] = [];

  const patchOwners = async (obj: T, ownerReferences: unknown[]) =>
    client.patch<T>(ref, obj.metadata.namespace, obj.metadata.name!, 'strategic', {
      metadata: { ownerReferences, uid: obj.metadata.uid },
    });

  await Promise.all(candidates.map(async (obj) => {
    const current = controllerRef(obj);
    try {
      if (current) {
        if (current.uid !== ownerUid) return;
        if (opts.matches(obj)) {
          claimed.push(obj);
          return;
        }
        // Ours but no longer selected: let go, unless we are going away anyway.
        if (!ownerDeleting) await patchOwners(obj, [{ $patch: 'delete', uid: ownerUid }]);
        return;
      }
      if (ownerDeleting || !opts.matches(obj) || obj.metadata.deletionTimestamp) return;
      if (obj.metadata.namespace !== owner.metadata.namespace) return;
      await canAdopt();
      claimed.push(await patchOwners(obj, [ownerReferenceTo(owner, opts.ownerResource, opts.ownerKind)]));
    } catch (err) {
      if (!hasCode(err, 404)) errors.push(err);
    }
  }));
  if (errors.length > 0) throw errors[0];
  return claimed;
}

async function recheckOwner<T extends KubeObject>(opts: ClaimOptions<T>): Promise<void> {
  const { owner } = opts;
  const fresh = await opts.client.get(opts.ownerResource, owner.metadata.namespace, owner.metadata.name!);
  if (fresh.metadata.uid !== owner.metadata.uid) {
    throw new Error(`original ${opts.ownerKind} ${owner.metadata.namespace}/${owner.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`);
  }
  if (fresh.metadata.deletionTimestamp) {
    throw new Error(`${opts.ownerKind} ${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
  }
}
