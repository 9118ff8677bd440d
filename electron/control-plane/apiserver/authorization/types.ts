// Authorization: may this user do this request. Runs after authentication and
// before anything is read or written, as upstream's WithAuthorization filter.
import type { UserInfo } from '../auth.ts';

export interface ResourceAttributes {
  kind: 'resource';
  verb: string;
  /** '' for the core group. */
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The raw fieldSelector of a list or watch. */
  fieldSelector?: string;
}

export interface NonResourceAttributes {
  kind: 'nonresource';
  /** The HTTP method, lowercased (upstream's non-resource verbs). */
  verb: string;
  path: string;
}

export type Attributes = ResourceAttributes | NonResourceAttributes;

export type Decision = { allowed: true } | { allowed: false; reason: string };

export interface Authorizer {
  /** Throws a 403 Forbidden StatusError when `user` may not do what `attrs` describe. */
  authorize(user: UserInfo, attrs: Attributes): void;
}

export const MASTERS_GROUP = 'system:masters';
export const NODES_GROUP = 'system:nodes';
const NODE_USER_PREFIX = 'system:node:';

/** The node a user speaks for, when it is a node's credential. */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.groups.includes(NODES_GROUP) || !user.name.startsWith(NODE_USER_PREFIX)) return undefined;
  const name = user.name.slice(NODE_USER_PREFIX.length);
  return name === '' ? undefined : name;
}
