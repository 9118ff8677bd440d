// The node shell through the control plane. Only cluster admins get here (the
// authorizer lets nobody else open a /flotilla/ path), and only to a node whose
// agent advertises the shell; the agent checks again, since it was started with
// or without --node-shell and the annotation is only what it said.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AGENT_SHELL_PATH, nodeShellEnabled } from '../../../api/node-shell.ts';
import { errors } from '../../../api/status.ts';
import { forwardUpgrade } from '../apiserver/subresources/pod-streams.ts';
import { decode, type ResourceStore } from '../apiserver/storage/resource-store.ts';
import type { NodeDialer } from './node-request.ts';

export async function upgradeNodeShell(deps: { tunnels: NodeDialer; nodes(): ResourceStore }, node: string, req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
  const object = decode(await deps.nodes().get(undefined, node));
  if (!nodeShellEnabled(object)) {
    throw errors.forbidden(`node "${node}" does not offer a node shell: its agent must be started with --node-shell`);
  }
  await forwardUpgrade({ tunnels: deps.tunnels }, { node, path: `${AGENT_SHELL_PATH}${url.search}` }, `the node shell of ${node}`, req, socket, head);
}
