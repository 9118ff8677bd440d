// The whole path kubectl's streams take: real kubectl → API server → tunnel →
// the agent's real node server over the fake runtime.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTunnel, type Tunnel } from '../../agent/tunnel/index.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually } from '../helpers/eventually.ts';
import { IMAGE, runPod, startFixture, type Fixture } from '../agent/server/fixture.ts';
import { httpGetText } from '../helpers/http.ts';
import { forwardPortsToLocalServer } from '../helpers/runtime.ts';

let cluster: TestCluster;
let f: Fixture;
let tunnel: Tunnel;

beforeAll(async () => {
  cluster = await startTestCluster();
  f = await startFixture();
  await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo hello from the log; sleep infinity']);
  expect((await cluster.api('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } })).status).toBe(201);
  const pod = await cluster.api('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node-a', containers: [{ name: 'app', image: IMAGE }] },
  });
  expect(pod.status).toBe(201);
  // kubectl port-forward wants a Running pod.
  const status = await cluster.api('PUT', '/api/v1/namespaces/default/pods/web/status', { ...pod.body, status: { phase: 'Running' } });
  expect(status.status).toBe(200);
  const { token } = await cluster.cp.issueNodeCredential('node-a', 'machine-a');
  tunnel = connectTunnel({ server: cluster.cp.url, caCertPem: cluster.cp.caCertPem, token, onStream: (d) => f.node.acceptConnection(d), log: () => undefined });
  await eventually('the tunnel', () => cluster.cp.tunnels.isConnected('node-a'));
}, 60_000);

afterAll(async () => {
  await tunnel?.close();
  await f?.close();
  await cluster?.stop();
});

describe('kubectl through the tunnel to the node server', () => {
  it('kubectl logs', async () => {
    const r = await cluster.kubectl(['logs', 'web']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello from the log\n');
  });

  it('kubectl exec: output, stdin and the exit code', async () => {
    expect(await cluster.kubectl(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2'])).toMatchObject({ code: 0, stdout: 'out\n', stderr: 'err\n' });
    const failed = await cluster.kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('command terminated with exit code 3');
    expect(await cluster.kubectl(['exec', '-i', 'web', '--', 'cat'], { input: 'through stdin\n' })).toMatchObject({ code: 0, stdout: 'through stdin\n' });
  });

  it('kubectl port-forward carries HTTP requests', async () => {
    const closeApp = await forwardPortsToLocalServer(f.runtime);
    const child = spawn(cluster.kubectlPath, ['--kubeconfig', cluster.cp.kubeconfigPath, '--cache-dir', `${cluster.dir}/kube-cache`, 'port-forward', 'pod/web', ':80'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cluster.dir } });
    try {
      const localPort = await new Promise<number>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stderr.on('data', (c: Buffer) => (err += c.toString()));
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`kubectl port-forward exited ${code}: ${err}`)));
      });
      for (const path of ['/one', '/two']) {
        const body = await httpGetText(localPort, path);
        expect(body).toBe(`pod got ${path}`);
      }
    } finally {
      child.kill();
      closeApp();
    }
  });
});
