// Every controller the control plane runs, in the order they start.
import { startDeploymentController } from './deployment/index.ts';
import { startEndpointSliceController } from './endpointslice/index.ts';
import { startEndpointsController } from './endpoints/index.ts';
import { startGarbageCollector } from './garbagecollector/index.ts';
import { startNamespaceController } from './namespace/index.ts';
import { startNodeLifecycleController } from './nodelifecycle/index.ts';
import { startPodGCController } from './podgc/index.ts';
import { startReplicaSetController } from './replicaset/index.ts';
import { startReplicationControllerController } from './replicationcontroller/index.ts';
import { startServiceAccountController } from './serviceaccount/index.ts';
import type { ControllerStarter } from './types.ts';

export const CONTROLLERS: readonly [name: string, start: ControllerStarter][] = [
  ['namespace-controller', startNamespaceController],
  ['serviceaccount-controller', startServiceAccountController],
  ['replicaset-controller', startReplicaSetController],
  ['replicationcontroller-controller', startReplicationControllerController],
  ['deployment-controller', startDeploymentController],
  ['endpoint-controller', startEndpointsController],
  ['endpointslice-controller', startEndpointSliceController],
  ['garbage-collector-controller', startGarbageCollector],
  ['node-lifecycle-controller', startNodeLifecycleController],
  ['pod-garbage-collector', startPodGCController],
];
