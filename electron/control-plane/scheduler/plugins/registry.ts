// Every plugin a profile may name (upstream's plugins/registry.go).
import type { PluginFactory } from '../framework/types.ts';
import { defaultPreemption, NAME as DEFAULT_PREEMPTION } from './defaultpreemption/index.ts';
import { imageLocality, NAME as IMAGE_LOCALITY } from './imagelocality/index.ts';
import { interPodAffinity, NAME as INTER_POD_AFFINITY } from './interpodaffinity/index.ts';
import { nodeAffinity, NAME as NODE_AFFINITY } from './nodeaffinity/index.ts';
import { nodeLabel, NAME as NODE_LABEL } from './nodelabel/index.ts';
import { nodeName, NAME as NODE_NAME } from './nodename/index.ts';
import { nodePorts, NAME as NODE_PORTS } from './nodeports/index.ts';
import { balancedAllocation, NAME as BALANCED_ALLOCATION } from './noderesources/balanced-allocation.ts';
import { nodeResourcesFit, NAME as NODE_RESOURCES_FIT } from './noderesources/fit.ts';
import { nodeUnschedulable, NAME as NODE_UNSCHEDULABLE } from './nodeunschedulable/index.ts';
import { podTopologySpread, NAME as POD_TOPOLOGY_SPREAD } from './podtopologyspread/index.ts';
import { taintToleration, NAME as TAINT_TOLERATION } from './tainttoleration/index.ts';
import { volumeRestrictions, NAME as VOLUME_RESTRICTIONS } from './volumerestrictions/index.ts';

export const registry: ReadonlyMap<string, PluginFactory> = new Map<string, PluginFactory>([
  [NODE_UNSCHEDULABLE, nodeUnschedulable],
  [NODE_NAME, nodeName],
  [TAINT_TOLERATION, taintToleration],
  [NODE_AFFINITY, nodeAffinity],
  [NODE_PORTS, nodePorts],
  [NODE_RESOURCES_FIT, nodeResourcesFit],
  [VOLUME_RESTRICTIONS, volumeRestrictions],
  [INTER_POD_AFFINITY, interPodAffinity],
  [POD_TOPOLOGY_SPREAD, podTopologySpread],
  [NODE_LABEL, nodeLabel],
  [DEFAULT_PREEMPTION, defaultPreemption],
  [BALANCED_ALLOCATION, balancedAllocation],
  [IMAGE_LOCALITY, imageLocality],
]);
