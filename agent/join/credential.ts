// The node's own credential, kept so a restarted agent needs neither the bootstrap
// token nor the CA hash again.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface NodeCredential {
  server: string;
  caCertPem: string;
  nodeName: string;
  token: string;
}

export const CREDENTIAL_FILE = 'node.json';

export async function saveCredential(dataDir: string, credential: NodeCredential): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, CREDENTIAL_FILE);
  // Written aside then renamed, so a crash never leaves a half credential; 0600 because it is a bearer token.
  await fs.writeFile(file + '.tmp', JSON.stringify(credential, null, 2) + '\n', { mode: 0o600 });
  await fs.rename(file + '.tmp', file);
}

/** The saved credential, or undefined when this data dir has never joined. */
export async function loadCredential(dataDir: string): Promise<NodeCredential | undefined> {
  const file = path.join(dataDir, CREDENTIAL_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: Partial<NodeCredential>;
  try {
    parsed = JSON.parse(text) as Partial<NodeCredential>;
  } catch {
    throw new Error(`${file} is not valid JSON; remove it to join again`);
  }
  const { server, caCertPem, nodeName, token } = parsed;
  if (typeof server !== 'string' || typeof caCertPem !== 'string' || typeof nodeName !== 'string' || typeof token !== 'string') {
    throw new Error(`${file} lacks server, caCertPem, nodeName or token; remove it to join again`);
  }
  return { server, caCertPem, nodeName, token };
}
