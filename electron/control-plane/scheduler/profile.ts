// The default profile: upstream's default plugins (apis/config/v1/default_plugins.go),
// in their order, with their score weights. NodeLabel is off unless configured.
import type { Profile } from './framework/runtime.ts';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export function defaultProfile(): Profile {
  return {
    schedulerName: DEFAULT_SCHEDULER_NAME,
    percentageOfNodesToScore: 0,
    plugins: [
      { name: 'NodeUnschedulable' },
      { name: 'NodeName' },
      { name: 'TaintToleration', weight: 3 },
      { name: 'NodeAffinity', weight: 2 },
      { name: 'NodePorts' },
      { name: 'NodeResourcesFit', weight: 1 },
      { name: 'VolumeRestrictions' },
      { name: 'InterPodAffinity', weight: 2 },
      { name: 'PodTopologySpread', weight: 2 },
      { name: 'DefaultPreemption' },
      { name: 'NodeResourcesBalancedAllocation', weight: 1 },
      { name: 'ImageLocality', weight: 1 },
    ],
  };
}
