// Namespaces: cluster-scoped, phase Active until deletion, and the "kubernetes"
// finalizer that the namespace controller removes once the contents are gone.
import type { Namespace } from '../../../../api/types.ts';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../common/columns.ts';
import { keepStatus, keepAllButStatus } from '../common/status.ts';

const asNamespace = (obj: KubeObject) => obj as unknown as Namespace;

export const namespaces: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  definition: 'io.k8s.api.core.v1.Namespace',
  status: true,

  defaults(obj) {
    const ns = asNamespace(obj);
    ns.spec ??= {};
    // Upstream labels every namespace with its own name, so selectors can pick namespaces by name.
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
  },
  prepareForCreate(obj) {
    const ns = asNamespace(obj);
    // Every namespace starts Active with the finalizer that guards its contents.
    ns.status = { phase: 'Active' };
    const finalizers = ns.spec?.finalizers ?? [];
    ns.spec = { ...ns.spec, finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
    // spec.finalizers change only through the finalize subresource upstream.
    asNamespace(obj).spec = asNamespace(old).spec;
  },
  prepareForStatusUpdate: keepAllButStatus,

  columns: [nameColumn, column('Status', 'The status of the namespace'), ageColumn],
  row(obj, now) {
    const ns = asNamespace(obj);
    return [nameOf(ns.metadata), ns.status?.phase ?? '', ageOf(ns.metadata, now)];
  },
  fields: (obj) => ({ 'status.phase': asNamespace(obj).status?.phase ?? '' }),
};
