// kubectl port-forward's far end: a TCP connection into the pod's network
// namespace, reached at the sandbox's address from the node, or through a relay
// container where that address is out of the agent's reach.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { mustInspectOwn, type DriverContext } from './context.ts';
import { LABEL_HOST_NETWORK, TYPE_SANDBOX } from './labels.ts';
import { relayConnection } from './relay.ts';
import { sandboxIP } from './status.ts';

const CONNECT_TIMEOUT_MS = 10_000;

export async function portForward(ctx: DriverContext, sandboxId: string, port: number): Promise<Duplex> {
  const info = await mustInspectOwn(ctx, sandboxId, TYPE_SANDBOX);
  if (!info.State.Running) throw new Error(`sandbox ${sandboxId} is not running`);
  if (ctx.portForwardVia === 'relay') return relayConnection(ctx, sandboxId, port);
  // a hostNetwork pod listens on the node itself, loopback included
  const host = info.Config.Labels?.[LABEL_HOST_NETWORK] === 'true' ? '127.0.0.1' : sandboxIP(info, ctx.hostIP);
  if (!host) throw new Error(`sandbox ${sandboxId} has no IP address`);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    // an unroutable sandbox address (an engine in a VM) would otherwise hang for the OS's minutes
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error(`connecting to ${host}:${port} in sandbox ${sandboxId} timed out`)));
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
