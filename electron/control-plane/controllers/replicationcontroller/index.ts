// ReplicationControllers: the shared replica controller with an equality-only map selector.
import { labelsEqualSelector } from '../../../../api/labels.ts';
import { R } from '../../../../client/types.ts';
import { replicaControllerStarter } from '../replicaset/controller.ts';
import type { ControllerStarter } from '../types.ts';

export const startReplicationControllerController: ControllerStarter = replicaControllerStarter({
  ref: R.replicationcontrollers,
  kind: 'ReplicationController',
  component: 'replication-controller',
  selectorOf: (rc) => labelsEqualSelector(rc.spec?.selector as Record<string, string> | undefined),
});
