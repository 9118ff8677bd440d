// The Client over HTTP: the loopback socket in process, HTTPS from anywhere else.
import http from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import https from 'node:https';
import type { StatusError } from '../api/status.ts';
import type { KubeObject } from '../api/types.ts';
import { query, resourcePath } from './paths.ts';
import { statusErrorFromBody, unreachable } from './status.ts';
import type { Client, DeleteOptions, ListResult, PatchType, ResourceRef, WriteOptions } from './types.ts';
import { readWatchStream } from './watch-stream.ts';

export type HttpClientConfig =
  | { socketPath: string; token: string }
  | { server: string; token: string; caCertPem: string };

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

interface KubeListBody<T> {
  kind?: string;
  apiVersion?: string;
  items: T[] | null;
  metadata: { resourceVersion?: string; continue?: string };
}

function writeQuery(options: WriteOptions | undefined, extra?: Record<string, string | boolean | undefined>): string {
  if (!options && !extra) return '';
  return query({ dryRun: options?.dryRun ? 'All' : undefined, fieldManager: options?.fieldManager, ...extra });
}

/** The wire form of DeleteOptions: dryRun is a list of stages there. */
function deleteOptionsOf(options: DeleteOptions): Record<string, unknown> {
  const { dryRun, ...rest } = options;
  return { kind: 'DeleteOptions', apiVersion: 'v1', ...rest, ...(dryRun ? { dryRun: ['All'] } : {}) };
}

