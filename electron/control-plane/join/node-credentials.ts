// Node credentials: one bearer token per node, issued at join. The Secret
// `kube-system/node-credential-<node>` keeps the token's sha256 and the machine that
// holds the name; this process keeps the same in memory, because authentication is
// synchronous and runs on every request.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { StatusError } from '../../../api/status.ts';
import type { KubeObject, Secret } from '../../../api/types.ts';
import { isDNS1123Subdomain } from '../../../api/validation.ts';
import { bearerToken, type Authenticator, type UserInfo } from '../apiserver/auth.ts';
import type { ResourceStore } from '../apiserver/storage/resource-store.ts';
import type { KV, Store } from '../store/types.ts';
import { followPrefix } from '../apiserver/authorization/store-follower.ts';
import { TOKEN_NAMESPACE } from './bootstrap-tokens.ts';

export const NODE_CREDENTIAL_TYPE = 'flotilla.dev/node-credential';
export const NODE_CREDENTIAL_PREFIX = 'node-credential-';
/** Where the credential Secrets live in the store (the secrets registry's key layout). */
const STORE_PREFIX = `/registry/core/secrets/${TOKEN_NAMESPACE}/${NODE_CREDENTIAL_PREFIX}`;
const MAX_SECRET_NAME = 253;
const MAX_MACHINE_ID = 256;

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string | undefined) => (text === undefined ? undefined : Buffer.from(text, 'base64').toString('utf8'));
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function nodeUser(nodeName: string): UserInfo {
  return { name: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
}

/**
 * Token digest → node name. Looking a digest up in a Map leaks, by timing, at most
 * something about a sha256 of a 256-bit random token, which is useless to an attacker.
 */
export class NodeCredentials implements Authenticator {
  private readonly nodeByDigest = new Map<string, string>();
  private readonly digestByNode = new Map<string, string>();
  /** The store revision each node's entry reflects, so a late watch event cannot undo a newer join. */
  private readonly revisionByNode = new Map<string, number>();

  /** `onRevoked` hears of a node whose token stopped being valid (deleted or replaced by a new join). */
  constructor(private readonly onRevoked: (nodeName: string) => void = () => undefined) {}

  authenticate(req: IncomingMessage): UserInfo | undefined {
    const token = bearerToken(req);
    if (!token) return undefined;
    const node = this.nodeByDigest.get(sha256Hex(token));
    return node === undefined ? undefined : nodeUser(node);
  }

  set(nodeName: string, digest: string | undefined, revision: number): void {
    if ((this.revisionByNode.get(nodeName) ?? 0) > revision) return;
    this.revisionByNode.set(nodeName, revision);
    const old = this.digestByNode.get(nodeName);
    if (old !== undefined) this.nodeByDigest.delete(old);
    this.digestByNode.delete(nodeName);
    if (old !== undefined && old !== digest) this.onRevoked(nodeName);
    if (digest === undefined) return;
    this.nodeByDigest.set(digest, nodeName);
    this.digestByNode.set(nodeName, digest);
  }

  clear(): void {
    this.nodeByDigest.clear();
    this.digestByNode.clear();
    this.revisionByNode.clear();
  }

  /** Follows a credential Secret as stored (undefined: deleted). */
  apply(name: string, secret: Secret | undefined, revision: number): void {
    const nodeName = name.slice(NODE_CREDENTIAL_PREFIX.length);
    const digest = secret?.type === NODE_CREDENTIAL_TYPE ? unb64(secret.data?.['token-sha256']) : undefined;
    this.set(nodeName, digest, revision);
  }
}

function nameOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Loads every credential, then follows the store so deletes and other writers' changes apply at once. */
export async function loadNodeCredentials(store: Store, onRevoked?: (nodeName: string) => void): Promise<{ credentials: NodeCredentials; stop(): void }> {
  const credentials = new NodeCredentials(onRevoked);
  const parse = (kv: KV) => JSON.parse(kv.value) as Secret;
  const follower = await followPrefix(store, STORE_PREFIX, {
    reset(items) {
      credentials.clear();
      for (const kv of items) credentials.apply(nameOfKey(kv.key), parse(kv), kv.revision);
    },
    onEvent: (event) => credentials.apply(nameOfKey(event.kv.key), event.type === 'DELETED' ? undefined : parse(event.kv), event.kv.revision),
  }, 'node credentials');
  return { credentials, stop: () => follower.stop() };
}

function invalidField(field: string, value: string, problems: string[]): StatusError {
  const message = `Invalid value: ${JSON.stringify(value)}: ${problems.join('; ')}`;
  return new StatusError(400, 'BadRequest', `${field}: ${message}`, { causes: [{ reason: 'FieldValueInvalid', field, message }] });
}

export function validateJoinRequest(nodeName: unknown, machineId: unknown): { nodeName: string; machineId: string } {
  if (typeof nodeName !== 'string' || nodeName === '') throw invalidField('nodeName', String(nodeName ?? ''), ['Required value']);
  const problems = isDNS1123Subdomain(nodeName);
  if (NODE_CREDENTIAL_PREFIX.length + nodeName.length > MAX_SECRET_NAME) {
    problems.push(`must be no more than ${MAX_SECRET_NAME - NODE_CREDENTIAL_PREFIX.length} characters`);
  }
  if (problems.length > 0) throw invalidField('nodeName', nodeName, problems);
  if (typeof machineId !== 'string' || machineId === '' || machineId.length > MAX_MACHINE_ID) {
    throw invalidField('machineId', String(machineId ?? ''), [`must be a non-empty string of at most ${MAX_MACHINE_ID} characters`]);
  }
  return { nodeName, machineId };
}

export function nameHeldError(nodeName: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `node name "${nodeName}" is already held by another machine; choose another with --name`, { name: nodeName, kind: 'nodes' });
}

export interface IssuedCredential {
  nodeName: string;
  token: string;
}

/**
 * Creates the node's credential, or replaces it when the same machine joins again
 * (the old token stops working). Another machine's name is refused with 409.
 */
export async function issueNodeCredential(
  deps: { secrets: ResourceStore; credentials: NodeCredentials },
  nodeName: string,
  machineId: string,
): Promise<IssuedCredential> {
  validateJoinRequest(nodeName, machineId);
  const token = randomBytes(32).toString('base64url');
  const digest = sha256Hex(token);
  const name = NODE_CREDENTIAL_PREFIX + nodeName;
  const data = { 'node-name': b64(nodeName), 'machine-id': b64(machineId), 'token-sha256': b64(digest) };
  const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: TOKEN_NAMESPACE }, type: NODE_CREDENTIAL_TYPE, data };
  let written: Secret;
  try {
    written = (await deps.secrets.create(TOKEN_NAMESPACE, secret as KubeObject, { dryRun: false })).object as Secret;
  } catch (err) {
    if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
    written = (await deps.secrets.guaranteedUpdate(TOKEN_NAMESPACE, name, (current) => {
      const held = current as Secret;
      if (held.type !== NODE_CREDENTIAL_TYPE || unb64(held.data?.['machine-id']) !== machineId) throw nameHeldError(nodeName);
      return { ...held, data } as KubeObject;
    }, { dryRun: false })).object as Secret;
  }
  // The store watch would catch up, but the agent uses the token in its very next request.
  deps.credentials.set(nodeName, digest, Number(written.metadata?.resourceVersion));
  return { nodeName, token };
}
