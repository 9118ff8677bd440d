// Serves the agent bundle without authentication (it holds no secrets): the join
// one-liner fetches it and checks it against the sha256 `flotilla token create` printed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, StatusError } from '../../../api/status.ts';
import type { PublicRoute } from '../apiserver/server.ts';
import { buildAgentBundle, type AgentBundle } from './build.ts';

export const AGENT_BUNDLE_PATH = '/flotilla/v1/agent.mjs';
export const AGENT_BUNDLE_SHA256_PATH = '/flotilla/v1/agent.mjs.sha256';

/** The bundle, built on first use and shared by the route and the join commands that print its hash. */
export function agentBundleLoader(cacheDir: string, log: (line: string) => void): () => Promise<AgentBundle> {
  let building: Promise<AgentBundle> | undefined;
  return () => {
    building ??= buildAgentBundle(cacheDir).then(
      (b) => {
        log(`agent bundle ready (${b.code.length} bytes, sha256 ${b.sha256})`);
        return b;
      },
      (err: unknown) => {
        // A failed build is retried by the next request rather than remembered.
        building = undefined;
        throw new StatusError(503, 'ServiceUnavailable', `the agent bundle cannot be built: ${(err as Error).message.split('\n')[0]}`);
      },
    );
    return building;
  };
}

export function agentBundleRoute(bundle: () => Promise<AgentBundle>): PublicRoute {
  return async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path !== AGENT_BUNDLE_PATH && path !== AGENT_BUNDLE_SHA256_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(`${req.method} is not supported here; use GET`);
    const b = await bundle();
    const [body, type] = path === AGENT_BUNDLE_PATH ? [b.code, 'text/javascript; charset=utf-8'] : [Buffer.from(b.sha256 + '\n'), 'text/plain; charset=utf-8'];
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache', 'X-Content-SHA256': b.sha256 });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
