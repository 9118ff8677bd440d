// ImageLocality: prefers nodes that already hold the pod's images, weighing each
// image by its size and by how widely it is spread (so one node holding a common
// image does not attract everything). Thresholds are upstream's.
import { stateKey } from '../../framework/cycle-state.ts';
import { normalizedImageName } from '../../framework/node-info.ts';
import { MAX_NODE_SCORE, type Plugin, type Snapshot } from '../../framework/types.ts';

export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

const SNAPSHOT = stateKey<Snapshot>(`PreScore${NAME}`);

export function imageLocality(): Plugin {
  return {
    name: NAME,
    preScore(state, _pod, _feasible, snapshot) {
      state.write(SNAPSHOT, snapshot);
    },
    score(state, pod, node) {
      const snapshot = state.read(SNAPSHOT);
      const totalNodes = snapshot?.nodes.length ?? 0;
      const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
      let sum = 0;
      for (const c of containers) {
        if (!c.image) continue;
        const name = normalizedImageName(c.image);
        const size = node.imageSizes.get(name);
        if (size !== undefined && snapshot && totalNodes > 0) sum += Math.trunc((size * snapshot.nodesWithImage(name)) / totalNodes);
      }
      const maxThreshold = MAX_CONTAINER_THRESHOLD * containers.length;
      const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), maxThreshold);
      return maxThreshold === MIN_THRESHOLD ? 0 : Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
    },
  };
}
