// A real control plane on a free loopback port with its own temp data dir, and a
// real kubectl pointed at it through a kubeconfig this helper wrote.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../api/types.ts';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../electron/control-plane/index.ts';
import { runCommand, type RunResult } from './run.ts';

/** What the API answers: an object, a list or a Status. */
export type ApiBody = KubeObject & { items?: KubeObject[]; message?: string; reason?: string; code?: number };

export type { RunResult } from './run.ts';

export interface TestCluster {
  cp: ControlPlane;
  dir: string;
  kubectlPath: string;
  kubectl(args: string[], opts?: { input?: string; env?: Record<string, string> }): Promise<RunResult>;
  /** Fetches an API path with the admin token; returns status and parsed body. */
  api(method: string, apiPath: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: ApiBody; headers: Headers }>;
  stop(): Promise<void>;
}

export const KUBECTL = process.env.FLOTILLA_KUBECTL ?? '/usr/bin/kubectl';

export type ApiCall = TestCluster['api'];

/** kubectl against `kubeconfigPath`, with its cache and HOME inside the test's own `dir`. */
export function kubectlRunner(kubectlPath: string, kubeconfigPath: string, dir: string): TestCluster['kubectl'] {
  const cacheDir = path.join(dir, 'kube-cache');
  return (args, opts = {}) =>
    runCommand(kubectlPath, ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...opts.env },
      input: opts.input,
    });
}

/** Requests to an API server as the bearer of `token`, trusting only `ca`. */
export function apiCaller(baseUrl: string, token: string, ca: string): ApiCall {
  return async (method, apiPath, body, headers = {}) => {
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = request(baseUrl + apiPath, {
        method,
        ca,
        // Node sends no Content-Length for a DELETE body by itself.
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(payload === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(payload)) }), ...headers },
      }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d));
        res.on('end', () => {
          let parsed = text as unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            // non-JSON answers (healthz) stay text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as ApiBody, headers: new Headers(res.headers as Record<string, string>) });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  };
}

/**
 * Controllers are off unless asked for: most suites test the API alone, or start the
 * controllers they test themselves.
 */
export async function startTestCluster(kubectlPath = KUBECTL, options: Pick<ControlPlaneOptions, 'controllers'> = {}): Promise<TestCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-test-'));
  const cp = await startControlPlane({ dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', controllers: options.controllers ?? false });
  const kubectl = kubectlRunner(kubectlPath, cp.kubeconfigPath, dir);
  const api = apiCaller(cp.url, cp.adminToken, cp.caCertPem);
  return {
    cp,
    dir,
    kubectlPath,
    kubectl,
    api,
    async stop() {
      await cp.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
