// What every controller (and the scheduler) is started with, and what it gives back.
import type { Client, EventRecorder, InformerFactory } from '../../../client/types.ts';

export interface ControllerOptions {
  /** A node whose Lease is older than this is NotReady/Unknown (upstream's node-monitor-grace-period, 40 s). */
  nodeMonitorGracePeriodMs: number;
  /** tolerationSeconds given to pods without one for the not-ready/unreachable taints (300 s upstream). */
  defaultTolerationSeconds: number;
  /** How often time-driven checks run (node lifecycle, backoffs). */
  resyncPeriodMs: number;
}

export const DEFAULT_CONTROLLER_OPTIONS: ControllerOptions = {
  nodeMonitorGracePeriodMs: 40_000,
  defaultTolerationSeconds: 300,
  resyncPeriodMs: 5_000,
};

export interface ControllerContext {
  client: Client;
  informers: InformerFactory;
  /** An event recorder reporting as `component` (e.g. "deployment-controller", "default-scheduler"). */
  recorder(component: string): EventRecorder;
  options: ControllerOptions;
  log(line: string): void;
}

export interface RunningController {
  /** Stops workers and watches; resolves when no sync is in flight. */
  stop(): Promise<void>;
}

/** Registers its informers and handlers, starts its workers and returns at once. */
export type ControllerStarter = (ctx: ControllerContext) => RunningController;
