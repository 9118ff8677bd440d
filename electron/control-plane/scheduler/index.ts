// The scheduler as the control plane starts it: the default profile, schedulerName
// default-scheduler. Pods naming another scheduler are left to it.
import type { ControllerStarter } from '../controllers/types.ts';
import { createScheduler } from './scheduler.ts';

export const startScheduler: ControllerStarter = (ctx) => createScheduler(ctx);

export { createScheduler, type SchedulerOptions } from './scheduler.ts';
export { defaultProfile, DEFAULT_SCHEDULER_NAME } from './profile.ts';
export type { Profile, ProfilePlugin } from './framework/runtime.ts';