export function createHttpClient(config: HttpClientConfig): Client {
  // Requests share a bounded keep-alive pool: the scheduler's thousands of concurrent binds
  // queue for a socket instead of opening thousands of connections (which overflows the
  // listen backlog: EAGAIN on a Unix socket). Watches hold their socket for their whole
  // life, so they get their own unbounded pool and never starve requests.
  // A burst (every pod of an agent posting status at once) opens many sockets; reusing
  // the newest first lets the rest idle out after 15 s instead of staying open for good.
  const requestPool = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' as const, timeout: 15_000 };
  const watchPool = { keepAlive: false, maxSockets: Infinity };
  const endpoint: RequestOptions = 'socketPath' in config
    ? { socketPath: config.socketPath }
    : (() => {
      const url = new URL(config.server);
      return { protocol: url.protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || 443 };
    })();
  const [requestAgent, watchAgent] = 'socketPath' in config
    ? [new http.Agent(requestPool), new http.Agent(watchPool)]
    : [new https.Agent({ ...requestPool, ca: config.caCertPem }), new https.Agent({ ...watchPool, ca: config.caCertPem })];
  const base: RequestOptions = { ...endpoint, agent: requestAgent };
  const watchBase: RequestOptions = { ...endpoint, agent: watchAgent };
  const transport = 'socketPath' in config ? http : https;
  const auth = `Bearer ${config.token}`;

  // Header objects are shared by every request of a kind (node copies them), not built per call.
  const readHeaders: OutgoingHttpHeaders = { Authorization: auth, Accept: 'application/json' };
  const jsonHeaders: OutgoingHttpHeaders = { ...readHeaders, 'Content-Type': 'application/json' };
  const patchHeader = (type: PatchType): OutgoingHttpHeaders => ({ ...readHeaders, 'Content-Type': PATCH_CONTENT_TYPES[type] });
  const patchHeaders: Record<PatchType, OutgoingHttpHeaders> = {
    merge: patchHeader('merge'),
    strategic: patchHeader('strategic'),
    json: patchHeader('json'),
    apply: patchHeader('apply'),
  };

  function open(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    body: string | undefined,
    onResponse: (res: IncomingMessage) => void,
    onError: (err: Error) => void,
    options: RequestOptions = base,
  ) {
    // Node sends a DELETE body without Content-Length (it only frames POST, PUT and PATCH bodies
    // by itself), and the server would then read the body as the next request.
    if (method === 'DELETE' && body !== undefined) headers = { ...headers, 'Content-Length': Buffer.byteLength(body) };
    const req = transport.request({ ...options, method, path, headers }, onResponse);
    req.on('error', onError);
    req.end(body);
    return req;
  }

  /** Resolves with the parsed body of a 2xx answer, or undefined when `parse` is false (the body is drained unread). */
  function call<T>(method: string, path: string, headers: OutgoingHttpHeaders, body: string | undefined, parse = true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      open(method, path, headers, body, (res) => {
        const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
        if (ok && !parse) {
          res.on('end', () => resolve(undefined as T));
          res.resume();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
          if (!ok) {
            reject(statusErrorFromBody(text, res.statusCode ?? 500));
            return;
          }
          try {
            resolve(JSON.parse(text) as T);
          } catch (err) {
            reject(err);
          }
        });
        res.on('error', (err) => reject(unreachable(err)));
      }, (err) => reject(unreachable(err)));
    });
  }

  const json = (obj: unknown) => JSON.stringify(obj);

  return {
    get<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string) {
      return call<T>('GET', resourcePath(ref, namespace, name), readHeaders, undefined);
    },

    async list<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, options?: Parameters<Client['list']>[2]): Promise<ListResult<T>> {
      const path = resourcePath(ref, namespace) + (options ? query({ ...options }) : '');
      const body = await call<KubeListBody<T>>('GET', path, readHeaders, undefined);
      const items = body.items ?? [];
      // The API leaves kind and apiVersion off list items; event recorders and owner
      // references need them, and watch events carry them, so every object has them.
      const kind = body.kind?.endsWith('List') ? body.kind.slice(0, -4) : undefined;
      for (const item of items) {
        item.kind ??= kind;
        item.apiVersion ??= body.apiVersion;
      }
      const result: ListResult<T> = { items, resourceVersion: body.metadata.resourceVersion ?? '' };
      if (body.metadata.continue) result.continue = body.metadata.continue;
      return result;
    },

    watch(ref, namespace, options, onEvent, onClose) {
      const path = resourcePath(ref, namespace) + query({ watch: true, ...options });
      let stopped = false;
      let stream: { stop(): void } | undefined;
      const close = (error?: StatusError) => {
        if (stopped) return;
        stopped = true;
        onClose(error);
      };
      const req = open('GET', path, readHeaders, undefined, (res) => {
        if (stopped) {
          res.destroy();
          return;
        }
        if (res.statusCode !== 200) {
          // The watch was refused (410 for a compacted resourceVersion, 401, …): its body is a Status.
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => close(statusErrorFromBody(Buffer.concat(chunks).toString('utf8'), res.statusCode ?? 500)));
          res.on('error', (err) => close(unreachable(err)));
          return;
        }
        stream = readWatchStream(res, onEvent, close);
      }, (err) => close(unreachable(err)), watchBase);
      return {
        stop() {
          if (stopped) return;
          stopped = true;
          stream?.stop();
          req.destroy();
        },
      };
    },

    create<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions) {
      return call<T>('POST', resourcePath(ref, namespace) + writeQuery(options), jsonHeaders, json(obj));
    },

    update<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions) {
      return call<T>('PUT', resourcePath(ref, namespace, obj.metadata.name) + writeQuery(options), jsonHeaders, json(obj));
    },

    updateStatus<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions) {
      return call<T>('PUT', resourcePath(ref, namespace, obj.metadata.name, 'status') + writeQuery(options), jsonHeaders, json(obj));
    },

    patch<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, type: PatchType, body: unknown, options?: Parameters<Client['patch']>[5]) {
      const q = writeQuery(options, type === 'apply' && options?.force ? { force: true } : undefined);
      return call<T>('PATCH', resourcePath(ref, namespace, name, options?.subresource) + q, patchHeaders[type], json(body));
    },

    async delete<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions) {
      const answer = await call<T>('DELETE', resourcePath(ref, namespace, name), jsonHeaders, options && json(deleteOptionsOf(options)));
      // A Status (Success) means the object is gone; an object means its deletion is pending.
      return answer.kind === 'Status' ? undefined : answer;
    },

    bind(namespace: string, pod: string, node: string, podUid?: string) {
      // The scheduler's hot path: the body is assembled directly and the answer is not parsed.
      const uid = podUid ? `,"uid":${JSON.stringify(podUid)}` : '';
      const body = `{"apiVersion":"v1","kind":"Binding","metadata":{"name":${JSON.stringify(pod)}${uid}},"target":{"apiVersion":"v1","kind":"Node","name":${JSON.stringify(node)}}}`;
      return call<void>('POST', `/api/v1/namespaces/${namespace}/pods/${pod}/binding`, jsonHeaders, body, false);
    },

    evict(namespace: string, pod: string, options?: DeleteOptions) {
      const eviction: Record<string, unknown> = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod, namespace } };
      if (options) eviction.deleteOptions = deleteOptionsOf(options);
      return call<void>('POST', `/api/v1/namespaces/${namespace}/pods/${pod}/eviction`, jsonHeaders, json(eviction), false);
    },
  };
}
