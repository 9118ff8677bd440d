// PersistentVolumes: cluster-scoped storage; phase Pending on create, Retain by
// default, capacity and access modes required.
import type { KubeObject, PersistentVolume } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { notSupported, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, wideColumn } from '../common/columns.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';
import { validateResourceList } from '../common/resources.ts';
import { accessModesString, storageClassOf, validateAccessModes, VOLUME_MODES } from '../common/volumes.ts';

const asPV = (obj: KubeObject) => obj as unknown as PersistentVolume;

const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

function validatePV(obj: KubeObject): FieldError[] {
  const spec = asPV(obj).spec ?? {};
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes');
  if (!spec.capacity?.storage) errs.push(required('spec.capacity[storage]'));
  errs.push(...validateResourceList(spec.capacity, 'spec.capacity'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !RECLAIM_POLICIES.includes(policy)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  if (spec.volumeMode && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  return errs;
}

export const persistentvolumes: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumes',
  singular: 'persistentvolume',
  kind: 'PersistentVolume',
  namespaced: false,
  shortNames: ['pv'],
  definition: 'io.k8s.api.core.v1.PersistentVolume',
  status: true,

  defaults(obj) {
    const pv = asPV(obj);
    pv.spec ??= {};
    pv.spec.persistentVolumeReclaimPolicy ??= 'Retain';
    pv.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validatePV,

  columns: [
    nameColumn,
    column('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    column('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    column('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    column('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    column('StorageClass', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    column('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn,
    wideColumn('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'),
  ],
  row(obj, now) {
    const pv = asPV(obj);
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    return [
      nameOf(pv.metadata),
      spec.capacity?.storage ?? '0',
      accessModesString(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      pv.metadata?.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '',
      claim,
      storageClassOf(spec, pv.metadata?.annotations),
      spec.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      ageOf(pv.metadata, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};
