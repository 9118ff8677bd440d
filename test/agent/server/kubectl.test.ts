// The real kubectl against the node server, through a stand-in for the control
// plane's pod subresources that forwards requests byte for byte (as the tunnel
// will), rewriting only the path: kubectl's own protocol code is the judge.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KUBECTL } from '../../helpers/cluster.ts';
import { IMAGE, runPod, startFixture, type Fixture } from './fixture.ts';
import { httpGetText } from '../../helpers/http.ts';
import { forwardPortsToLocalServer } from '../../helpers/runtime.ts';

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-web' }, spec: { containers: [{ name: 'app', image: IMAGE }] }, status: { phase: 'Running' } };

const DISCOVERY: Record<string, unknown> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0-flotilla', platform: 'linux/amd64' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList', groupVersion: 'v1', resources: [
      { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
      ...['exec', 'attach', 'portforward', 'log'].map((sub) => ({ name: `pods/${sub}`, singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'create'] })),
    ],
  },
  '/api/v1/namespaces/default/pods/web': POD,
};

/** `/api/v1/namespaces/NS/pods/NAME/SUB?…&container=C` → the node's path, `container` moved from the query into it. */
function nodePath(url: string): string | undefined {
  const u = new URL(url, 'http://x');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward|log)$/.exec(u.pathname);
  if (!m) return undefined;
  const [, ns, pod, sub] = m;
  const container = u.searchParams.get('container') ?? 'app';
  u.searchParams.delete('container');
  const q = u.searchParams.toString() ? `?${u.searchParams}` : '';
  if (sub === 'portforward') return `/portForward/${ns}/${pod}${q}`;
  return `/${sub === 'log' ? 'containerLogs' : sub}/${ns}/${pod}/${container}${q}`;
}

function startFront(nodePort: number): Promise<http.Server> {
  const front = http.createServer((req, res) => {
    const target = nodePath(req.url ?? '/');
    if (target) {
      http.get({ host: '127.0.0.1', port: nodePort, path: target }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      return;
    }
    const body = DISCOVERY[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  front.on('upgrade', (req, socket, head) => {
    const target = nodePath(req.url ?? '/');
    if (!target) return socket.destroy();
    const up = net.connect(nodePort, '127.0.0.1', () => {
      let raw = `${req.method} ${target} HTTP/1.1\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(raw + '\r\n');
      up.write(head);
      up.pipe(socket).pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  return new Promise((resolve) => front.listen(0, '127.0.0.1', () => resolve(front)));
}

describe.skipIf(!existsSync(KUBECTL))('the real kubectl through the node server', () => {
  let f: Fixture;
  let front: http.Server;
  let cacheDir: string;
  let server: string;
  beforeEach(async () => {
    f = await startFixture();
    front = await startFront(Number(new URL(f.base).port));
    server = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    cacheDir = await mkdtemp(path.join(tmpdir(), 'flotilla-kubectl-'));
    await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo hello from the log; sleep infinity']);
  });
  afterEach(async () => {
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await f.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  const args = (...rest: string[]) => [`--server=${server}`, `--cache-dir=${cacheDir}`, '--request-timeout=20s', ...rest];
  const kubectl = (rest: string[], input?: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(KUBECTL, args(...rest), { env: { ...process.env, KUBECONFIG: '/dev/null' }, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
      if (input !== undefined) child.stdin!.end(input);
    });

  it('kubectl logs', async () => {
    const r = await kubectl(['logs', 'web', '-c', 'app']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello from the log\n');
  });

  it('kubectl exec: output, stdin and the exit code', async () => {
    const ok = await kubectl(['exec', 'web', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2']);
    expect(ok).toMatchObject({ code: 0, stdout: 'out\n', stderr: 'err\n' });
    const failed = await kubectl(['exec', 'web', '-c', 'app', '--', 'sh', '-c', 'exit 3']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('command terminated with exit code 3');
    const piped = await kubectl(['exec', '-i', 'web', '-c', 'app', '--', 'cat'], 'through stdin\n');
    expect(piped).toMatchObject({ code: 0, stdout: 'through stdin\n' });
  });

  it('kubectl port-forward carries an HTTP request', async () => {
    const closeApp = await forwardPortsToLocalServer(f.runtime);
    const child = spawn(KUBECTL, args('port-forward', 'pod/web', ':80'), { env: { ...process.env, KUBECONFIG: '/dev/null' } });
    try {
      const localPort = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`kubectl port-forward exited ${code}`)));
      });
      for (const url of ['/one', '/two']) {
        const body = await httpGetText(localPort, url);
        expect(body).toBe(`pod got ${url}`);
      }
    } finally {
      child.kill();
      closeApp();
    }
  });
});
