// An agent's tunnel to a test server: the server routes its tunnel upgrades to the
// registry, and every stream the control plane opens is handed to `node`, the
// stand-in for the agent's node API.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectTunnel, type Tunnel } from '../../agent/tunnel/index.ts';
import type { TunnelRegistry } from '../../electron/control-plane/tunnel/registry.ts';
import { eventually } from './eventually.ts';

export interface TestTunnel {
  url: string;
  tunnel: Tunnel;
  /** Closes the tunnel, the registry and the server. */
  close(): Promise<void>;
}

export async function connectTestTunnel(server: http.Server, node: http.Server, tunnels: TunnelRegistry, nodeName: string): Promise<TestTunnel> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tunnel = connectTunnel({ server: url, caCertPem: '', token: 't', onStream: (d) => node.emit('connection', d), log: () => undefined });
  await eventually('the tunnel', () => tunnels.isConnected(nodeName));
  return {
    url,
    tunnel,
    async close() {
      await tunnel.close();
      tunnels.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
