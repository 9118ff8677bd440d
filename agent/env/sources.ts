// The API objects a pod's environment and volumes read, fetched once per sync: a
// ConfigMap named twice (envFrom and a key ref) is one GET.
import { R } from '../../client/types.ts';
import type { Client } from '../../client/types.ts';
import type { ConfigMap, Secret, Service } from '../../api/types.ts';

const SECRETS = { group: '', version: 'v1', resource: 'secrets' };

export interface ObjectSource {
  configMap(namespace: string, name: string): Promise<ConfigMap>;
  secret(namespace: string, name: string): Promise<Secret>;
  /** Services of a namespace (for service links). */
  services(namespace: string): Promise<Service[]>;
}

export function createObjectSource(client: Client): ObjectSource {
  const cache = new Map<string, Promise<unknown>>();
  function once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      cache.set(key, p);
    }
    return p;
  }
  return {
    configMap: (ns, name) => once(`cm/${ns}/${name}`, async () => (await client.get(R.configmaps, ns, name)) as unknown as ConfigMap),
    secret: (ns, name) => once(`secret/${ns}/${name}`, async () => (await client.get(SECRETS, ns, name)) as unknown as Secret),
    services: (ns) => once(`svc/${ns}`, async () => (await client.list(R.services, ns)).items as unknown as Service[]),
  };
}

export function isNotFound(err: unknown): boolean {
  return (err as { code?: number }).code === 404;
}
