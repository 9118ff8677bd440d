// NamespaceLifecycle: nothing is created in a namespace that is missing or being
// deleted, and the system namespaces cannot be deleted (upstream's plugin of the same name).
import { errors, StatusError } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import type { AdmissionPlugin } from './types.ts';

export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export function namespaceLifecycle(getNamespace: (name: string) => Promise<KubeObject | undefined>): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    async validate(attrs) {
      if (attrs.def.group === '' && attrs.def.resource === 'namespaces') {
        if (attrs.operation === 'DELETE' && IMMORTAL_NAMESPACES.includes(attrs.name)) {
          throw new StatusError(403, 'Forbidden', `namespaces "${attrs.name}" is forbidden: this namespace may not be deleted`, { name: attrs.name, kind: 'namespaces' });
        }
        return;
      }
      if (!attrs.def.namespaced || attrs.operation !== 'CREATE' || !attrs.namespace) return;
      const ns = await getNamespace(attrs.namespace);
      if (!ns) throw errors.notFound('namespaces', '', attrs.namespace);
      // Events about a namespace's own teardown must still be recordable, as upstream allows.
      const isEvent = attrs.def.resource === 'events';
      if (ns.metadata.deletionTimestamp && !isEvent) {
        throw new StatusError(403, 'Forbidden',
          `${attrs.def.resource} "${attrs.name}" is forbidden: unable to create new content in namespace ${attrs.namespace} because it is being terminated`,
          { name: attrs.name, group: attrs.def.group, kind: attrs.def.resource, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${attrs.namespace} is being terminated`, field: 'metadata.namespace' }] });
      }
    },
  };
}
