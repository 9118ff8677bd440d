// What a node's credential may do (agent/README.md, "Node authorization"): its own
// Node and Lease, its own pods, the objects those pods use, and the read-only
// objects every node needs for the environment and the service proxy.
import { parseFieldSelector } from '../../../../api/fields.ts';
import type { NodeGraph, ReferencedResource } from './node-graph.ts';
import type { Decision, ResourceAttributes } from './types.ts';

const ALLOW: Decision = { allowed: true };
const deny = (reason = ''): Decision => ({ allowed: false, reason });

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const REFERENCED = new Set<string>(['secrets', 'configmaps', 'serviceaccounts', 'persistentvolumeclaims']);
const READABLE = new Set<string>(['services', 'endpoints', 'namespaces']);
const READ_VERBS = new Set(['get', 'list', 'watch']);

/** The value a `field=value` term pins, or undefined when the selector does not pin it (or does not parse). */
function pinned(fieldSelector: string | undefined, field: string): string | undefined {
  if (!fieldSelector) return undefined;
  try {
    return parseFieldSelector(fieldSelector).exactMatch(field);
  } catch {
    return undefined;
  }
}

function noRelationship(node: string): Decision {
  return deny(`no relationship found between node '${node}' and this object`);
}

function nodeRule(node: string, a: ResourceAttributes): Decision {
  if (a.subresource !== undefined && a.subresource !== 'status') return deny();
  if (a.verb === 'create' && a.subresource === undefined) return ALLOW;
  if (a.verb === 'list' || a.verb === 'watch') {
    return pinned(a.fieldSelector, 'metadata.name') === node ? ALLOW : deny(`node '${node}' can only ${a.verb} its own node (fieldSelector metadata.name=${node})`);
  }
  if (!['get', 'update', 'patch'].includes(a.verb)) return deny();
  return a.name === node ? ALLOW : deny(`node '${node}' cannot ${a.verb} unrelated node`);
}

function leaseRule(node: string, a: ResourceAttributes): Decision {
  if (a.namespace !== NODE_LEASE_NAMESPACE || a.subresource !== undefined) return deny();
  // A create names its object in the body; NodeRestriction admission checks that name.
  if (a.verb === 'create') return ALLOW;
  if (a.verb !== 'get' && a.verb !== 'update') return deny();
  return a.name === node ? ALLOW : deny(`can only access node lease with the same name as the requesting node`);
}

function podRule(node: string, graph: NodeGraph, a: ResourceAttributes): Decision {
  if (a.verb === 'list' || a.verb === 'watch') {
    if (a.subresource !== undefined) return deny();
    return pinned(a.fieldSelector, 'spec.nodeName') === node ? ALLOW : deny(`node '${node}' can only ${a.verb} pods with fieldSelector spec.nodeName=${node}`);
  }
  // Mirror pods: NodeRestriction admission checks the body (annotation, spec.nodeName).
  if (a.verb === 'create' && a.subresource === undefined) return ALLOW;
  const allowedHere = a.subresource === undefined ? a.verb === 'get' || a.verb === 'delete' : a.subresource === 'status' && ['get', 'update', 'patch'].includes(a.verb);
  if (!allowedHere || !a.namespace || !a.name) return deny();
  return graph.podNode(a.namespace, a.name) === node ? ALLOW : noRelationship(node);
}

function referencedRule(node: string, graph: NodeGraph, a: ResourceAttributes): Decision {
  if (a.subresource !== undefined || !a.namespace) return deny();
  // The kubelet watches a single referenced object by name, as upstream allows.
  const name = a.verb === 'get' ? a.name : a.verb === 'list' || a.verb === 'watch' ? pinned(a.fieldSelector, 'metadata.name') : undefined;
  if (!name) return deny();
  return graph.references(node, a.resource as ReferencedResource, a.namespace, name) ? ALLOW : noRelationship(node);
}

export function authorizeNode(node: string, graph: NodeGraph, a: ResourceAttributes): Decision {
  if (a.group === '' && a.resource === 'nodes') return nodeRule(node, a);
  if (a.group === 'coordination.k8s.io' && a.resource === 'leases') return leaseRule(node, a);
  if (a.group === '' && a.resource === 'pods') return podRule(node, graph, a);
  // The shared event recorder patches repeats of an event it already created.
  if ((a.group === '' || a.group === 'events.k8s.io') && a.resource === 'events') {
    return a.subresource === undefined && ['create', 'update', 'patch'].includes(a.verb) ? ALLOW : deny();
  }
  if (a.group === '' && REFERENCED.has(a.resource)) return referencedRule(node, graph, a);
  if (a.group === '' && READABLE.has(a.resource)) return a.subresource === undefined && READ_VERBS.has(a.verb) ? ALLOW : deny();
  return deny();
}
