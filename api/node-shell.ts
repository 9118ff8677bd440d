// The node shell: a terminal on a node's own machine, for nodes whose agent was
// started with --node-shell. Shared by the agent (which advertises and serves
// it), the control plane (which routes to it) and the dashboard (which opens it).

/** On the Node: the agent serves a shell. Absent, or any other value: it does not. */
export const NODE_SHELL_ANNOTATION = 'flotilla.dev/node-shell';
export const NODE_SHELL_ENABLED = 'enabled';

/** The agent's node API path; the same channel protocols as exec (v5/v4.channel.k8s.io). */
export const AGENT_SHELL_PATH = '/shell';

/** Where clients open it: upstream's shape for a node's proxy subresource. */
export function nodeShellPath(node: string, query?: URLSearchParams): string {
  const path = `/api/v1/nodes/${encodeURIComponent(node)}/proxy/shell`;
  return query ? `${path}?${query.toString()}` : path;
}

export function nodeShellEnabled(node: { metadata?: { annotations?: Record<string, string> } }): boolean {
  return node.metadata?.annotations?.[NODE_SHELL_ANNOTATION] === NODE_SHELL_ENABLED;
}
