// InterPodAffinity: required pod (anti-)affinity as a filter, preferred as a score.
import type { Plugin } from '../../framework/types.ts';
import { filtering } from './filtering.ts';
import { scoring } from './scoring.ts';

export const NAME = 'InterPodAffinity';

export function interPodAffinity(): Plugin {
  return { name: NAME, ...filtering, ...scoring };
}
