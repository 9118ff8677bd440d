// Runs the controllers and the scheduler as API clients of this control plane,
// over its loopback socket (upstream's kube-controller-manager and kube-scheduler).
import { createEventRecorder, createHttpClient, createInformerFactory } from '../../client/index.ts';
import { CONTROLLERS } from './controllers/index.ts';
import { DEFAULT_CONTROLLER_OPTIONS, type ControllerContext, type ControllerOptions, type RunningController } from './controllers/types.ts';
import { startScheduler } from './scheduler/index.ts';

export interface ControllerManager {
  stop(): Promise<void>;
}

export function startControllerManager(
  loopback: { socketPath: string; token: string },
  log: (line: string) => void,
  options: Partial<ControllerOptions> = {},
): ControllerManager {
  const client = createHttpClient(loopback);
  const informers = createInformerFactory(client, log);
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component) => createEventRecorder(client, component, undefined, log),
    options: { ...DEFAULT_CONTROLLER_OPTIONS, ...options },
    log,
  };
  const running: RunningController[] = [];
  for (const [, start] of CONTROLLERS) running.push(start(ctx));
  running.push(startScheduler(ctx));
  // Every controller has asked for its informers by now; one list and watch each serves them all.
  informers.start();
  return {
    async stop() {
      informers.stop();
      await Promise.all(running.map((c) => c.stop()));
    },
  };
}
