// pods/log, exec, attach, portforward and proxy. Containers run on nodes, so the
// control plane checks the request, then forwards it through the node's tunnel to
// the agent's HTTP API, as upstream's UpgradeAwareHandler forwards to the kubelet:
// plain requests are re-sent and their response streamed back; upgrades (WebSocket,
// SPDY) have their request head re-written on the tunnel stream and the two byte
// streams spliced, never parsed.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { StatusError, errors } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import { agentFailed, agentSilent, dialNode, NODE_RESPONSE_TIMEOUT_MS, requestNode, type NodeDialer } from '../../tunnel/node-request.ts';
import { sendRaw } from '../http.ts';

export const POD_STREAM_SUBRESOURCES = ['log', 'exec', 'attach', 'portforward', 'proxy'] as const;
/** The ones that switch protocols (WebSocket, or SPDY from older kubectl). */
export const POD_UPGRADE_SUBRESOURCES = ['exec', 'attach', 'portforward'] as const;

export interface PodStreamContext {
  tunnels: NodeDialer;
  /** How long the agent may take to start answering; default NODE_RESPONSE_TIMEOUT_MS. */
  timeoutMs?: number;
}

interface PodLike extends KubeObject {
  spec?: { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] };
}

/** The container a log/exec/attach request means, checked the way upstream checks it. */
export function containerOf(pod: PodLike, requested: string | undefined): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  const all = [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)];
  if (requested) {
    if (!all.includes(requested)) throw errors.badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    return requested;
  }
  if (names.length === 1) return names[0]!;
  throw errors.badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
}

const NODE_API: Record<string, string> = { log: 'containerLogs', exec: 'exec', attach: 'attach', portforward: 'portForward' };

/**
 * Where on the node's API the request goes (agent/README.md, "The node's HTTP API"):
 * the client's query without `container`, which the path carries. `undefined` for
 * the log of a pod no node has taken yet (upstream returns an empty log).
 */
export function nodeTarget(pod: PodLike, subresource: string, url: URL): { node: string; path: string } | undefined {
  const container = subresource === 'portforward' || subresource === 'proxy' ? undefined : containerOf(pod, url.searchParams.get('container') ?? undefined);
  const node = pod.spec?.nodeName;
  if (!node) {
    if (subresource === 'log') return undefined;
    throw errors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  }
  if (subresource === 'proxy') {
    throw new StatusError(503, 'ServiceUnavailable', `pods/proxy is not served by Flotilla's agents (logs, exec, attach and port-forward are); use kubectl port-forward to reach pod ${pod.metadata.name}`);
  }
  const query = new URLSearchParams(url.searchParams);
  query.delete('container');
  const segments = [NODE_API[subresource]!, pod.metadata.namespace!, pod.metadata.name!, ...(container ? [container] : [])];
  const path = '/' + segments.map(encodeURIComponent).join('/');
  const qs = query.toString();
  return { node, path: qs ? `${path}?${qs}` : path };
}

function what(pod: PodLike, subresource: string): string {
  return `pods/${subresource} of pod ${pod.metadata.name}`;
}

/** Hop-by-hop headers (RFC 9110 7.6.1) and the client's credential stay on this side. */
const NOT_FORWARDED = new Set(['authorization', 'host', 'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!NOT_FORWARDED.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** A plain request (GET log, or a non-upgrade exec the agent will refuse): re-sent, the answer streamed back. */
export async function servePodStream(ctx: PodStreamContext, pod: PodLike, subresource: string, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const target = nodeTarget(pod, subresource, url);
  if (!target) return sendRaw(res, 200, '', 'text/plain');
  const duplex = await dialNode(ctx.tunnels, target.node, what(pod, subresource));
  // The client going away (kubectl logs -f interrupted) must stop the agent's stream too.
  res.on('close', () => duplex.destroy());
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const answer = await requestNode(duplex, target.node, { method: req.method, path: target.path, headers: forwardable(req.headers), timeoutMs: ctx.timeoutMs }, hasBody ? req : undefined);
  res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
  // A followed log may stay silent for long; the client should see the headers now.
  res.flushHeaders();
  answer.on('error', () => res.destroy());
  answer.pipe(res);
}

/** The client's request head as the agent should see it: new path, no credential, the agent's Host. */
function requestHead(req: IncomingMessage, node: string, path: string): string {
  const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `Host: ${node}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'host') continue;
    lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
  }
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Resolves with the agent's first bytes, or rejects (502/504) when it fails or stays silent. */
function firstBytes(duplex: Duplex, node: string, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      clearTimeout(timer);
      duplex.off('data', onData).off('end', onEnd).off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      // Paused before the listener goes, so no later chunk is emitted to nobody.
      duplex.pause();
      settle();
      resolve(chunk);
    };
    const onEnd = () => {
      settle();
      reject(agentFailed(node, new Error('the agent closed the stream without answering')));
    };
    const onError = (err: Error) => {
      settle();
      reject(agentFailed(node, err));
    };
    const timer = setTimeout(() => {
      settle();
      duplex.destroy();
      reject(agentSilent(node, timeoutMs));
    }, timeoutMs);
    duplex.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/**
 * An upgrade request (the 'upgrade' event: no response object, the raw socket): the
 * agent gets the request head on a tunnel stream and answers (101 or an error) itself;
 * then bytes flow both ways untouched, SPDY-in-WebSocket port-forward included.
 */
export async function upgradePodStream(ctx: PodStreamContext, pod: PodLike, subresource: string, req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
  if (!(POD_UPGRADE_SUBRESOURCES as readonly string[]).includes(subresource)) {
    throw errors.badRequest(`pods/${subresource} does not switch protocols; send it as a plain request`);
  }
  const target = nodeTarget(pod, subresource, url)!;
  await forwardUpgrade(ctx, target, what(pod, subresource), req, socket, head);
}

/** Splices an upgrade request onto a tunnel stream to `target.path` on the node's API (also the node shell's way there). */
export async function forwardUpgrade(ctx: PodStreamContext, target: { node: string; path: string }, what: string, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const duplex = await dialNode(ctx.tunnels, target.node, what);
  const clientGone = () => duplex.destroy();
  socket.once('close', clientGone);
  duplex.write(requestHead(req, target.node, target.path));
  if (head.length > 0) duplex.write(head);
  let first: Buffer;
  try {
    first = await firstBytes(duplex, target.node, ctx.timeoutMs ?? NODE_RESPONSE_TIMEOUT_MS);
  } catch (err) {
    socket.off('close', clientGone);
    duplex.destroy();
    throw err;
  }
  socket.write(first);
  duplex.pipe(socket);
  socket.pipe(duplex);
  // An abort on either side aborts the other; clean ends travel through the pipes as half-closes.
  duplex.on('error', () => socket.destroy());
  socket.on('error', () => duplex.destroy());
}
