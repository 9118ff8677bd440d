// kubeadm-style join: pin the cluster's CA by its hash, then trade the bootstrap token
// for a credential of this node alone, kept in the data dir.
import { caCertHashOf, normalizeCaCertHash } from '../../client/ca-hash.ts';
import { saveCredential, type NodeCredential } from './credential.ts';
import { checkNodeName } from './identity.ts';
import { requestJson } from './request.ts';

export { loadCredential, saveCredential, CREDENTIAL_FILE, type NodeCredential } from './credential.ts';
export { readMachineId, defaultNodeName, checkNodeName, agentIdOf } from './identity.ts';
export { caCertHashOf } from '../../client/ca-hash.ts';

export interface JoinOptions {
  server: string;
  token: string;
  caCertHash: string;
  nodeName: string;
  machineId: string;
  dataDir: string;
  /** Progress lines for the user (verifying CA, joined). */
  log?: (line: string) => void;
}

const BOOTSTRAP_TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

/** The server URL as every later request uses it: https, no trailing slash, no path. */
export function normalizeServer(server: string): string {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(server) ? server : `https://${server}`);
  } catch {
    throw new Error(`--server must be a URL like https://192.168.1.10:6443, got "${server}"`);
  }
  if (url.protocol !== 'https:') throw new Error(`--server must be an https:// URL, got "${server}"`);
  return url.origin;
}

/**
 * Fetches the CA unverified, checks it against the pinned hash before anything secret
 * is sent, then joins over a connection that trusts only that CA, and saves the credential.
 */
export async function joinCluster(opts: JoinOptions): Promise<NodeCredential> {
  const server = normalizeServer(opts.server);
  const expected = normalizeCaCertHash(opts.caCertHash);
  const token = opts.token.trim();
  if (!BOOTSTRAP_TOKEN.test(token)) throw new Error('--token must look like abcdef.0123456789abcdef (as `flotilla token create` prints it)');
  const nodeName = checkNodeName(opts.nodeName);

  opts.log?.(`verifying the CA of ${server}`);
  const info = await requestJson<{ caCert?: unknown }>({ method: 'GET', url: new URL('/flotilla/v1/cluster-info', server), trust: { insecure: true } });
  if (typeof info.caCert !== 'string') throw new Error(`${server}/flotilla/v1/cluster-info has no caCert; is this a Flotilla server?`);
  const caCertPem = info.caCert;
  let got: string;
  try {
    got = caCertHashOf(caCertPem);
  } catch {
    throw new Error(`${server}/flotilla/v1/cluster-info sent a CA certificate that cannot be parsed`);
  }
  if (got !== expected) throw new Error(`the server's CA does not match --ca-cert-hash: got ${got}, expected ${expected}`);

  const answer = await requestJson<{ nodeName?: unknown; token?: unknown }>({
    method: 'POST',
    url: new URL('/flotilla/v1/join', server),
    trust: { caCertPem },
    headers: { Authorization: `Bearer ${token}` },
    body: { nodeName, machineId: opts.machineId },
  });
  if (typeof answer.token !== 'string' || !answer.token) throw new Error(`${server}/flotilla/v1/join answered without a token`);
  const credential: NodeCredential = { server, caCertPem, nodeName: typeof answer.nodeName === 'string' ? answer.nodeName : nodeName, token: answer.token };
  await saveCredential(opts.dataDir, credential);
  opts.log?.(`joined as node ${credential.nodeName}`);
  return credential;
}
