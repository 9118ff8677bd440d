// RoleBindings: grant a Role or ClusterRole within one namespace.
import type { ResourceDef } from '../types.ts';
import { bindingColumns, bindingRow, validateBinding, validateBindingUpdate } from '../common/rbac.ts';

export const rolebindings: ResourceDef = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'rolebindings',
  singular: 'rolebinding',
  kind: 'RoleBinding',
  namespaced: true,
  definition: 'io.k8s.api.rbac.v1.RoleBinding',

  validate: (obj) => validateBinding(obj, ['ClusterRole', 'Role']),
  validateUpdate: validateBindingUpdate,

  columns: bindingColumns('roleBinding'),
  row: bindingRow,
};
