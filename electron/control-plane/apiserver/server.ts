// The HTTPS API server: authentication, then routing to discovery, OpenAPI or a resource.
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import { errors, StatusError } from '../../../api/status.ts';
import type { Store } from '../store/types.ts';
import type { ResourceDef } from '../registry/types.ts';
import type { AdmissionPlugin } from './admission/types.ts';
import type { Authenticator } from './auth.ts';
import { attributesOf } from './authorization/attributes.ts';
import { requestUser } from './authorization/request-user.ts';
import type { Authorizer } from './authorization/types.ts';
import { Discovery } from './discovery.ts';
import { sendError, sendJson, sendRaw } from './http.ts';
import { serveOpenApi } from './openapi-routes.ts';
import { parseRequestInfo } from './requestinfo.ts';
import { handleResource } from './resource-handler.ts';
import { ResourceStore } from './storage/resource-store.ts';
import type { WriteHooks } from './write-hooks.ts';
import { serveStatic } from './static.ts';
import { createMetricsApi } from '../metrics/api.ts';
import { METRICS_RESOURCES } from '../metrics/resources.ts';
import { StatsSource } from '../metrics/source.ts';
import type { TunnelRegistry } from '../tunnel/registry.ts';
import { createUpgradeHandler } from '../tunnel/upgrade.ts';

export const SERVER_VERSION = { major: '1', minor: '32', patch: '0' };

export type PublicRoute = (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>;

export interface ApiServerOptions {
  store: Store;
  resources: readonly ResourceDef[];
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** Endpoints served without authentication (join, cluster-info, the agent bundle); each says whether it answered. */
  publicRoutes?: readonly PublicRoute[];
  /** Non-resource endpoints served after authentication and authorization (so, to admins only). */
  adminRoutes?: readonly PublicRoute[];
  admission: readonly AdmissionPlugin[];
  hooks: WriteHooks;
  tls: { cert: string; key: string };
  /** Folder of the built web dashboard, served at /ui/. */
  webRoot?: string;
  /** Whether the control plane has finished starting (for /readyz). */
  ready: () => boolean;
  /** The agents' tunnels: pod logs, exec, attach, port-forward and metrics go through them. */
  tunnels: TunnelRegistry;
}

export interface ApiServer {
  server: https.Server;
  /**
   * The same API without TLS on a local socket, for the in-process controllers and
   * scheduler: they are ordinary API clients and could as well dial the HTTPS port.
   */
  loopback: http.Server;
  registryOf(group: string, resource: string): ResourceStore | undefined;
}

function versionInfo(): object {
  const arch = os.arch() === 'x64' ? 'amd64' : os.arch();
  return {
    major: SERVER_VERSION.major,
    minor: SERVER_VERSION.minor,
    gitVersion: `v${SERVER_VERSION.major}.${SERVER_VERSION.minor}.${SERVER_VERSION.patch}-flotilla`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    goVersion: `node${process.versions.node}`,
    compiler: 'flotilla',
    platform: `${os.platform()}/${arch}`,
  };
}

/** The apidiscovery version the client asked for in its Accept header, if any. */
function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (params.includes('g=apidiscovery.k8s.io') && params.includes('as=APIGroupDiscoveryList')) {
      if (params.includes('v=v2')) return 'v2';
      if (params.includes('v=v2beta1')) return 'v2beta1';
    }
    if (params[0] === 'application/json' && params.length === 1) return undefined;
  }
  return undefined;
}

