// A pod's QoS class (upstream's GetPodQOS), from the CPU and memory requests and
// limits of all its containers.
import type { Container, Pod } from '../../../../api/types.ts';
import { compareQuantities } from '../../../../api/quantity.ts';
import { quantityValue } from '../common/resources.ts';

const COMPUTE = ['cpu', 'memory'];

function positive(list: Record<string, string | number> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of COMPUTE) {
    const q = list?.[name];
    if (q !== undefined && (quantityValue(q) ?? 0) > 0) out.set(name, String(q));
  }
  return out;
}

export function qosClass(pod: Pod): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = positive(c.resources?.requests);
    const limits = positive(c.resources?.limits);
    if (requests.size > 0 || limits.size > 0) anySet = true;
    // Guaranteed needs CPU and memory limits on every container, with requests equal to them.
    if (limits.size < COMPUTE.length) guaranteed = false;
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (limit === undefined || compareQuantities(request, limit) !== 0) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
