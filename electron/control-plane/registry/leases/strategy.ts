// Leases: heartbeats and leader election (the agent renews its node's Lease every 10 s).
import type { KubeObject, Lease } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { invalid, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';

const asLease = (obj: KubeObject) => obj as unknown as Lease;

function validateLease(obj: KubeObject): FieldError[] {
  const spec = asLease(obj).spec ?? {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  return errs;
}

export const leases: ResourceDef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  singular: 'lease',
  kind: 'Lease',
  namespaced: true,
  definition: 'io.k8s.api.coordination.v1.Lease',

  validate: validateLease,

  columns: [nameColumn, column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn],
  row(obj, now) {
    const lease = asLease(obj);
    return [nameOf(lease.metadata), lease.spec?.holderIdentity ?? '', ageOf(lease.metadata, now)];
  },
};
