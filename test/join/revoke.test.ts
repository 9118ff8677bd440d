// A node credential that is revoked (its Secret deleted) or replaced (the machine
// joined again) closes the tunnel it opened, and the old token cannot open another.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectTunnel } from '../../agent/tunnel/index.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/eventually.ts';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(() => c.stop());

function tunnelWith(token: string, log: string[]) {
  return connectTunnel({
    server: c.cp.url, caCertPem: c.cp.caCertPem, token,
    onStream: (d) => d.destroy(),
    log: (line) => log.push(line),
    backoff: { initialMs: 50, maxMs: 200 },
  });
}

it('closes the tunnel of a node whose credential Secret is deleted, and refuses it after', async () => {
  const { token } = await c.cp.issueNodeCredential('gone', 'machine-gone');
  const log: string[] = [];
  const tunnel = tunnelWith(token, log);
  try {
    await eventually('the tunnel', () => c.cp.tunnels.isConnected('gone'));
    expect((await c.api('DELETE', '/api/v1/namespaces/kube-system/secrets/node-credential-gone')).status).toBe(200);
    await eventually('the tunnel closed', () => !c.cp.tunnels.isConnected('gone'));
    await eventually('a refused reconnect', () => log.some((l) => /401|Unauthorized/.test(l)));
    expect(c.cp.tunnels.isConnected('gone')).toBe(false);
  } finally {
    await tunnel.close();
  }
});

it('a new join of the node closes the tunnel of its old credential', async () => {
  const first = await c.cp.issueNodeCredential('again', 'machine-again');
  const tunnel = tunnelWith(first.token, []);
  try {
    await eventually('the tunnel', () => c.cp.tunnels.isConnected('again'));
    await c.cp.issueNodeCredential('again', 'machine-again');
    await eventually('the old tunnel closed', () => !c.cp.tunnels.isConnected('again'));
  } finally {
    await tunnel.close();
  }
});
