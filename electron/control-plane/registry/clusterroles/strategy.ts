// ClusterRoles: cluster-wide rules, possibly aggregated from others by label.
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { createdAtColumns, createdAtRow } from '../common/columns.ts';
import { validateRules } from '../common/rbac.ts';

export const clusterroles: ResourceDef = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'clusterroles',
  singular: 'clusterrole',
  kind: 'ClusterRole',
  namespaced: false,
  definition: 'io.k8s.api.rbac.v1.ClusterRole',

  validate: (obj: KubeObject) => validateRules((obj as unknown as ClusterRole).rules, false),

  columns: createdAtColumns,
  row: (obj) => createdAtRow(obj.metadata),
};
