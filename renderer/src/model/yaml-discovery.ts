// Where an object from YAML lives in the API: its resource (plural) and whether
// it is namespaced, from the server's discovery documents, as kubectl finds it.
import { parseApiVersion, type APIResourceList } from '../../../api/types.ts';
import type { ApiClient } from '../api/client.ts';
import { pathFor } from '../api/kinds.ts';
import { perClient } from './yaml-per-client.ts';

export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

export class Discovery {
  private readonly lists = new Map<string, Promise<APIResourceList>>();

  constructor(private readonly client: ApiClient) {}

  private list(apiVersion: string): Promise<APIResourceList> {
    let list = this.lists.get(apiVersion);
    if (!list) {
      const { group } = parseApiVersion(apiVersion);
      list = this.client.get<APIResourceList>(group === '' ? `/api/${apiVersion}` : `/apis/${apiVersion}`);
      list.catch(() => this.lists.delete(apiVersion));
      this.lists.set(apiVersion, list);
    }
    return list;
  }

  /** Throws an Error that says what is unknown: the apiVersion or the kind in it. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let list: APIResourceList;
    try {
      list = await this.list(apiVersion);
    } catch (error) {
      if ((error as { kind?: string }).kind === 'notfound') throw new Error(`The server does not serve apiVersion "${apiVersion}"`);
      throw error;
    }
    const resource = list.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!resource) throw new Error(`The server has no kind "${kind}" in ${apiVersion}`);
    return { plural: resource.name, namespaced: resource.namespaced };
  }

  /** The API path of an object (namespace already defaulted for namespaced kinds), or of its collection without a name. */
  async path(apiVersion: string, kind: string, namespace: string | undefined, name?: string): Promise<string> {
    const info = await this.resolve(apiVersion, kind);
    return pathFor(apiVersion, info.plural, info.namespaced ? (namespace ?? 'default') : undefined, name);
  }
}

/** The discovery cache of a connection. */
export const discovery = perClient((client) => new Discovery(client));
