// Runs a profile's plugins at each extension point (upstream's frameworkruntime).
import type { CycleState } from './cycle-state.ts';
import type { NodeInfo } from './node-info.ts';
import {
  MAX_NODE_SCORE, type FrameworkHandle, type Plugin, type PluginFactory, type PostFilterResult, type Pod, type Snapshot, type Status,
} from './types.ts';

export interface ProfilePlugin {
  name: string;
  /** Score weight; ignored for plugins that do not score. */
  weight?: number;
  args?: unknown;
}

export interface Profile {
  schedulerName: string;
  /** 0 (adaptive, as upstream's default) or 1–100. */
  percentageOfNodesToScore: number;
  plugins: ProfilePlugin[];
}

interface WeightedPlugin {
  plugin: Plugin;
  weight: number;
}

export class Framework implements FrameworkHandle {
  readonly profile: Profile;
  private readonly plugins: Plugin[];
  private readonly scorers: WeightedPlugin[];

  constructor(profile: Profile, registry: ReadonlyMap<string, PluginFactory>, readonly priorityOf: (pod: Pod) => number) {
    this.profile = profile;
    this.plugins = profile.plugins.map((p) => {
      const factory = registry.get(p.name);
      if (!factory) throw new Error(`scheduler profile ${profile.schedulerName}: unknown plugin ${p.name}`);
      return factory(p.args, this);
    });
    this.scorers = this.plugins.flatMap((plugin, i) => (plugin.score ? [{ plugin, weight: profile.plugins[i]!.weight ?? 1 }] : []));
  }

  runPreFilter(state: CycleState, pod: Pod, snapshot: Snapshot): Status | undefined {
    for (const plugin of this.plugins) {
      const r = plugin.preFilter?.(state, pod, snapshot);
      if (r) return { ...r, plugin: plugin.name };
    }
    return undefined;
  }

  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    for (const plugin of this.plugins) {
      const r = plugin.filter?.(state, pod, node);
      if (r) return { ...r, plugin: plugin.name };
    }
    return undefined;
  }

  /** The first PostFilter plugin that nominates a node wins; otherwise the last message. */
  runPostFilter(state: CycleState, pod: Pod, snapshot: Snapshot, statuses: ReadonlyMap<string, Status>): PostFilterResult {
    let result: PostFilterResult = {};
    for (const plugin of this.plugins) {
      if (!plugin.postFilter) continue;
      result = plugin.postFilter(state, pod, snapshot, statuses);
      if (result.nominatedNodeName) return result;
    }
    return result;
  }

  /** Weighted sum of every score plugin's normalised score, per feasible node (same order). */
  runScore(state: CycleState, pod: Pod, feasible: readonly NodeInfo[], snapshot: Snapshot): number[] {
    for (const plugin of this.plugins) plugin.preScore?.(state, pod, feasible, snapshot);
    const totals = feasible.map(() => 0);
    for (const { plugin, weight } of this.scorers) {
      const scores = feasible.map((node) => ({ name: node.name, score: plugin.score!(state, pod, node) }));
      plugin.normalizeScore?.(state, pod, scores);
      scores.forEach((s, i) => {
        totals[i]! += Math.min(Math.max(s.score, 0), MAX_NODE_SCORE) * weight;
      });
    }
    return totals;
  }
}
