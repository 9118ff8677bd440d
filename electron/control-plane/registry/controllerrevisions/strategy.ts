// ControllerRevisions: immutable snapshots StatefulSets and DaemonSets roll back to.
import type { ControllerRevision, KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { invalid, required, type FieldError } from '../../../../api/status.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { immutableField } from '../common/immutable.ts';

const asRevision = (obj: KubeObject) => obj as unknown as ControllerRevision;

/** "statefulset.apps/web" for the controlling owner, "<none>" without one. */
function controllerName(rev: ControllerRevision): string {
  const owner = rev.metadata?.ownerReferences?.find((o) => o.controller);
  if (!owner) return '<none>';
  const slash = owner.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
  return `${owner.kind.toLowerCase()}${group ? '.' + group : ''}/${owner.name}`;
}

function validateRevision(obj: KubeObject): FieldError[] {
  const rev = asRevision(obj);
  const errs: FieldError[] = [];
  if (rev.revision === undefined) errs.push(required('revision'));
  else if (rev.revision < 0) errs.push(invalid('revision', rev.revision, 'must be greater than or equal to 0'));
  if (rev.data === undefined) errs.push(required('data', 'data is mandatory'));
  return errs;
}

export const controllerrevisions: ResourceDef = {
  group: 'apps',
  version: 'v1',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  kind: 'ControllerRevision',
  namespaced: true,
  definition: 'io.k8s.api.apps.v1.ControllerRevision',

  validate: validateRevision,
  validateUpdate(obj, old) {
    return immutableField(asRevision(obj).data, asRevision(old).data, 'data');
  },

  columns: [
    nameColumn,
    column('Controller', 'Controller of the object'),
    column('Revision', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn,
  ],
  row(obj, now) {
    const rev = asRevision(obj);
    return [nameOf(rev.metadata), controllerName(rev), rev.revision ?? 0, ageOf(rev.metadata, now)];
  },
};
