// Reading requests and writing responses the way Kubernetes clients expect them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { errors, StatusError } from '../../../api/status.ts';
import { decodeProtobufBody } from './protobuf-body.ts';

/** Upstream's limit on a request body (3 MiB); larger bodies are refused before they are buffered. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(errors.tooLarge(limit));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(errors.tooLarge(limit));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Deeper than any real object; bounds the recursion of everything that walks a body. */
export const MAX_NESTING_DEPTH = 1000;

function checkDepth(value: unknown): unknown {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_NESTING_DEPTH) throw errors.badRequest(`the request body is nested deeper than ${MAX_NESTING_DEPTH} levels`);
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return value;
}

/** Decodes a JSON or YAML body into a plain value; anything else is a 400 or 415. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  return checkDepth(decodeAny(body, contentType));
}

function decodeAny(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (body.length === 0) throw errors.badRequest('the request body is empty');
  // kubectl's typed clients (create namespace|configmap|deployment…, drain) send protobuf.
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufBody(body);
  const text = body.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the request body is empty');
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'text/yaml') {
    return parseYaml(text);
  }
  if (type === '' || type === 'application/json' || type.endsWith('+json') || type === '*/*') {
    return parseJson(text);
  }
  if (type.endsWith('+cbor') || type === 'application/cbor') {
    throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unsupported format (${type}); send application/json or application/yaml`);
  }
  throw new StatusError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got ${type})`);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  try {
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw errors.badRequest(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, code, typeof body === 'string' ? body : JSON.stringify(body), 'application/json', headers);
}

export function sendRaw(res: ServerResponse, code: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const status = err instanceof StatusError ? err : errors.internal((err as Error)?.message ?? String(err));
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds) headers['Retry-After'] = String(status.details.retryAfterSeconds);
  sendJson(res, status.code, status.toStatus(), headers);
}

export interface Accept {
  /** The client asked for a meta.k8s.io Table (kubectl get). */
  table: boolean;
  /** The client asked for PartialObjectMetadata(List). */
  partialMetadata: boolean;
  yaml: boolean;
}

/** Picks the first representation we can serve from an Accept header (upstream's negotiation order). */
export function negotiate(acceptHeader: string | undefined): Accept {
  const result: Accept = { table: false, partialMetadata: false, yaml: false };
  if (!acceptHeader) return result;
  for (const raw of acceptHeader.split(',')) {
    const [type, ...paramParts] = raw.split(';').map((p) => p.trim());
    const params = new Map(paramParts.map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    if (type === 'application/json' || type === '*/*' || type === 'application/*') {
      const as = params.get('as');
      if (as === 'Table' && (params.get('g') ?? 'meta.k8s.io') === 'meta.k8s.io') result.table = true;
      else if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') result.partialMetadata = true;
      else if (as !== undefined) continue;
      return result;
    }
    if (type === 'application/yaml') {
      result.yaml = true;
      return result;
    }
  }
  if (!/application\/json|\*\/\*|application\/yaml/.test(acceptHeader)) {
    throw errors.notAcceptable(`only the following media types are accepted: application/json, application/yaml`);
  }
  return result;
}

export function query(url: URL, name: string): string | undefined {
  const v = url.searchParams.get(name);
  return v === null ? undefined : v;
}

export function boolQuery(url: URL, name: string): boolean {
  const v = url.searchParams.get(name);
  return v === 'true' || v === '1';
}

export function intQuery(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}
