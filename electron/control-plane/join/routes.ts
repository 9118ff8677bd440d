// The two unauthenticated endpoints of joining: cluster-info (the CA, which the agent
// pins by its hash) and join (a bootstrap token buys a node credential).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, StatusError } from '../../../api/status.ts';
import type { Secret } from '../../../api/types.ts';
import { bearerToken } from '../apiserver/auth.ts';
import { decodeBody, readBody, sendJson } from '../apiserver/http.ts';
import type { ResourceStore } from '../apiserver/storage/resource-store.ts';
import { BOOTSTRAP_TOKEN_PREFIX, checkBootstrapToken, parseBootstrapToken, TOKEN_NAMESPACE } from './bootstrap-tokens.ts';
import { issueNodeCredential, validateJoinRequest, type NodeCredentials } from './node-credentials.ts';

export const CLUSTER_INFO_PATH = '/flotilla/v1/cluster-info';
export const JOIN_PATH = '/flotilla/v1/join';

export interface JoinRoutesOptions {
  caCertPem: string;
  credentials: NodeCredentials;
  /** The secrets registry (a getter: the API server that owns it is built after these routes). */
  secrets: () => ResourceStore;
  log: (line: string) => void;
}

const unauthorized = (message: string) => new StatusError(401, 'Unauthorized', message);

function onlyMethod(req: IncomingMessage, method: string): void {
  if (req.method !== method) throw errors.methodNotAllowed(`${req.method} is not supported here; use ${method}`);
}

/** Answers the join endpoints; resolves false for any other path. */
export function joinRoutes(opts: JoinRoutesOptions): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  async function join(req: IncomingMessage, res: ServerResponse): Promise<void> {
    onlyMethod(req, 'POST');
    const token = parseBootstrapToken(bearerToken(req) ?? '');
    if (!token) throw unauthorized('unknown bootstrap token');
    const secret = await opts.secrets().get(TOKEN_NAMESPACE, BOOTSTRAP_TOKEN_PREFIX + token.id).then(
      (kv) => JSON.parse(kv.value) as Secret,
      (err: unknown) => {
        if (err instanceof StatusError && err.code === 404) return undefined;
        throw err;
      },
    );
    const check = checkBootstrapToken(token, secret);
    if (!check.ok) throw unauthorized(check.reason === 'expired' ? `bootstrap token ${token.id} has expired` : 'unknown bootstrap token');
    const body = decodeBody(await readBody(req, 64 * 1024), req.headers['content-type']) as { nodeName?: unknown; machineId?: unknown } | null;
    const { nodeName, machineId } = validateJoinRequest(body?.nodeName, body?.machineId);
    const issued = await issueNodeCredential({ secrets: opts.secrets(), credentials: opts.credentials }, nodeName, machineId);
    opts.log(`node ${nodeName} joined with bootstrap token ${token.id}`);
    sendJson(res, 201, issued);
  }

  return async (req, res, path) => {
    if (path === CLUSTER_INFO_PATH) {
      onlyMethod(req, 'GET');
      sendJson(res, 200, { caCert: opts.caCertPem });
      return true;
    }
    if (path === JOIN_PATH) {
      await join(req, res);
      return true;
    }
    return false;
  };
}
