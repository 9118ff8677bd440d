// Discovery: /api, /apis and /apis/G/V in both the aggregated (v2, v2beta1) and legacy forms.
import { apiVersionOf } from '../../../api/types.ts';
import { DEFAULT_VERBS, type ResourceDef } from '../registry/types.ts';

interface Kind {
  group: string;
  version: string;
  kind: string;
}

interface Subresource {
  name: string;
  kind: Kind;
  verbs: string[];
}

/** Upstream's order of groups in /apis; kubectl resolves ambiguous names by it. */
const GROUP_ORDER = [
  'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io',
  'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io', 'metrics.k8s.io',
];

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  return sb! - sa! || mb! - ma! || nb! - na!;
}

function subresourcesOf(def: ResourceDef): Subresource[] {
  const own: Kind = { group: def.group, version: def.version, kind: def.kind };
  const subs: Subresource[] = [];
  if (def.status) subs.push({ name: 'status', kind: own, verbs: ['get', 'patch', 'update'] });
  if (def.scale) subs.push({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  if (def.group === '' && def.resource === 'pods') {
    const core = (kind: string): Kind => ({ group: '', version: 'v1', kind });
    subs.push(
      { name: 'attach', kind: core('PodAttachOptions'), verbs: ['create', 'get'] },
      { name: 'binding', kind: core('Binding'), verbs: ['create'] },
      { name: 'ephemeralcontainers', kind: core('Pod'), verbs: ['get', 'patch', 'update'] },
      { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
      { name: 'exec', kind: core('PodExecOptions'), verbs: ['create', 'get'] },
      { name: 'log', kind: core('Pod'), verbs: ['get'] },
      { name: 'portforward', kind: core('PodPortForwardOptions'), verbs: ['create', 'get'] },
      { name: 'proxy', kind: core('PodProxyOptions'), verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    );
  }
  if (def.group === '' && def.resource === 'namespaces') subs.push({ name: 'finalize', kind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['update'] });
  if (def.group === '' && def.resource === 'nodes') subs.push({ name: 'proxy', kind: { group: '', version: 'v1', kind: 'NodeProxyOptions' }, verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  if (def.group === '' && def.resource === 'services') subs.push({ name: 'proxy', kind: { group: '', version: 'v1', kind: 'ServiceProxyOptions' }, verbs: ['create', 'delete', 'get', 'patch', 'update'] });
  return subs;
}

export class Discovery {
  /** group → version → resources, groups and versions in preference order. */
  private readonly groups = new Map<string, Map<string, ResourceDef[]>>();
  private readonly cache = new Map<string, string>();

  constructor(resources: readonly ResourceDef[]) {
    const groupNames = [...new Set(resources.map((r) => r.group))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const g of groupNames) {
      const versions = [...new Set(resources.filter((r) => r.group === g).map((r) => r.version))].sort(compareVersions);
      this.groups.set(g, new Map(versions.map((v) => [v, resources.filter((r) => r.group === g && r.version === v)])));
    }
  }

  /** Whether a group/version is served (404 otherwise). */
  has(group: string, version: string): boolean {
    return this.groups.get(group)?.has(version) ?? false;
  }

  private memo(key: string, build: () => unknown): string {
    let body = this.cache.get(key);
    if (body === undefined) {
      body = JSON.stringify(build());
      this.cache.set(key, body);
    }
    return body;
  }

  /** `/api` (core) or `/apis` in the aggregated form, for apidiscovery.k8s.io `discoveryVersion`. */
  aggregated(core: boolean, discoveryVersion: 'v2' | 'v2beta1'): string {
    return this.memo(`agg:${core}:${discoveryVersion}`, () => ({
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${discoveryVersion}`,
      metadata: {},
      items: [...this.groups.entries()]
        .filter(([g]) => (g === '') === core)
        .map(([g, versions]) => ({
          metadata: g === '' ? {} : { name: g },
          versions: [...versions.entries()].map(([version, defs]) => ({
            version,
            resources: defs.map((d) => aggregatedResource(d)),
            freshness: 'Current',
          })),
        })),
    }));
  }

  legacyApiVersions(serverAddress: string): string {
    return JSON.stringify({
      kind: 'APIVersions',
      versions: [...(this.groups.get('')?.keys() ?? [])],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    });
  }

  legacyGroupList(): string {
    return this.memo('groups', () => ({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...this.groups.keys()].filter((g) => g !== '').map((g) => this.groupInfo(g)),
    }));
  }

  legacyGroup(group: string): string | undefined {
    if (!this.groups.has(group) || group === '') return undefined;
    return this.memo(`group:${group}`, () => ({ kind: 'APIGroup', apiVersion: 'v1', ...this.groupInfo(group) }));
  }

  private groupInfo(group: string): object {
    const versions = [...this.groups.get(group)!.keys()].map((v) => ({ groupVersion: apiVersionOf(group, v), version: v }));
    return { name: group, versions, preferredVersion: versions[0] };
  }

  resourceList(group: string, version: string): string | undefined {
    const defs = this.groups.get(group)?.get(version);
    if (!defs) return undefined;
    return this.memo(`resources:${group}/${version}`, () => ({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: apiVersionOf(group, version),
      resources: defs.flatMap((d) => [
        {
          name: d.resource,
          singularName: d.singular,
          namespaced: d.namespaced,
          kind: d.kind,
          verbs: d.verbs ?? [...DEFAULT_VERBS],
          ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
          ...(d.categories?.length ? { categories: d.categories } : {}),
        },
        ...subresourcesOf(d).map((s) => ({
          name: `${d.resource}/${s.name}`,
          singularName: '',
          namespaced: d.namespaced,
          ...(s.kind.group !== d.group || s.kind.version !== d.version ? { group: s.kind.group, version: s.kind.version } : {}),
          kind: s.kind.kind,
          verbs: s.verbs,
        })),
      ]),
    }));
  }
}

function rank(group: string): number {
  if (group === '') return -1;
  const i = GROUP_ORDER.indexOf(group);
  return i < 0 ? GROUP_ORDER.length : i;
}

function aggregatedResource(d: ResourceDef): object {
  return {
    resource: d.resource,
    responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: d.singular,
    verbs: d.verbs ?? [...DEFAULT_VERBS],
    ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
    ...(d.categories?.length ? { categories: d.categories } : {}),
    ...(subresourcesOf(d).length
      ? {
          subresources: subresourcesOf(d).map((s) => ({
            subresource: s.name,
            responseKind: s.kind,
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}
