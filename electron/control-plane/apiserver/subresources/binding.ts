// pods/binding: how a scheduler assigns a pod to a node (set once, never moved).
import { errors } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceStore, WriteOptions } from '../storage/resource-store.ts';

export async function bindPod(pods: ResourceStore, namespace: string, name: string, binding: KubeObject, opts: WriteOptions): Promise<void> {
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  if (!target?.name) {
    throw errors.invalid('Binding', '', name, [{ type: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  }
  if (target.kind && target.kind !== 'Node') {
    throw errors.invalid('Binding', '', name, [{ type: 'FieldValueNotSupported', field: 'target.kind', message: `Unsupported value: ${JSON.stringify(target.kind)}: supported values: "Node"` }]);
  }
  await pods.guaranteedUpdate(namespace, name, (pod) => {
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (pod.metadata.deletionTimestamp) throw errors.conflict('pods', '', name, 'pod is being deleted, cannot be assigned to a host');
    if (spec.nodeName) throw errors.conflict('pods', '', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata.uid) throw errors.conflict('pods', '', name, 'the UID in the binding does not match the pod');
    spec.nodeName = target.name;
    pod.spec = spec;
    const status = (pod.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    pod.status = { ...status, conditions };
    return pod;
  }, { ...opts, subresource: 'binding' });
}
