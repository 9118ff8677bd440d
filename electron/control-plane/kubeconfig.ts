// Kubeconfig files for kubectl and client libraries.
import { promises as fs } from 'node:fs';
import YAML from 'yaml';

export interface KubeconfigInput {
  server: string;
  caCertPem: string;
  token: string;
  user: string;
  cluster?: string;
}

export function renderKubeconfig(input: KubeconfigInput): string {
  const cluster = input.cluster ?? 'flotilla';
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server: input.server, 'certificate-authority-data': Buffer.from(input.caCertPem).toString('base64') } }],
    users: [{ name: input.user, user: { token: input.token } }],
    contexts: [{ name: cluster, context: { cluster, user: input.user, namespace: 'default' } }],
    'current-context': cluster,
    preferences: {},
  });
}

export async function writeKubeconfig(file: string, input: KubeconfigInput): Promise<void> {
  await fs.writeFile(file + '.tmp', renderKubeconfig(input), { mode: 0o600 });
  await fs.rename(file + '.tmp', file);
}
