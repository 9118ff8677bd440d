// Deletes everything in a namespace and reports what is still there (upstream's
// namespaced_resources_deleter deleteAllContent).
import { StatusError } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import type { Pod } from './objects.ts';
import type { Client, ResourceRef } from '../../../../client/types.ts';
import type { ContentReport } from './conditions.ts';

/** How long to wait for others' finalizers before looking again (upstream's finalizerEstimateSeconds). */
const FINALIZER_ESTIMATE_SECONDS = 15;

export interface ContentResult {
  report: ContentReport;
  /** Seconds until the remaining content is expected to be gone (0 when nothing suggests a wait). */
  estimateSeconds: number;
}

const groupResource = (ref: ResourceRef) => (ref.group ? `${ref.resource}.${ref.group}` : ref.resource);

export async function deleteAllContent(client: Client, namespace: string, resources: ResourceRef[]): Promise<ContentResult> {
  const report: ContentReport = { remaining: new Map(), finalizers: new Map(), failures: [] };
  let estimateSeconds = 0;
  await Promise.all(resources.map(async (ref) => {
    let items: KubeObject[];
    try {
      items = (await client.list(ref, namespace)).items;
    } catch (err) {
      report.failures.push(`${groupResource(ref)}: ${(err as Error).message}`);
      return;
    }
    const left = (await Promise.all(items.map((obj) => deleteOne(client, ref, obj, report)))).filter((o) => o !== undefined);
    if (left.length === 0) return;
    report.remaining.set(groupResource(ref), left.length);
    const pods = ref.group === '' && ref.resource === 'pods';
    for (const obj of left) {
      for (const f of obj.metadata.finalizers ?? []) report.finalizers.set(f, (report.finalizers.get(f) ?? 0) + 1);
      // A pod waits for its kubelet for at most its grace period.
      if (pods) estimateSeconds = Math.max(estimateSeconds, (obj as Pod).metadata.deletionGracePeriodSeconds ?? 0);
    }
    if (report.finalizers.size > 0) estimateSeconds = Math.max(estimateSeconds, FINALIZER_ESTIMATE_SECONDS);
  }));
  return { report, estimateSeconds };
}

/** Deletes the object unless its deletion is already pending; the object if it is still there. */
async function deleteOne(client: Client, ref: ResourceRef, obj: KubeObject, report: ContentReport): Promise<KubeObject | undefined> {
  if (obj.metadata.deletionTimestamp) return obj;
  try {
    return await client.delete(ref, obj.metadata.namespace, obj.metadata.name!, {
      propagationPolicy: 'Background',
      preconditions: { uid: obj.metadata.uid },
    });
  } catch (err) {
    // Gone already, or replaced by a new object that the next pass deletes.
    if (err instanceof StatusError && err.code === 404) return undefined;
    if (err instanceof StatusError && err.code === 409) return obj;
    report.failures.push(`${groupResource(ref)} "${obj.metadata.name}": ${(err as Error).message}`);
    return obj;
  }
}
