// A small Kubernetes API client for the browser: list, and watch as
// newline-delimited JSON over one streaming fetch.
import type { KubeList, KubeObject, Status, WatchEvent } from '../../../api/types.ts';
import type { Connection } from './connection.ts';

export type ApiErrorKind = 'unreachable' | 'unauthorized' | 'gone' | 'status';

export class ApiError extends Error {
  constructor(readonly kind: ApiErrorKind, message: string) {
    super(message);
  }
}

function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

function statusError(code: number, status: Status | undefined): ApiError {
  const text = status?.message ?? `HTTP ${code}`;
  if (code === 401 || code === 403) return new ApiError('unauthorized', text);
  if (code === 410) return new ApiError('gone', text);
  return new ApiError('status', text);
}

export class ApiClient {
  constructor(private readonly connection: Connection) {}

  get apiUrl(): string {
    return this.connection.apiUrl;
  }

  private async request(path: string, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.connection.apiUrl), {
        headers: { Authorization: `Bearer ${this.connection.token}`, Accept: 'application/json' },
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError('unreachable', `Cannot reach the API at ${this.connection.apiUrl}`);
    }
    if (response.ok) return response;
    const body: unknown = await response.json().catch(() => undefined);
    throw statusError(response.status, isStatus(body) ? body : undefined);
  }

  async list<T extends KubeObject>(path: string, signal?: AbortSignal): Promise<KubeList<T>> {
    return (await this.request(path, signal)).json() as Promise<KubeList<T>>;
  }

  /** Events after resourceVersion until the server ends the stream; a lost connection throws 'unreachable'. */
  async *watch<T extends KubeObject>(path: string, resourceVersion: string, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    const query = new URLSearchParams({ watch: '1', resourceVersion, allowWatchBookmarks: 'true' });
    const response = await this.request(`${path}?${query.toString()}`, signal);
    if (!response.body) throw new ApiError('unreachable', 'The watch response has no body');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<string>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (signal.aborted) throw error;
          throw new ApiError('unreachable', `Lost the connection to the API at ${this.connection.apiUrl}`);
        }
        if (chunk.done) return;
        buffer += chunk.value;
        for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line) continue;
          const event = JSON.parse(line) as WatchEvent<T | Status>;
          if (event.type === 'ERROR') {
            const status = isStatus(event.object) ? event.object : undefined;
            throw statusError(status?.code ?? 500, status);
          }
          yield event as WatchEvent<T>;
        }
      }
    } finally {
      // Also closes the stream when the consumer stops early.
      await reader.cancel().catch(() => undefined);
    }
  }
}
