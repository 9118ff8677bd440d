// The node shell: a terminal on a node's own machine, for nodes whose agent was
// started with --node-shell. Shared by the agent (which advertises and serves
// it), the control plane (which routes to it) and the dashboard (which opens it).

/** On the Node: the agent serves a shell. Absent, or any other value: it does not. */
export const NODE_SHELL_ANNOTATION = 'flotilla.dev/node-shell';
export const NODE_SHELL_ENABLED = 'enabled';

/** The agent's node API path; the same channel protocols as exec (v5/v4.channel.k8s.io). */
export const AGENT_SHELL_PATH = '/shell';

const PREFIX = '/flotilla/v1/nodes/';
const SUFFIX = '/shell';

/**
 * Where clients open it. Beside the API's resource paths on purpose: a path there
 * that is not a resource counts as public discovery info, while a /flotilla/ path
 * is for cluster admins only, which a shell on a machine must be.
 */
export function nodeShellPath(node: string, query?: URLSearchParams): string {
  const path = `${PREFIX}${encodeURIComponent(node)}${SUFFIX}`;
  return query ? `${path}?${query.toString()}` : path;
}

/** The node a request path names, when it is a node shell path. */
export function nodeOfShellPath(pathname: string): string | undefined {
  if (!pathname.startsWith(PREFIX) || !pathname.endsWith(SUFFIX)) return undefined;
  const segment = pathname.slice(PREFIX.length, -SUFFIX.length);
  if (!segment || segment.includes('/')) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function nodeShellEnabled(node: { metadata?: { annotations?: Record<string, string> } }): boolean {
  return node.metadata?.annotations?.[NODE_SHELL_ANNOTATION] === NODE_SHELL_ENABLED;
}
