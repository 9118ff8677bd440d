// PersistentVolumeClaims: a request for storage; phase Pending on create, the
// storage request required, and the spec immutable once bound except for growth.
import type { KubeObject, PersistentVolumeClaim } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { forbidden, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, wideColumn } from '../common/columns.ts';
import { isEqual } from '../common/equal.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';
import { validateResourceList } from '../common/resources.ts';
import { accessModesString, storageClassOf, validateAccessModes, VOLUME_MODES } from '../common/volumes.ts';

const asPVC = (obj: KubeObject) => obj as unknown as PersistentVolumeClaim;

function validatePVC(obj: KubeObject): FieldError[] {
  const spec = asPVC(obj).spec ?? {};
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes');
  if (!spec.resources?.requests?.storage) errs.push(required('spec.resources[storage]'));
  errs.push(...validateResourceList(spec.resources?.requests, 'spec.resources.requests'));
  if (spec.volumeMode && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(notSupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  return errs;
}

function validatePVCUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = asPVC(obj).spec ?? {};
  const before = asPVC(old).spec ?? {};
  // Only the storage request (expansion), volumeAttributesClassName and a first volumeName may change.
  const comparable = (s: typeof spec, volumeName: string | undefined) => ({
    ...s, resources: { ...s.resources, requests: { ...s.resources?.requests, storage: undefined } },
    volumeAttributesClassName: undefined, volumeName,
  });
  if (!isEqual(comparable(spec, before.volumeName ? spec.volumeName : undefined), comparable(before, before.volumeName))) {
    return [forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
  }
  return [];
}

export const persistentvolumeclaims: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  kind: 'PersistentVolumeClaim',
  namespaced: true,
  shortNames: ['pvc'],
  definition: 'io.k8s.api.core.v1.PersistentVolumeClaim',
  status: true,

  defaults(obj) {
    const pvc = asPVC(obj);
    pvc.spec ??= {};
    pvc.spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,
  validate: validatePVC,
  validateUpdate: validatePVCUpdate,

  columns: [
    nameColumn,
    column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    column('StorageClass', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    wideColumn('VolumeMode', 'volumeMode defines what type of volume is required by the claim.'),
  ],
  row(obj, now) {
    const pvc = asPVC(obj);
    const spec = pvc.spec ?? {};
    // Capacity and access modes are those of the bound volume; nothing until bound.
    const bound = Boolean(spec.volumeName);
    return [
      nameOf(pvc.metadata),
      pvc.metadata?.deletionTimestamp ? 'Terminating' : pvc.status?.phase ?? '',
      spec.volumeName ?? '',
      bound ? pvc.status?.capacity?.storage ?? '0' : '',
      bound ? accessModesString(pvc.status?.accessModes) : '',
      storageClassOf(spec, pvc.metadata?.annotations),
      spec.volumeAttributesClassName ?? '<unset>',
      ageOf(pvc.metadata, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};
