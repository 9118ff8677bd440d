// Nodes: cluster-scoped; the agent registers them and posts status. The table
// shows readiness, cordoning and the roles taken from node-role labels.
import type { KubeObject, Node } from '../../../../api/types.ts';
import type { ResourceDef } from '../types.ts';
import { ageColumn, ageOf, column, nameColumn, nameOf, wideColumn } from '../common/columns.ts';
import { keepAllButStatus, keepStatus } from '../common/status.ts';

const asNode = (obj: KubeObject) => obj as unknown as Node;

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** Roles from `node-role.kubernetes.io/<role>` keys and the older `kubernetes.io/role` value, sorted. */
function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
    else if (key === ROLE_LABEL && value !== '') roles.add(value);
  }
  return [...roles].sort();
}

function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodes: ResourceDef = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  singular: 'node',
  kind: 'Node',
  namespaced: false,
  shortNames: ['no'],
  definition: 'io.k8s.api.core.v1.Node',
  status: true,

  defaults(obj) {
    const node = asNode(obj);
    node.spec ??= {};
    // As upstream's SetDefaults_NodeStatus: allocatable mirrors capacity until the agent says otherwise.
    if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
  },
  prepareForUpdate: keepStatus,
  prepareForStatusUpdate: keepAllButStatus,

  columns: [
    nameColumn,
    column('Status', 'The status of the node'),
    column('Roles', 'The roles of the node'),
    ageColumn,
    column('Version', 'Kubelet Version reported by the node.'),
    wideColumn('Internal-IP', 'List of addresses reachable to the node.'),
    wideColumn('External-IP', 'List of addresses reachable to the node.'),
    wideColumn('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
    wideColumn('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
    wideColumn('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
  ],
  row(obj, now) {
    const node = asNode(obj);
    const info = node.status?.nodeInfo;
    const roles = nodeRoles(node);
    return [
      nameOf(node.metadata),
      nodeStatus(node),
      roles.length > 0 ? roles.join(',') : '<none>',
      ageOf(node.metadata, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
  fields: (obj) => ({ 'spec.unschedulable': String(asNode(obj).spec?.unschedulable ?? false) }),
};
