// ClusterRoleBindings: grant a ClusterRole cluster-wide.
import type { ResourceDef } from '../types.ts';
import { bindingColumns, bindingRow, validateBinding, validateBindingUpdate } from '../common/rbac.ts';

export const clusterrolebindings: ResourceDef = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  kind: 'ClusterRoleBinding',
  namespaced: false,
  definition: 'io.k8s.api.rbac.v1.ClusterRoleBinding',

  validate: (obj) => validateBinding(obj, ['ClusterRole']),
  validateUpdate: validateBindingUpdate,

  columns: bindingColumns('clusterRoleBinding'),
  row: bindingRow,
};
