// A Kubernetes API client for the browser: reads and writes over fetch; watches
// and followed logs over WebSockets, as upstream serves them to browsers, because
// a browser keeps only six HTTP/1.1 connections per host and each of those
// streams would hold one for good. The token rides in a subprotocol, since a
// browser WebSocket cannot send an Authorization header.
import type { KubeList, KubeObject, Status, WatchEvent } from '../../../api/types.ts';
import type { Connection } from './connection.ts';
import { browserSocket, type SocketFactory } from './socket.ts';

export type ApiErrorKind = 'unreachable' | 'unauthorized' | 'gone' | 'conflict' | 'notfound' | 'invalid' | 'status';

export class ApiError extends Error {
  constructor(readonly kind: ApiErrorKind, message: string, readonly code = 0, readonly status?: Status) {
    super(message);
  }

  /** Field paths the server named (Status details.causes), for pointing at the offending line. */
  get fields(): { field: string; message: string }[] {
    return (this.status?.details?.causes ?? []).map((cause) => ({ field: cause.field ?? '', message: cause.message ?? cause.reason ?? '' }));
  }
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

function statusError(code: number, status: Status | undefined): ApiError {
  const text = status?.message ?? `HTTP ${code}`;
  if (code === 401 || code === 403) return new ApiError('unauthorized', text, code, status);
  if (code === 410) return new ApiError('gone', text, code, status);
  if (code === 409) return new ApiError('conflict', text, code, status);
  if (code === 404) return new ApiError('notfound', text, code, status);
  if (code === 422 || code === 400) return new ApiError('invalid', text, code, status);
  return new ApiError('status', text, code, status);
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface WriteOptions {
  /** Server-side dry run: validated and defaulted, not stored. */
  dryRun?: boolean;
  fieldManager?: string;
  /** Server-side apply only: take over fields other managers own. */
  force?: boolean;
}

const NETWORK_RETRIES = 2;

/** What the dashboard's writes are recorded as in managedFields. */
export const FIELD_MANAGER = 'flotilla-dashboard';

function bearerProtocol(token: string): string {
  const encoded = btoa(token).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `base64url.bearer.authorization.k8s.io.${encoded}`;
}

/** Subprotocols a browser offers for exec/attach: v5 first, as kubectl does, and the token. */
export function streamProtocols(token: string): string[] {
  return ['v5.channel.k8s.io', 'v4.channel.k8s.io', bearerProtocol(token)];
}

/** Watch events come as text frames of JSON, log bytes as binary frames, a refusal as a text frame holding its Status. */
const READ_PROTOCOL = 'binary.k8s.io';

/** How requests go out: the browser's fetch, or in Node tests one that trusts the cluster's CA. */
export type Transport = (input: URL, init: RequestInit) => Promise<Response>;

export class ApiClient {
  constructor(
    private readonly connection: Connection,
    private readonly transport: Transport = (input, init) => fetch(input, init),
    private readonly sockets: SocketFactory = browserSocket,
  ) {}

  get apiUrl(): string {
    return this.connection.apiUrl;
  }

  get token(): string {
    return this.connection.token;
  }

  /** wss:// address of a streaming subresource (exec, attach) for `new WebSocket(url, streamProtocols(token))`. */
  webSocketUrl(path: string): string {
    const url = new URL(path, this.connection.apiUrl);
    url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
    return url.toString();
  }

  async request(path: string, init: { method?: string; body?: string; contentType?: string; accept?: string; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.connection.token}`, Accept: init.accept ?? 'application/json' };
    if (init.contentType) headers['Content-Type'] = init.contentType;
    const method = init.method ?? 'GET';
    let response: Response | undefined;
    for (let attempt = 0; !response; attempt++) {
      try {
        response = await this.transport(new URL(path, this.connection.apiUrl), { method, headers, body: init.body, cache: 'no-store', signal: init.signal });
      } catch (error) {
        if (init.signal?.aborted) throw error;
        // Browsers abort requests in flight when the machine's network changes (Docker
        // adding a container's interface does it); all but a create may safely go again.
        if (method === 'POST' || attempt >= NETWORK_RETRIES) throw new ApiError('unreachable', `Cannot reach the API at ${this.connection.apiUrl}`);
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      }
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const status = isStatus(body) ? body : text ? ({ message: text.trim() } as Status) : undefined;
    throw statusError(response.status, status);
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await this.request(path, { signal })).json() as Promise<T>;
  }

  async text(path: string, signal?: AbortSignal): Promise<string> {
    return (await this.request(path, { signal, accept: '*/*' })).text();
  }

  async list<T extends KubeObject>(path: string, signal?: AbortSignal): Promise<KubeList<T>> {
    return this.get<KubeList<T>>(path, signal);
  }

  private write<T>(method: string, path: string, body: unknown, contentType: string, options: WriteOptions): Promise<T> {
    const query = new URLSearchParams({ fieldManager: options.fieldManager ?? FIELD_MANAGER });
    if (options.dryRun) query.set('dryRun', 'All');
    if (options.force) query.set('force', 'true');
    const separator = path.includes('?') ? '&' : '?';
    return this.request(`${path}${separator}${query.toString()}`, { method, body: typeof body === 'string' ? body : JSON.stringify(body), contentType })
      .then((response) => response.json() as Promise<T>);
  }

  create<T extends KubeObject>(collectionPath: string, object: T, options: WriteOptions = {}): Promise<T> {
    return this.write('POST', collectionPath, object, 'application/json', options);
  }

  /** Update (PUT): refused with a 409 `conflict` when object.metadata.resourceVersion is stale. */
  replace<T extends KubeObject>(path: string, object: T, options: WriteOptions = {}): Promise<T> {
    return this.write('PUT', path, object, 'application/json', options);
  }

  patch<T extends KubeObject>(path: string, patch: unknown, type: PatchType, options: WriteOptions = {}): Promise<T> {
    return this.write('PATCH', path, patch, PATCH_CONTENT_TYPES[type], options);
  }

  async remove(path: string, options: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; gracePeriodSeconds?: number } = {}): Promise<void> {
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', ...options };
    await this.request(path, { method: 'DELETE', body: JSON.stringify(body), contentType: 'application/json' });
  }

  /**
   * Events after resourceVersion until the server ends the stream; a lost
   * connection throws 'unreachable', a compacted version 'gone'.
   */
  async *watch<T extends KubeObject>(path: string, resourceVersion: string, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    const query = new URLSearchParams({ watch: '1', resourceVersion, allowWatchBookmarks: 'true' });
    const separator = path.includes('?') ? '&' : '?';
    for await (const frame of this.frames(`${path}${separator}${query.toString()}`, signal)) {
      if (typeof frame !== 'string') continue;
      for (const line of frame.split('\n')) {
        if (!line.trim()) continue;
        const value = JSON.parse(line) as WatchEvent<T | Status> | Status;
        if (isStatus(value)) throw statusError(value.code ?? 500, value);
        if (value.type !== 'ERROR') {
          yield value as WatchEvent<T>;
          continue;
        }
        const status = isStatus(value.object) ? value.object : undefined;
        throw statusError(status?.code ?? 500, status);
      }
    }
  }

  /** A streaming text response (logs with follow), chunk by chunk, until it ends or signal aborts. */
  async *stream(path: string, signal: AbortSignal): AsyncGenerator<string> {
    const decoder = new TextDecoder();
    for await (const frame of this.frames(path, signal)) {
      if (typeof frame === 'string') {
        const status = JSON.parse(frame) as Status;
        throw statusError(status.code ?? 500, status);
      }
      const text = decoder.decode(frame, { stream: true });
      if (text) yield text;
    }
  }

  /** The frames of a read-only WebSocket on path, until the server closes it; closes it when the consumer stops. */
  private async *frames(path: string, signal: AbortSignal): AsyncGenerator<string | Uint8Array> {
    signal.throwIfAborted();
    const socket = this.sockets(this.webSocketUrl(path), [READ_PROTOCOL, bearerProtocol(this.connection.token)]);
    socket.binaryType = 'arraybuffer';
    const queue: (string | Uint8Array)[] = [];
    let opened = false;
    let closed = false;
    let wake: () => void = () => undefined;
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = ({ data }) => {
      queue.push(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
      wake();
    };
    socket.onerror = () => undefined;
    socket.onclose = () => {
      closed = true;
      wake();
    };
    const abort = () => socket.close(1000);
    signal.addEventListener('abort', abort, { once: true });
    try {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        signal.throwIfAborted();
        if (closed) {
          // A browser hides why a handshake failed (a refused token, the server gone); the next list says which.
          if (!opened) throw new ApiError('unreachable', `Cannot reach the API at ${this.connection.apiUrl}`);
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      }
    } finally {
      signal.removeEventListener('abort', abort);
      if (!closed) socket.close(1000);
    }
  }
}
