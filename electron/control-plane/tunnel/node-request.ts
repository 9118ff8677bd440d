// Requests to a node's HTTP API over its tunnel, with the errors the API reports
// when the agent is absent (503), broken (502) or silent (504).
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { errors, StatusError } from '../../../api/status.ts';

/** What the control plane needs of the tunnels: a stream to a node's HTTP API. */
export interface NodeDialer {
  dial(nodeName: string): Promise<Duplex>;
  isConnected(nodeName: string): boolean;
}

/** How long an agent may take to start answering before the caller gets a 504. */
export const NODE_RESPONSE_TIMEOUT_MS = 30_000;

export function notConnected(node: string, what: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', `no agent of node "${node}" is connected to the control plane, so ${what} cannot be reached`);
}

export function agentFailed(node: string, err: Error): StatusError {
  return new StatusError(502, 'InternalError', `error talking to the agent of node "${node}": ${err.message}`);
}

export function agentSilent(node: string, timeoutMs: number): StatusError {
  return errors.timeout(`the agent of node "${node}" did not answer within ${timeoutMs / 1000}s`);
}

export async function dialNode(tunnels: NodeDialer, node: string, what: string): Promise<Duplex> {
  if (!tunnels.isConnected(node)) throw notConnected(node, what);
  try {
    return await tunnels.dial(node);
  } catch {
    // The tunnel went away between the check and the dial.
    throw notConnected(node, what);
  }
}

export interface NodeRequest {
  method?: string;
  path: string;
  headers?: http.OutgoingHttpHeaders;
  /** Bounds the wait for the response head only; a followed log may then stream for hours. */
  timeoutMs?: number;
}

/** Sends a request to the node over `duplex` and resolves with the response head (body unread). */
export function requestNode(duplex: Duplex, node: string, req: NodeRequest, body?: NodeJS.ReadableStream): Promise<http.IncomingMessage> {
  const timeoutMs = req.timeoutMs ?? NODE_RESPONSE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const upstream = http.request({
      // An HTTP client takes any Duplex as its connection; the type asks for a socket.
      createConnection: () => duplex as Socket,
      method: req.method ?? 'GET',
      path: req.path,
      headers: { ...req.headers, host: node },
    });
    const timer = setTimeout(() => {
      reject(agentSilent(node, timeoutMs));
      upstream.destroy();
    }, timeoutMs);
    upstream.on('response', (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    upstream.on('error', (err) => {
      clearTimeout(timer);
      reject(agentFailed(node, err));
    });
    if (body) body.pipe(upstream);
    else upstream.end();
  });
}

/** GETs a JSON document from the node's API. */
export async function getNodeJson<T>(tunnels: NodeDialer, node: string, path: string, timeoutMs: number): Promise<T> {
  const duplex = await dialNode(tunnels, node, path);
  const res = await requestNode(duplex, node, { path, timeoutMs });
  const chunks: Buffer[] = [];
  const body = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      res.destroy();
      reject(agentSilent(node, timeoutMs));
    }, timeoutMs);
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', (err) => {
      clearTimeout(timer);
      reject(agentFailed(node, err));
    });
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw agentFailed(node, new Error(`${path} answered ${res.statusCode} with a body that is not JSON`));
  }
  if (res.statusCode !== 200) {
    const message = (parsed as { message?: string }).message ?? `HTTP ${res.statusCode}`;
    throw agentFailed(node, new Error(`${path}: ${message}`));
  }
  return parsed as T;
}
