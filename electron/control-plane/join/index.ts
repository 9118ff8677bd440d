// The control plane's side of joining, as one piece for startControlPlane: the node
// credentials (an authenticator), the join endpoints, and issuing a credential
// in-process for the local agent of `flotilla serve`.
import type { Authenticator } from '../apiserver/auth.ts';
import type { PublicRoute } from '../apiserver/server.ts';
import type { ResourceStore } from '../apiserver/storage/resource-store.ts';
import type { Store } from '../store/types.ts';
import { issueNodeCredential, loadNodeCredentials, type IssuedCredential } from './node-credentials.ts';
import { joinRoutes } from './routes.ts';

export { issueNodeCredential, nodeUser, type IssuedCredential } from './node-credentials.ts';
export { CLUSTER_INFO_PATH, JOIN_PATH } from './routes.ts';
export * from './bootstrap-tokens.ts';

export interface JoinOptions {
  store: Store;
  caCertPem: string;
  /** The secrets registry; a getter because the API server that owns it is built after this. */
  secrets: () => ResourceStore;
  log: (line: string) => void;
  /** A node's credential was deleted or replaced: what it opened (its tunnel) must close. */
  onCredentialRevoked?: (nodeName: string) => void;
}

export interface Join {
  authenticator: Authenticator;
  route: PublicRoute;
  /** A credential for `nodeName` held by `machineId`, as a join would issue it. */
  issueNodeCredential(nodeName: string, machineId: string): Promise<IssuedCredential>;
  stop(): void;
}

export async function startJoin(opts: JoinOptions): Promise<Join> {
  const { credentials, stop } = await loadNodeCredentials(opts.store, opts.onCredentialRevoked);
  return {
    authenticator: credentials,
    route: joinRoutes({ caCertPem: opts.caCertPem, credentials, secrets: opts.secrets, log: opts.log }),
    issueNodeCredential: (nodeName, machineId) => issueNodeCredential({ secrets: opts.secrets(), credentials }, nodeName, machineId),
    stop,
  };
}
