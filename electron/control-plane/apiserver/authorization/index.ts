// The authorizer chain: system:masters may do anything; nodes get the node rules;
// every authenticated user may read discovery, OpenAPI and health, as upstream's
// system:discovery and system:public-info-viewer roles allow. Everything else is 403.
import type { UserInfo } from '../auth.ts';
import { forbidden } from './forbidden.ts';
import { authorizeNode } from './node-authorizer.ts';
import type { NodeGraph } from './node-graph.ts';
import { MASTERS_GROUP, nodeNameOf, type Attributes, type Authorizer } from './types.ts';

export { nodeNameOf, type Attributes, type Authorizer } from './types.ts';
export { requestUser } from './request-user.ts';
export { startNodeGraph, type NodeGraph } from './node-graph.ts';
export { nodeRestriction } from './node-restriction.ts';

export const TUNNEL_PATH = '/flotilla/v1/tunnel';

const PUBLIC_INFO = new Set(['/api', '/apis', '/version', '/healthz', '/livez', '/readyz', '/openapi/v2', '/openapi/v3']);

function isPublicInfo(path: string): boolean {
  const trimmed = path.replace(/\/+$/, '') || '/';
  return PUBLIC_INFO.has(trimmed) || trimmed.startsWith('/api/') || trimmed.startsWith('/apis/') || trimmed.startsWith('/openapi/v3/');
}

export function createAuthorizer(graph: NodeGraph): Authorizer {
  return {
    authorize(user: UserInfo, attrs: Attributes): void {
      if (user.groups.includes(MASTERS_GROUP)) return;
      const node = nodeNameOf(user);
      if (attrs.kind === 'nonresource') {
        if ((attrs.verb === 'get' || attrs.verb === 'head') && isPublicInfo(attrs.path)) return;
        // A node's tunnel is registered under the node its credential names, so it can only be its own.
        if (node !== undefined && attrs.path === TUNNEL_PATH && attrs.verb === 'get') return;
        throw forbidden(user, attrs, '');
      }
      if (node === undefined) throw forbidden(user, attrs, '');
      const decision = authorizeNode(node, graph, attrs);
      if (!decision.allowed) throw forbidden(user, attrs, decision.reason);
    },
  };
}
