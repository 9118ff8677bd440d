// PodTopologySpread: spread constraints as a filter (DoNotSchedule) and a score (ScheduleAnyway).
import type { Plugin } from '../../framework/types.ts';
import { filtering } from './filtering.ts';
import { scoring } from './scoring.ts';

export const NAME = 'PodTopologySpread';

export function podTopologySpread(): Plugin {
  return { name: NAME, ...filtering, ...scoring };
}
