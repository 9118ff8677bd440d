// What the RBAC kinds share: rule validation for Roles and ClusterRoles, the
// roleRef/subjects checks and the table of RoleBindings and ClusterRoleBindings.
import type { ClusterRoleBinding, PolicyRule, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import type { KubeObject } from '../../../../api/types.ts';
import type { TableCell, TableColumn } from '../types.ts';
import { invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, wideColumn } from './columns.ts';
import { isEqual } from './equal.ts';

export function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  (rules ?? []).forEach((rule, i) => {
    const path = `rules[${i}]`;
    if ((rule.verbs ?? []).length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
    const urls = rule.nonResourceURLs ?? [];
    if (urls.length > 0) {
      if (namespaced) errs.push(invalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
      if ((rule.apiGroups ?? []).length > 0 || (rule.resources ?? []).length > 0) {
        errs.push(invalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if ((rule.apiGroups ?? []).length === 0) errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
    if ((rule.resources ?? []).length === 0) errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

type Binding = RoleBinding | ClusterRoleBinding;
const asBinding = (obj: KubeObject) => obj as unknown as Binding;

const SUBJECT_KINDS = ['Group', 'ServiceAccount', 'User'];

export function validateBinding(obj: KubeObject, allowedRoleKinds: string[]): FieldError[] {
  const binding = asBinding(obj);
  const errs: FieldError[] = [];
  const ref = binding.roleRef;
  if (ref?.apiGroup !== 'rbac.authorization.k8s.io') errs.push(notSupported('roleRef.apiGroup', ref?.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  if (!allowedRoleKinds.includes(ref?.kind ?? '')) errs.push(notSupported('roleRef.kind', ref?.kind ?? '', allowedRoleKinds));
  if (!ref?.name) errs.push(required('roleRef.name'));
  (binding.subjects ?? []).forEach((s: Subject, i) => {
    const path = `subjects[${i}]`;
    if (!s.name) errs.push(required(`${path}.name`));
    if (!SUBJECT_KINDS.includes(s.kind)) errs.push(notSupported(`${path}.kind`, s.kind, SUBJECT_KINDS));
    else if (s.kind === 'ServiceAccount' && s.apiGroup) errs.push(notSupported(`${path}.apiGroup`, s.apiGroup, ['']));
    else if (s.kind !== 'ServiceAccount' && s.apiGroup !== 'rbac.authorization.k8s.io') errs.push(notSupported(`${path}.apiGroup`, s.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  });
  return errs;
}

/** roleRef cannot change: a binding is deleted and recreated to point elsewhere. */
export function validateBindingUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const ref = asBinding(obj).roleRef;
  return isEqual(ref, asBinding(old).roleRef) ? [] : [invalid('roleRef', ref, 'cannot change roleRef')];
}

export function bindingColumns(kindName: string): TableColumn[] {
  return [
    nameColumn,
    column('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
    ageColumn,
    wideColumn('Users', `Users in the ${kindName}`),
    wideColumn('Groups', `Groups in the ${kindName}`),
    wideColumn('ServiceAccounts', `ServiceAccounts in the ${kindName}`),
  ];
}

/** ROLE is "Kind/name"; the wide columns list subjects, service accounts as "namespace:name". */
export function bindingRow(obj: KubeObject, now: Date): TableCell[] {
  const binding = asBinding(obj);
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of binding.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') serviceAccounts.push(`${s.namespace ?? ''}:${s.name}`);
  }
  return [
    nameOf(binding.metadata),
    `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
    ageOf(binding.metadata, now),
    users.join(', '),
    groups.join(', '),
    serviceAccounts.join(', '),
  ];
}
