// Single probe attempts against real servers (httpGet, tcpSocket) and the fake runtime (exec).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../../agent/probes/index.ts';
import { createFakeRuntime } from '../../../agent/runtime/fake/index.ts';
import type { Runtime } from '../../../agent/runtime/types.ts';

describe('probes', () => {
  let server: http.Server;
  let port: number;
  const seen: http.IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.statusCode = req.url === '/healthz' ? 200 : req.url === '/moved' ? 302 : 503;
      res.end('body');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const container = () => ({ name: 'c', ports: [{ name: 'http', containerPort: port }] });
  const target = (runtime = {} as Runtime, containerId = '') => ({ runtime, containerId, container: container(), podIP: '127.0.0.1' });

  it('httpGet: 200-399 succeed, others fail with the status code; named ports and headers', async () => {
    expect((await runProbe({ httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] } }, target())).success).toBe(true);
    expect(seen.at(-1)!['x-probe']).toBe('yes');
    expect((await runProbe({ httpGet: { path: '/moved', port } }, target())).success).toBe(true);
    expect(await runProbe({ httpGet: { path: '/bad', port } }, target())).toEqual({ success: false, output: 'HTTP probe failed with statuscode: 503' });
  });

  it('tcpSocket: connects or fails with the dial error', async () => {
    expect((await runProbe({ tcpSocket: { port } }, target())).success).toBe(true);
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const failed = await runProbe({ tcpSocket: { port: free } }, target());
    expect(failed.success).toBe(false);
    expect(failed.output).toMatch(new RegExp(`^dial tcp 127\\.0\\.0\\.1:${free}: .*ECONNREFUSED`));
  });

  it('exec: exit 0 succeeds, output is kept for the event', async () => {
    const runtime = createFakeRuntime({ agentId: 'probe-test', nodeName: 'n', log: () => {}, behaviour: { images: ['busybox:1'] } });
    const meta = { uid: 'u', namespace: 'default', name: 'p', attempt: 0 };
    const sandbox = { metadata: meta, hostname: 'p', hostNetwork: false, portMappings: [], labels: {}, annotations: {} };
    const sid = await runtime.runPodSandbox(sandbox);
    const id = await runtime.createContainer(sid, {
      name: 'c', attempt: 0, image: 'busybox:1', command: [], args: [], env: [], mounts: [], ports: [], tty: false, stdin: false, stdinOnce: false,
      resources: {}, securityContext: {}, labels: {}, annotations: {},
    }, sandbox);
    await runtime.startContainer(id);
    expect(await runProbe({ exec: { command: ['true'] } }, target(runtime, id))).toEqual({ success: true, output: '' });
    expect(await runProbe({ exec: { command: ['sh', '-c', 'echo nope; exit 1'] } }, target(runtime, id))).toEqual({ success: false, output: 'nope' });
    await runtime.close();
  });
});
