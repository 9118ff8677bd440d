// Starts the whole control plane in this process: store, API server, and the
// objects every cluster has. Electron's main process and `flotilla serve` both call this.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../api/types.ts';
import { namespaceLifecycle } from './apiserver/admission/namespace-lifecycle.ts';
import { serviceAllocation } from './apiserver/admission/service-allocation.ts';
import { anyOf, TokenAuthenticator } from './apiserver/auth.ts';
import { createAuthorizer, nodeRestriction, startNodeGraph } from './apiserver/authorization/index.ts';
import { readList } from './apiserver/list.ts';
import { createApiServer } from './apiserver/server.ts';
import { decode } from './apiserver/storage/resource-store.ts';
import { createWriteHooks } from './apiserver/write-hooks.ts';
import { bootstrapObjects } from './bootstrap.ts';
import { startControllerManager } from './controller-manager.ts';
import type { ControllerOptions } from './controllers/types.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { agentBundleLoader, agentBundleRoute } from './agent-bundle/routes.ts';
import { joinCommandsRoute } from './join/commands-route.ts';
import { startJoin, type IssuedCredential } from './join/index.ts';
import { ensurePki } from './pki/certificates.ts';
import { allResources } from './registry/index.ts';
import { openSqliteStore } from './store/sqlite.ts';
import { TunnelRegistry } from './tunnel/registry.ts';

export interface ControlPlaneOptions {
  dataDir: string;
  /** HOST:PORT; default 127.0.0.1:6443. Port 0 picks a free one. */
  listen?: string;
  log?: (line: string) => void;
  /** Folder of the built renderer to serve at /ui/. */
  webRoot?: string;
  /** Run the controllers and the scheduler (default), optionally with other timings. */
  controllers?: boolean | Partial<ControllerOptions>;
}

/** How in-process API clients (controllers, scheduler) reach the API. */
export interface LoopbackConfig {
  /** A local socket (Unix domain socket, or a named pipe on Windows) serving the API without TLS. */
  socketPath: string;
  token: string;
}

export interface ControlPlane {
  url: string;
  loopback: LoopbackConfig;
  adminToken: string;
  kubeconfigPath: string;
  dashboardUrl: string;
  caCertPem: string;
  caCertHash: string;
  /**
   * A node credential issued in-process, as a join would (for the local agent of
   * `flotilla serve`). The machine id defaults to this control plane's own.
   */
  issueNodeCredential(nodeName: string, machineId?: string): Promise<IssuedCredential>;
  /** The agents' tunnels, by node name. */
  tunnels: TunnelRegistry;
  stop(): Promise<void>;
}

