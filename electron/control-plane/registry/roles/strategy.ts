// Roles: namespaced permission rules. No upstream printer: NAME / CREATED AT.
import type { Role } from 'kubernetes-types/rbac/v1.js';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { createdAtColumns, createdAtRow } from '../common/columns.ts';
import { validateRules } from '../common/rbac.ts';

export const roles: ResourceDef = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'roles',
  singular: 'role',
  kind: 'Role',
  namespaced: true,
  definition: 'io.k8s.api.rbac.v1.Role',

  validate: (obj: KubeObject) => validateRules((obj as unknown as Role).rules, true),

  columns: createdAtColumns,
  row: (obj) => createdAtRow(obj.metadata),
};
