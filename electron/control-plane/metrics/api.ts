// Serves metrics.k8s.io/v1beta1 (`kubectl top`) and the dashboard's stats history,
// both answered by the agents through their tunnels.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatsHistory } from '../../../api/stats.ts';
import { errors } from '../../../api/status.ts';
import type { KubeObject } from '../../../api/types.ts';
import { negotiate, query, sendJson } from '../apiserver/http.ts';
import { readList } from '../apiserver/list.ts';
import { decode, type ResourceStore } from '../apiserver/storage/resource-store.ts';
import { parseSelection } from '../apiserver/storage/selection.ts';
import { parseIncludeObject, toTable } from '../apiserver/table.ts';
import type { ResourceDef } from '../registry/types.ts';
import type { Store } from '../store/types.ts';
import { getNodeJson, type NodeDialer } from '../tunnel/node-request.ts';
import { nodeMetricsOf, podMetricsOf } from './convert.ts';
import { METRICS_API_VERSION, METRICS_GROUP, METRICS_VERSION, nodeMetricsDef, podMetricsDef } from './resources.ts';
import type { StatsSource } from './source.ts';

export interface MetricsApiDeps {
  store: Store;
  registryOf(group: string, resource: string): ResourceStore | undefined;
  tunnels: NodeDialer;
  stats: StatsSource;
}

const HISTORY_PATH = /^\/flotilla\/v1\/nodes\/([^/]+)\/stats\/history$/;

export function createMetricsApi(deps: MetricsApiDeps): { route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> } {
  const defOf = (resource: string): ResourceDef => deps.registryOf('', resource)!.def;

  async function objects(resource: string, url: URL, namespace?: string): Promise<KubeObject[]> {
    const def = defOf(resource);
    const selection = parseSelection(def, query(url, 'labelSelector'), query(url, 'fieldSelector'));
    const list = await readList(deps.store, def, { namespace, selection });
    return list.items.map((kv) => decode(kv));
  }

  async function nodeMetrics(nodes: KubeObject[]) {
    const all = await Promise.all(nodes.map(async (node) => {
      const summary = await deps.stats.summary(node.metadata.name!);
      return summary ? nodeMetricsOf(node, summary) : undefined;
    }));
    return all.filter((m) => m !== undefined);
  }

  async function podMetrics(pods: KubeObject[]) {
    const nodes = [...new Set(pods.map((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName).filter((n): n is string => !!n))];
    const summaries = new Map(await Promise.all(nodes.map(async (n) => [n, await deps.stats.summary(n)] as const)));
    return pods.flatMap((pod) => {
      const summary = summaries.get((pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '');
      const own = summary?.pods.find((p) => p.podRef.namespace === pod.metadata.namespace && p.podRef.name === pod.metadata.name && (!p.podRef.uid || p.podRef.uid === pod.metadata.uid));
      const m = own && podMetricsOf(pod, own, summary!.window);
      return m ? [m] : [];
    });
  }

  /** A list, or one object when `name` is given; as a Table when kubectl get asks for one. */
  function send(req: IncomingMessage, res: ServerResponse, url: URL, def: ResourceDef, items: KubeObject[], name?: string): void {
    if (negotiate(req.headers.accept).table) return sendJson(res, 200, toTable(def, items, parseIncludeObject(query(url, 'includeObject')), {}));
    if (name === undefined) return sendJson(res, 200, { kind: `${def.kind}List`, apiVersion: METRICS_API_VERSION, metadata: {}, items });
    sendJson(res, 200, items[0]);
  }

  async function serveMetrics(req: IncomingMessage, res: ServerResponse, url: URL, parts: string[]): Promise<void> {
    if (req.method !== 'GET') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
    if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
      throw errors.methodNotAllowed('metrics cannot be watched; list them again instead');
    }
    if (parts[0] === 'nodes' && parts.length <= 2) {
      if (parts.length === 1) return send(req, res, url, nodeMetricsDef, await nodeMetrics(await objects('nodes', url)));
      const node = await deps.registryOf('', 'nodes')!.get(undefined, parts[1]!).catch(() => undefined);
      const found = node ? await nodeMetrics([decode(node)]) : [];
      if (found.length === 0) throw errors.notFound('nodemetrics', METRICS_GROUP, parts[1]!);
      return send(req, res, url, nodeMetricsDef, found, parts[1]);
    }
    if (parts[0] === 'pods' && parts.length === 1) return send(req, res, url, podMetricsDef, await podMetrics(await objects('pods', url)));
    if (parts[0] === 'namespaces' && parts[2] === 'pods' && parts.length <= 4) {
      const namespace = parts[1]!;
      if (parts.length === 3) return send(req, res, url, podMetricsDef, await podMetrics(await objects('pods', url, namespace)));
      const pod = await deps.registryOf('', 'pods')!.get(namespace, parts[3]!).catch(() => undefined);
      const found = pod ? await podMetrics([decode(pod)]) : [];
      if (found.length === 0) throw errors.notFound('podmetrics', METRICS_GROUP, parts[3]!);
      return send(req, res, url, podMetricsDef, found, parts[3]);
    }
    throw errors.pathNotFound(url.pathname);
  }

  return {
    async route(req, res, url) {
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] === 'apis' && parts[1] === METRICS_GROUP && parts[2] === METRICS_VERSION && parts.length > 3) {
        await serveMetrics(req, res, url, parts.slice(3));
        return true;
      }
      const history = HISTORY_PATH.exec(url.pathname);
      if (!history) return false;
      if (req.method !== 'GET') throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
      const node = decodeURIComponent(history[1]!);
      await deps.registryOf('', 'nodes')!.get(undefined, node);
      sendJson(res, 200, await getNodeJson<StatsHistory>(deps.tunnels, node, '/stats/history', deps.stats.timeoutMs));
      return true;
    },
  };
}
