// ServiceAccounts: nothing beyond metadata to check; the table counts secrets.
import type { KubeObject, ServiceAccount } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';

const asServiceAccount = (obj: KubeObject) => obj as unknown as ServiceAccount;

export const serviceaccounts: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
  singular: 'serviceaccount',
  kind: 'ServiceAccount',
  namespaced: true,
  shortNames: ['sa'],
  definition: 'io.k8s.api.core.v1.ServiceAccount',

  columns: [nameColumn, column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn],
  row(obj, now) {
    const sa = asServiceAccount(obj);
    return [nameOf(sa.metadata), (sa.secrets ?? []).length, ageOf(sa.metadata, now)];
  },
};
