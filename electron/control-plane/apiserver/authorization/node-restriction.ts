// NodeRestriction admission: what the authorizer cannot see because it lives in the
// body. A node may write only its own Node (and only the labels a kubelet sets), its
// own Lease, mirror pods bound to itself, and the status of pods bound to itself.
import type { Node, Pod } from '../../../../api/types.ts';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission/types.ts';
import { admissionForbidden } from './forbidden.ts';
import { NODE_LEASE_NAMESPACE } from './node-authorizer.ts';
import { podReferences } from './node-graph.ts';
import { requestUser } from './request-user.ts';
import { nodeNameOf } from './types.ts';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** Labels a kubelet sets on its own Node (upstream's kubeletapis.KubeletLabels and label namespaces). */
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os',
  'beta.kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone', 'topology.kubernetes.io/region',
]);
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function labelNamespace(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function inNamespace(ns: string, domain: string): boolean {
  return ns === domain || ns.endsWith('.' + domain);
}

/** Labels under kubernetes.io or k8s.io that are not a kubelet's to set. */
function restrictedLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return false;
  const ns = labelNamespace(key);
  if (KUBELET_LABEL_NAMESPACES.some((d) => inNamespace(ns, d))) return false;
  return inNamespace(ns, 'kubernetes.io') || inNamespace(ns, 'k8s.io');
}

function changedLabels(next: Record<string, string> = {}, old: Record<string, string> = {}): string[] {
  const keys = new Set([...Object.keys(next), ...Object.keys(old)]);
  return [...keys].filter((k) => next[k] !== old[k]).sort();
}

function admitNode(node: string, a: AdmissionAttributes): void {
  const refuse = (reason: string) => admissionForbidden('nodes', '', a.name, reason);
  if (a.name !== node) throw refuse(`node "${node}" is not allowed to modify node "${a.name}"`);
  if (a.operation === 'DELETE') return;
  const next = a.object as Node;
  const old = a.oldObject as Node | undefined;
  const bad = changedLabels(next.metadata?.labels, old?.metadata?.labels).filter(restrictedLabel);
  if (bad.length > 0) {
    throw refuse(old ? `node "${node}" is not allowed to modify labels: ${bad.join(', ')}` : `node "${node}" is not allowed to set the following labels: ${bad.join(', ')}`);
  }
  if (old && JSON.stringify(next.spec?.taints ?? []) !== JSON.stringify(old.spec?.taints ?? [])) {
    throw refuse(`node "${node}" is not allowed to modify taints`);
  }
}

function admitPod(node: string, a: AdmissionAttributes): void {
  const refuse = (reason: string) => admissionForbidden('pods', '', a.name, reason);
  if (a.operation === 'CREATE') {
    const pod = a.object as Pod;
    if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
      throw refuse(`pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${node}" can only create mirror pods`);
    }
    if (pod.spec?.nodeName !== node) throw refuse(`node "${node}" can only create pods with spec.nodeName set to itself`);
    // A mirror pod must not become a way to read objects the node could not read otherwise.
    for (const ref of podReferences(pod)) {
      const [resource, , name] = ref.split('/');
      if (resource === 'serviceaccounts' && name === 'default') continue;
      throw refuse(`node "${node}" can not create pods that reference ${resource}`);
    }
    return;
  }
  const old = (a.oldObject ?? a.object) as Pod;
  if (old.spec?.nodeName !== node) {
    const action = a.operation === 'DELETE' ? 'delete pods' : 'update pod status for pods';
    throw refuse(`node "${node}" can only ${action} with spec.nodeName set to itself`);
  }
  if (a.operation === 'UPDATE' && a.subresource !== 'status') throw refuse(`node "${node}" can only update pod status`);
}

function admitLease(node: string, a: AdmissionAttributes): void {
  if (a.operation === 'DELETE') return;
  if (a.namespace !== NODE_LEASE_NAMESPACE || a.name !== node) {
    throw admissionForbidden('leases', 'coordination.k8s.io', a.name, 'can only access node lease with the same name as the requesting node');
  }
}

export function nodeRestriction(): AdmissionPlugin {
  return {
    name: 'NodeRestriction',
    validate(a: AdmissionAttributes) {
      const user = requestUser.getStore();
      const node = user && nodeNameOf(user);
      if (node === undefined) return;
      const { group, resource } = a.def.storageOf ?? a.def;
      if (group === '' && resource === 'nodes') admitNode(node, a);
      else if (group === '' && resource === 'pods') admitPod(node, a);
      else if (group === 'coordination.k8s.io' && resource === 'leases') admitLease(node, a);
    },
  };
}

