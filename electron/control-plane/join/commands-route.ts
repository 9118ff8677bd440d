// POST /flotilla/v1/join-commands: a fresh bootstrap token and its join command, for the
// dashboard's "Add a machine" page. Served after authentication and authorization, so
// only cluster admins (system:masters) may mint tokens.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, invalid, tooLong, type FieldError } from '../../../api/status.ts';
import type { KubeObject } from '../../../api/types.ts';
import { decodeBody, readBody, sendJson } from '../apiserver/http.ts';
import type { ResourceStore } from '../apiserver/storage/resource-store.ts';
import { DEFAULT_TOKEN_TTL_MS, TOKEN_NAMESPACE } from './bootstrap-tokens.ts';
import { issueJoinCommand } from './commands.ts';

export const JOIN_COMMANDS_PATH = '/flotilla/v1/join-commands';

/** A year: longer-lived tokens should be a deliberate `ttlSeconds: 0` (never expires). */
const MAX_TTL_SECONDS = 365 * 24 * 3600;
const MAX_DESCRIPTION = 256;

export interface JoinCommandsRouteOptions {
  /** The API server's address (a getter: it is known once the server listens). */
  server: () => string;
  caCertPem: string;
  agentSha256: () => Promise<string>;
  secrets: () => ResourceStore;
  log: (line: string) => void;
}

function parseRequest(body: unknown): { ttlMs: number; description?: string } {
  const input = (body ?? {}) as { ttlSeconds?: unknown; description?: unknown };
  if (typeof input !== 'object' || Array.isArray(input)) throw errors.badRequest('the body must be a JSON object: { ttlSeconds?, description? }');
  const causes: FieldError[] = [];
  const ttl = input.ttlSeconds ?? DEFAULT_TOKEN_TTL_MS / 1000;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS) {
    causes.push(invalid('ttlSeconds', ttl, `must be a whole number of seconds from 0 (never expires) to ${MAX_TTL_SECONDS}`));
  }
  const description = input.description;
  if (description !== undefined && typeof description !== 'string') causes.push(invalid('description', description, 'must be a string'));
  else if (description !== undefined && description.length > MAX_DESCRIPTION) causes.push(tooLong('description', MAX_DESCRIPTION));
  if (causes.length) throw errors.invalid('JoinCommand', 'flotilla', '', causes);
  return { ttlMs: (ttl as number) * 1000, description: (description as string | undefined) || undefined };
}

export function joinCommandsRoute(opts: JoinCommandsRouteOptions): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  return async (req, res, path) => {
    if (path !== JOIN_COMMANDS_PATH) return false;
    if (req.method !== 'POST') throw errors.methodNotAllowed(`${req.method} is not supported here; use POST`);
    const raw = await readBody(req, 64 * 1024);
    const { ttlMs, description } = parseRequest(raw.length ? decodeBody(raw, req.headers['content-type']) : {});
    const command = await issueJoinCommand({
      server: opts.server(),
      caCertPem: opts.caCertPem,
      agentSha256: await opts.agentSha256(),
      ttlMs,
      description,
      async createSecret(secret) {
        await opts.secrets().create(TOKEN_NAMESPACE, secret as KubeObject, { dryRun: false });
      },
    });
    opts.log(`bootstrap token ${command.tokenId} created for a join command`);
    sendJson(res, 201, command);
    return true;
  };
}
