// NodeName: a pod that names its node (spec.nodeName) fits only there.
import { unresolvable, type Plugin } from '../../framework/types.ts';

export const NAME = 'NodeName';
export const REASON = "node(s) didn't match the requested node name";

export function nodeName(): Plugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const wanted = pod.spec?.nodeName;
      return !wanted || wanted === node.name ? undefined : unresolvable(REASON);
    },
  };
}
