// GET /containerLogs/NS/POD/CONTAINER: PodLogOptions from the query, validated
// as the API server does, then the runtime's log streamed as chunked text/plain.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { errors, invalid, type FieldError } from '../../api/status.ts';
import type { LogOptions, Runtime } from '../runtime/types.ts';
import { containerForLogs, type ContainerRef } from './lookup.ts';
import { queryBool } from './query.ts';

export interface PodLogRequest {
  previous: boolean;
  limitBytes?: number;
  options: LogOptions;
}

function integer(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(raw)}: must be an integer`);
  return Number(raw);
}

/** The query as PodLogOptions: decode errors are 400, validation errors 422 (ValidatePodLogOptions). */
export function parseLogQuery(query: URLSearchParams, pod: string, now = Date.now()): PodLogRequest {
  // the kubelet still honours the old `tail` parameter; `all` means no limit
  const tail = query.get('tail');
  const tailLines = tail !== null && tail !== 'all' ? integer(new URLSearchParams({ tail }), 'tail') : integer(query, 'tailLines');
  const sinceSeconds = integer(query, 'sinceSeconds');
  const limitBytes = integer(query, 'limitBytes');
  const sinceTimeRaw = query.get('sinceTime') || undefined;
  let sinceTime: number | undefined;
  if (sinceTimeRaw !== undefined) {
    sinceTime = Date.parse(sinceTimeRaw);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(sinceTimeRaw) || Number.isNaN(sinceTime)) {
      throw errors.badRequest(`invalid value for sinceTime: ${JSON.stringify(sinceTimeRaw)}: must be an RFC 3339 time`);
    }
  }

  const causes: FieldError[] = [];
  if (tailLines !== undefined && tailLines < 0) causes.push(invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) causes.push(invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    causes.push({ type: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  }
  else if (sinceSeconds !== undefined && sinceSeconds < 1) causes.push(invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  if (causes.length > 0) throw errors.invalid('PodLogOptions', '', pod, causes);

  const since = sinceSeconds !== undefined ? now - sinceSeconds * 1000 : sinceTime;
  return {
    previous: queryBool(query, 'previous'),
    limitBytes,
    options: { follow: queryBool(query, 'follow'), timestamps: queryBool(query, 'timestamps'), tailLines, since },
  };
}

export async function serveLogs(runtime: Runtime, ref: ContainerRef, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = parseLogQuery(query, ref.pod);
  const container = await containerForLogs(runtime, ref, request.previous);
  // a previous container has exited: there is nothing to follow
  const options = container.state === 'running' ? request.options : { ...request.options, follow: false };
  const log = await runtime.logs(container.id, options);
  if (req.destroyed || res.destroyed) {
    log.destroy();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  // kubectl shows nothing until the headers arrive, and a followed log may be quiet for long
  res.flushHeaders();
  await pipeLimited(log, res, request.limitBytes);
}

/** Copies until the log ends, `limit` bytes went out, or the client left; the runtime's stream is released in every case. */
function pipeLimited(log: Readable, res: ServerResponse, limit: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    let sent = 0;
    const done = (): void => {
      log.off('data', onData);
      log.destroy();
      if (!res.writableEnded) res.end();
      resolve();
    };
    const onData = (chunk: Buffer | string): void => {
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (limit !== undefined && sent + bytes.length >= limit) {
        bytes = bytes.subarray(0, limit - sent);
        sent = limit;
        res.write(bytes);
        return done();
      }
      sent += bytes.length;
      if (!res.write(bytes)) {
        log.pause();
        res.once('drain', () => log.resume());
      }
    };
    log.on('data', onData);
    log.once('end', done);
    log.once('error', done);
    res.once('close', done);
  });
}
