// A pod's QoS class (upstream's GetPodQOS) from its containers' CPU and memory
// requests and limits: the API server defaults status.qosClass with it and the agent reports it.
import { compareQuantities, parseQuantity } from './quantity.ts';
import type { Pod } from './types.ts';

const COMPUTE = ['cpu', 'memory'] as const;

function positive(list: Record<string, string | number> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of COMPUTE) {
    const q = list?.[name];
    if (q !== undefined && parseQuantity(String(q)) > 0) out.set(name, String(q));
  }
  return out;
}

export function qosClass(pod: Pod): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  let anySet = false;
  let guaranteed = true;
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const requests = positive(c.resources?.requests as Record<string, string> | undefined);
    const limits = positive(c.resources?.limits as Record<string, string> | undefined);
    if (requests.size > 0 || limits.size > 0) anySet = true;
    if (limits.size < COMPUTE.length) guaranteed = false;
    for (const [name, request] of requests) {
      const limit = limits.get(name);
      if (limit === undefined || compareQuantities(request, limit) !== 0) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
