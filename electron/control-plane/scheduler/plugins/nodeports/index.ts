// NodePorts: two pods cannot bind the same host port and protocol on one node,
// where 0.0.0.0 conflicts with every address.
import type { HostPort } from '../../framework/node-info.ts';
import { podInfoOf } from '../../framework/node-info.ts';
import { unschedulable, type Plugin } from '../../framework/types.ts';

export const NAME = 'NodePorts';
export const REASON = "node(s) didn't have free ports for the requested pod ports";

function conflicts(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.ip === '0.0.0.0' || b.ip === '0.0.0.0' || a.ip === b.ip;
}

export function nodePorts(): Plugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const wanted = podInfoOf(pod).hostPorts;
      if (wanted.length === 0) return undefined;
      for (const existing of node.pods) {
        for (const used of existing.hostPorts) {
          if (wanted.some((w) => conflicts(w, used))) return unschedulable(REASON);
        }
      }
      return undefined;
    },
  };
}
