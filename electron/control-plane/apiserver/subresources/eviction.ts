// pods/eviction: a delete that respects PodDisruptionBudgets (what `kubectl drain` uses).
import { labelSelectorFromObject } from '../../../../api/labels.ts';
import { errors } from '../../../../api/status.ts';
import type { KubeObject, LabelSelector } from '../../../../api/types.ts';
import type { Store } from '../../store/types.ts';
import { readList } from '../list.ts';
import { decode, type DeleteOptions, type ResourceStore } from '../storage/resource-store.ts';

interface Budget extends KubeObject {
  spec?: { selector?: LabelSelector };
  status?: { disruptionsAllowed?: number };
}

export async function evictPod(
  pods: ResourceStore,
  budgets: ResourceStore | undefined,
  store: Store,
  namespace: string,
  name: string,
  eviction: KubeObject,
  dryRun: boolean,
): Promise<void> {
  const pod = decode(await pods.get(namespace, name));
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  // Finished pods and pods already going away disrupt nothing.
  const disrupts = phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
  if (disrupts && budgets) {
    const list = await readList(store, budgets.def, { namespace, selection: { everything: true, matches: () => true } });
    const matching = list.items.map((kv) => decode(kv) as Budget).filter((b) => b.spec?.selector && labelSelectorFromObject(b.spec.selector).matches(pod.metadata.labels ?? {}));
    if (matching.length > 1) throw errors.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const budget = matching[0];
    if (budget && (budget.status?.disruptionsAllowed ?? 0) < 1) {
      throw errors.tooManyRequests('Cannot evict pod as it would violate the pod\'s disruption budget.', 10);
    }
  }
  const options = (eviction as { deleteOptions?: { gracePeriodSeconds?: number; preconditions?: DeleteOptions['preconditions'] } }).deleteOptions ?? {};
  await pods.delete(namespace, name, { dryRun, gracePeriodSeconds: options.gracePeriodSeconds, preconditions: options.preconditions });
}