export function createApiServer(opts: ApiServerOptions): ApiServer {
  const discovery = new Discovery([...opts.resources, ...METRICS_RESOURCES]);
  const byPath = new Map<string, ResourceStore>();
  const byGroupResource = new Map<string, ResourceStore>();
  for (const def of opts.resources) {
    const rs = new ResourceStore(def, opts.store, opts.admission);
    byPath.set(`${def.group}/${def.version}/${def.resource}`, rs);
    if (!byGroupResource.has(`${def.group}/${def.resource}`)) byGroupResource.set(`${def.group}/${def.resource}`, rs);
  }
  const registryOf = (group: string, resource: string) => byGroupResource.get(`${group}/${resource}`);
  const metrics = createMetricsApi({ store: opts.store, registryOf, tunnels: opts.tunnels, stats: new StatsSource(opts.tunnels) });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname;
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      if (path === '/readyz' && !opts.ready()) return sendRaw(res, 503, 'not ready', 'text/plain');
      return sendRaw(res, 200, 'ok', 'text/plain');
    }
    if (path === '/version') return sendJson(res, 200, versionInfo());
    if (opts.webRoot && (path === '/' || path === '/ui' || path.startsWith('/ui/'))) return serveStatic(req, res, opts.webRoot, path);
    for (const publicRoute of opts.publicRoutes ?? []) if (await publicRoute(req, res, path)) return;
    const user = opts.authenticator.authenticate(req);
    if (!user) throw errors.unauthorized();
    opts.authorizer.authorize(user, attributesOf(req, url));
    if (await metrics.route(req, res, url)) return;
    for (const adminRoute of opts.adminRoutes ?? []) if (await adminRoute(req, res, path)) return;

    if (path === '/api' || path === '/api/') {
      const v = aggregatedVersion(req.headers.accept);
      if (v) return sendAggregated(res, discovery.aggregated(true, v), v);
      return sendJson(res, 200, discovery.legacyApiVersions(req.headers.host ?? 'localhost'));
    }
    if (path === '/apis' || path === '/apis/') {
      const v = aggregatedVersion(req.headers.accept);
      if (v) return sendAggregated(res, discovery.aggregated(false, v), v);
      return sendJson(res, 200, discovery.legacyGroupList());
    }
    if (path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith('/openapi/v3/')) return serveOpenApi(req, res, path, opts.resources);

    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) return sendDiscovery(res, discovery.resourceList('', parts[1]!), path);
    if (parts[0] === 'apis' && parts.length === 2) return sendDiscovery(res, discovery.legacyGroup(parts[1]!), path);
    if (parts[0] === 'apis' && parts.length === 3) return sendDiscovery(res, discovery.resourceList(parts[1]!, parts[2]!), path);

    const info = parseRequestInfo(req.method ?? 'GET', path, url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1');
    if (info.kind !== 'resource') throw errors.pathNotFound(path);
    const rs = byPath.get(`${info.group}/${info.version}/${info.resource}`);
    if (!rs) throw errors.pathNotFound(path);
    await requestUser.run(user, () => handleResource({ store: opts.store, def: rs.def, resources: rs, registryOf, hooks: opts.hooks, tunnels: opts.tunnels }, req, res, url, info));
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      if (!(err instanceof StatusError)) console.error('flotilla apiserver:', err);
      if (res.headersSent) res.destroy();
      else sendError(res, err);
    });
  };
  const server = https.createServer({ cert: opts.tls.cert, key: opts.tls.key, keepAliveTimeout: 65_000 }, handle);
  const loopback = http.createServer({ keepAliveTimeout: 65_000 }, handle);
  const upgrade = createUpgradeHandler({ authenticator: opts.authenticator, authorizer: opts.authorizer, tunnels: opts.tunnels, pods: () => registryOf('', 'pods')!, nodes: () => registryOf('', 'nodes')!, serve: handle });
  for (const s of [server, loopback]) {
    s.on('upgrade', upgrade);
    // Slow or stuck clients must not hold sockets forever; watches are long-lived, so only headers are bounded.
    s.headersTimeout = 30_000;
    s.requestTimeout = 0;
  }
  return { server, loopback, registryOf };
}

function sendAggregated(res: ServerResponse, body: string, version: 'v2' | 'v2beta1'): void {
  sendRaw(res, 200, body, `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`, { Vary: 'Accept' });
}

function sendDiscovery(res: ServerResponse, body: string | undefined, path: string): void {
  if (body === undefined) throw errors.pathNotFound(path);
  sendJson(res, 200, body);
}