export const DEFAULT_LISTEN = '127.0.0.1:6443';
/** The machine id of the control plane's own node, when it runs one. */
const LOCAL_MACHINE_ID = 'flotilla-control-plane';

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--listen must be HOST:PORT (for example 127.0.0.1:6443), got "${listen}"`);
  }
  return { host: m[1] ?? m[2] ?? '127.0.0.1', port };
}

/** The address clients should use: a wildcard listen address is reached through loopback. */
function clientHost(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function adminTokenOf(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'admin.token');
  try {
    const token = (await fs.readFile(file, 'utf8')).trim();
    if (token) return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = randomBytes(32).toString('base64url');
  await fs.writeFile(file, token + '\n', { mode: 0o600 });
  return token;
}

/** A socket path short enough for every platform (Unix sockets allow about 100 bytes). */
function loopbackSocketPath(dataDir: string): string {
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return process.platform === 'win32' ? `\\\\.\\pipe\\flotilla-${id}` : path.join(os.tmpdir(), `flotilla-${id}.sock`);
}

async function listenLoopback(server: HttpServer, socketPath: string): Promise<void> {
  // A socket file left by a process that was killed would make listen fail.
  if (process.platform !== 'win32') await fs.rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') await fs.chmod(socketPath, 0o600);
}

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const log = options.log ?? (() => undefined);
  const { host, port } = parseListen(options.listen ?? DEFAULT_LISTEN);
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const pki = await ensurePki(path.join(options.dataDir, 'pki'), host && host !== '0.0.0.0' && host !== '::' ? [host] : []);
  const adminToken = await adminTokenOf(options.dataDir);
  const store = await openSqliteStore({ path: path.join(options.dataDir, 'state.db') });

  const authenticator = new TokenAuthenticator();
  authenticator.add(adminToken, { name: 'admin', groups: ['system:masters', 'system:authenticated'] });
  // Like upstream's loopback client: a fresh token each start, never written to disk.
  const loopbackToken = randomBytes(32).toString('base64url');
  authenticator.add(loopbackToken, { name: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] });
  const socketPath = loopbackSocketPath(options.dataDir);
  const join = await startJoin({
    store,
    caCertPem: pki.caCertPem,
    secrets: () => api.registryOf('', 'secrets')!,
    log,
    onCredentialRevoked: (node) => tunnels.disconnect(node, 'its credential was revoked or replaced'),
  });
  const nodeGraph = await startNodeGraph(store);

  let ready = false;
  const namespaceCache = new Map<string, { revision: number; object: KubeObject }>();
  const resources = allResources;
  const byResource = (group: string, resource: string) => resources.find((d) => d.group === group && d.resource === resource)!;
  const tunnels = new TunnelRegistry({ log });
  const agentBundle = agentBundleLoader(path.join(options.dataDir, 'agent-bundle'), log);
  let url = '';
  const api = createApiServer({
    tunnels,
    store,
    resources,
    authenticator: anyOf(authenticator, join.authenticator),
    authorizer: createAuthorizer(nodeGraph.graph),
    publicRoutes: [join.route, agentBundleRoute(agentBundle)],
    adminRoutes: [joinCommandsRoute({ server: () => url, caCertPem: pki.caCertPem, agentSha256: async () => (await agentBundle()).sha256, secrets: () => api.registryOf('', 'secrets')!, log })],
    hooks: createWriteHooks(),
    admission: [
      nodeRestriction(),
      namespaceLifecycle(async (name) => {
        const kv = await api.registryOf('', 'namespaces')!.get(undefined, name).catch(() => undefined);
        if (!kv) return undefined;
        // Every namespaced write asks; parse each namespace revision once.
        const cached = namespaceCache.get(name);
        if (cached?.revision === kv.revision) return cached.object;
        const object = decode(kv);
        namespaceCache.set(name, { revision: kv.revision, object });
        return object;
      }),
      serviceAllocation(async () => {
        const list = await readList(store, byResource('', 'services'), { selection: { everything: true, matches: () => true } });
        return list.items.map((kv) => decode(kv) as KubeObject);
      }),
    ],
    tls: { cert: pki.servingCertPem, key: pki.servingKeyPem },
    webRoot: options.webRoot,
    ready: () => ready,
  });

  await new Promise<void>((resolve, reject) => {
    api.server.once('error', reject);
    api.server.listen(port, host || undefined, () => {
      api.server.off('error', reject);
      resolve();
    });
  });
  await listenLoopback(api.loopback, socketPath);
  const actualPort = (api.server.address() as AddressInfo).port;
  url = `https://${clientHost(host)}:${actualPort}`;
  await bootstrapObjects(api.registryOf, url);
  const kubeconfigPath = path.join(options.dataDir, 'admin.kubeconfig');
  await writeKubeconfig(kubeconfigPath, { server: url, caCertPem: pki.caCertPem, token: adminToken, user: 'admin' });
  const manager = options.controllers === false
    ? undefined
    : startControllerManager({ socketPath, token: loopbackToken }, log, options.controllers === true ? {} : options.controllers);
  ready = true;
  log(`Flotilla API server listening on ${url}`);

  return {
    url,
    loopback: { socketPath, token: loopbackToken },
    adminToken,
    kubeconfigPath,
    dashboardUrl: `${url}/ui/`,
    caCertPem: pki.caCertPem,
    caCertHash: pki.caCertHash,
    tunnels,
    issueNodeCredential: (nodeName, machineId = LOCAL_MACHINE_ID) => join.issueNodeCredential(nodeName, machineId),
    async stop() {
      ready = false;
      await manager?.stop();
      // Spliced exec and port-forward sockets would otherwise keep the server from closing.
      tunnels.close();
      for (const server of [api.server, api.loopback]) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      join.stop();
      nodeGraph.stop();
      await store.close();
    },
  };
}
