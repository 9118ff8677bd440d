// ReplicaSets: the shared replica controller with a LabelSelector (matchLabels and matchExpressions).
import { labelSelectorFromObject } from '../../../../api/labels.ts';
import type { LabelSelector } from '../../../../api/types.ts';
import { R } from '../../../../client/types.ts';
import type { ControllerStarter } from '../types.ts';
import { replicaControllerStarter } from './controller.ts';

export const startReplicaSetController: ControllerStarter = replicaControllerStarter({
  ref: R.replicasets,
  kind: 'ReplicaSet',
  component: 'replicaset-controller',
  selectorOf: (rs) => labelSelectorFromObject(rs.spec?.selector as LabelSelector | undefined),
});
