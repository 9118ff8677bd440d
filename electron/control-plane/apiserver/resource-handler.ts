// Serves every verb and subresource of every resource through the generic registry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import YAML from 'yaml';
import { errors, StatusError } from '../../../api/status.ts';
import type { KubeObject } from '../../../api/types.ts';
import type { ResourceDef } from '../registry/types.ts';
import type { Store } from '../store/types.ts';
import { boolQuery, decodeBody, intQuery, mediaType, negotiate, query, readBody, sendJson, sendRaw, type Accept } from './http.ts';
import { readList, renderList } from './list.ts';
import type { ResourceRequest } from './requestinfo.ts';
import { decode, type DeleteOptions, type ResourceStore, type WriteOptions } from './storage/resource-store.ts';
import { parseSelection } from './storage/selection.ts';
import { parseIncludeObject, toTable } from './table.ts';
import { serveWatch } from './watch.ts';
import { scaleOf, applyScale } from './subresources/scale.ts';
import { bindPod } from './subresources/binding.ts';
import { evictPod } from './subresources/eviction.ts';
import { POD_STREAM_SUBRESOURCES, servePodStream } from './subresources/pod-streams.ts';
import type { NodeDialer } from '../tunnel/node-request.ts';
import type { WriteHooks } from './write-hooks.ts';

export interface HandlerContext {
  store: Store;
  def: ResourceDef;
  resources: ResourceStore;
  /** Looks up another resource's registry (eviction reads PodDisruptionBudgets). */
  registryOf(group: string, resource: string): ResourceStore | undefined;
  hooks: WriteHooks;
  /** The agents' tunnels, for the pod stream subresources. */
  tunnels: NodeDialer;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: ResourceRequest;
  accept: Accept;
  /** Warning headers collected while handling (field validation in Warn mode). */
  warnings: string[];
}

const SUBRESOURCE_VERBS: Record<string, readonly string[]> = {
  status: ['get', 'update', 'patch'],
  scale: ['get', 'update', 'patch'],
  binding: ['create'],
  eviction: ['create'],
  finalize: ['update'],
};

export async function handleResource(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, info: ResourceRequest): Promise<void> {
  const call: Call = { req, res, url, info, accept: negotiate(req.headers.accept), warnings: [] };
  const { def } = ctx;
  const namespace = def.namespaced ? info.namespace : undefined;
  if (def.namespaced && info.namespace === undefined && info.verb !== 'list' && info.verb !== 'watch') {
    throw errors.pathNotFound(url.pathname);
  }
  if (info.subresource) return handleSubresource(ctx, call, namespace, info.subresource);
  switch (info.verb) {
    case 'get':
      return respondObject(ctx, call, 200, await ctx.resources.get(namespace, info.name!).then((kv) => kv.value));
    case 'list':
      return list(ctx, call, namespace);
    case 'watch':
      return watch(ctx, call, namespace);
    case 'create':
      return create(ctx, call, namespace);
    case 'update':
      return update(ctx, call, namespace, info.name!, undefined);
    case 'patch':
      return patch(ctx, call, namespace, info.name!, undefined);
    case 'delete':
      return remove(ctx, call, namespace, info.name!);
    case 'deletecollection':
      return removeCollection(ctx, call, namespace);
    default:
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
}

function respondObject(ctx: HandlerContext, call: Call, code: number, json: string, object?: KubeObject): void {
  const headers: Record<string, string> = {};
  if (call.warnings.length > 0) headers['Warning'] = call.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ');
  if (call.accept.table) {
    const obj = object ?? (JSON.parse(json) as KubeObject);
    const include = parseIncludeObject(query(call.url, 'includeObject'));
    return sendJson(call.res, code, toTable(ctx.def, [obj], include, { resourceVersion: obj.metadata.resourceVersion }), headers);
  }
  if (call.accept.yaml) return sendRaw(call.res, code, YAML.stringify(JSON.parse(json)), 'application/yaml', headers);
  sendJson(call.res, code, json, headers);
}

function selectionOf(ctx: HandlerContext, call: Call) {
  return parseSelection(ctx.def, query(call.url, 'labelSelector'), query(call.url, 'fieldSelector'));
}

async function list(ctx: HandlerContext, call: Call, namespace: string | undefined): Promise<void> {
  if (boolQuery(call.url, 'watch')) return watch(ctx, call, namespace);
  const result = await readList(ctx.store, ctx.def, {
    namespace,
    selection: selectionOf(ctx, call),
    limit: intQuery(call.url, 'limit'),
    continueToken: query(call.url, 'continue'),
    resourceVersion: query(call.url, 'resourceVersion'),
    resourceVersionMatch: query(call.url, 'resourceVersionMatch'),
  });
  const { body, contentType } = renderList(ctx.def, result, call.accept, parseIncludeObject(query(call.url, 'includeObject')));
  sendRaw(call.res, 200, body, contentType);
}

async function watch(ctx: HandlerContext, call: Call, namespace: string | undefined): Promise<void> {
  await serveWatch(call.req, call.res, ctx.store, ctx.def, {
    namespace,
    selection: selectionOf(ctx, call),
    resourceVersion: query(call.url, 'resourceVersion'),
    bookmarks: boolQuery(call.url, 'allowWatchBookmarks'),
    sendInitialEvents: boolQuery(call.url, 'sendInitialEvents'),
    timeoutSeconds: intQuery(call.url, 'timeoutSeconds'),
    accept: call.accept,
    include: parseIncludeObject(query(call.url, 'includeObject')),
  });
}

function dryRunOf(url: URL): boolean {
  const values = url.searchParams.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw errors.badRequest(`Invalid value: ${JSON.stringify(v)}: supported values: "All"`);
  return values.length > 0;
}

async function readObject(call: Call): Promise<KubeObject> {
  const body = decodeBody(await readBody(call.req), call.req.headers['content-type']);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('the body of the request must be a JSON or YAML object');
  return body as KubeObject;
}

function writeOptions(ctx: HandlerContext, call: Call, subresource: string | undefined): WriteOptions {
  return {
    dryRun: dryRunOf(call.url),
    subresource,
    track: ctx.hooks.tracker(ctx.def, call.url, call.req.headers['user-agent']),
  };
}

/** Checks a body against the schema: its JSON types always, unknown fields per the fieldValidation query parameter. */
function checkFields(ctx: HandlerContext, call: Call, obj: KubeObject): void {
  const typeError = ctx.hooks.typeError(ctx.def, obj);
  if (typeError) {
    const version = ctx.def.group ? `${ctx.def.group}/${ctx.def.version}` : ctx.def.version;
    throw errors.badRequest(`${ctx.def.kind} in version "${version}" cannot be handled as a ${ctx.def.kind}: ${typeError}`);
  }
  const mode = query(call.url, 'fieldValidation') ?? 'Warn';
  if (!['Ignore', 'Warn', 'Strict'].includes(mode)) throw errors.badRequest(`fieldValidation must be one of "Ignore", "Warn", "Strict", got ${JSON.stringify(mode)}`);
  if (mode === 'Ignore') return;
  const unknown = ctx.hooks.unknownFields(ctx.def, obj);
  if (unknown.length === 0) return;
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${messages.join(', ')}`);
  call.warnings.push(...messages);
}

async function create(ctx: HandlerContext, call: Call, namespace: string | undefined): Promise<void> {
  const obj = await readObject(call);
  ctx.resources.checkKind(obj);
  checkFields(ctx, call, obj);
  const { json, object } = await ctx.resources.create(namespace, obj, writeOptions(ctx, call, undefined));
  respondObject(ctx, call, 201, json, object);
}

async function update(ctx: HandlerContext, call: Call, namespace: string | undefined, name: string, subresource: string | undefined): Promise<void> {
  const obj = await readObject(call);
  ctx.resources.checkKind(obj);
  checkFields(ctx, call, obj);
  const { json, object } = await ctx.resources.update(namespace, name, obj, writeOptions(ctx, call, subresource));
  respondObject(ctx, call, 200, json, object);
}

async function patch(ctx: HandlerContext, call: Call, namespace: string | undefined, name: string, subresource: string | undefined): Promise<void> {
  const contentType = mediaType(call.req.headers['content-type']);
  const raw = await readBody(call.req);
  const patchBody = decodeBody(raw, contentType);
  const opts = writeOptions(ctx, call, subresource);
  const isApply = contentType === 'application/apply-patch+yaml';
  const force = boolQuery(call.url, 'force');
  const manager = query(call.url, 'fieldManager');
  if (isApply && !manager) throw errors.badRequest('PATCH, application/apply-patch+yaml requests must set fieldManager');
  if (isApply) checkFields(ctx, call, patchBody as KubeObject);
  try {
    const { json, object } = await ctx.resources.guaranteedUpdate(namespace, name, async (live) => {
      const next = ctx.hooks.patch(ctx.def, contentType, live, patchBody, { manager: manager ?? 'unknown', force, subresource });
      if (!isApply) checkFields(ctx, call, next);
      return next;
    }, { ...opts, track: isApply ? undefined : opts.track, retry: !hasResourceVersion(patchBody) });
    respondObject(ctx, call, 200, json, object);
  } catch (err) {
    // Server-side apply creates what does not exist yet.
    if (!(isApply && err instanceof StatusError && err.code === 404 && err.reason === 'NotFound' && !subresource)) throw err;
    const obj = ctx.hooks.patch(ctx.def, contentType, undefined, patchBody, { manager: manager!, force, subresource });
    if (obj.metadata.name !== name) throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    ctx.resources.checkKind(obj);
    const { json, object } = await ctx.resources.create(namespace, obj, { ...opts, track: undefined });
    respondObject(ctx, call, 201, json, object);
  }
}

function hasResourceVersion(patchBody: unknown): boolean {
  const meta = (patchBody as { metadata?: { resourceVersion?: unknown } } | null)?.metadata;
  return typeof meta?.resourceVersion === 'string' && meta.resourceVersion !== '';
}

async function deleteOptionsOf(call: Call): Promise<DeleteOptions> {
  const raw = await readBody(call.req);
  const body = (raw.length > 0 ? decodeBody(raw, call.req.headers['content-type'] ?? 'application/json') : {}) as {
    gracePeriodSeconds?: number;
    propagationPolicy?: string;
    orphanDependents?: boolean;
    preconditions?: { uid?: string; resourceVersion?: string };
    dryRun?: string[];
  };
  if (!body || typeof body !== 'object') throw errors.badRequest('the body of a delete must be DeleteOptions');
  const policy = query(call.url, 'propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents ? 'Orphan' : undefined);
  if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const grace = intQuery(call.url, 'gracePeriodSeconds') ?? body.gracePeriodSeconds;
  if (grace !== undefined && (typeof grace !== 'number' || grace < 0)) throw errors.badRequest('gracePeriodSeconds must be a non-negative integer');
  const dryRun = dryRunOf(call.url) || (Array.isArray(body.dryRun) && body.dryRun.includes('All'));
  return { dryRun, gracePeriodSeconds: grace, propagationPolicy: policy as DeleteOptions['propagationPolicy'], preconditions: body.preconditions };
}

async function remove(ctx: HandlerContext, call: Call, namespace: string | undefined, name: string): Promise<void> {
  const result = await ctx.resources.delete(namespace, name, await deleteOptionsOf(call));
  if (!result.deleted) return respondObject(ctx, call, 200, JSON.stringify(result.object), result.object);
  sendJson(call.res, 200, successStatus(ctx.def, result.object));
}

function successStatus(def: ResourceDef, obj: KubeObject): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata.name, group: def.group, kind: def.resource, uid: obj.metadata.uid },
  };
}

async function removeCollection(ctx: HandlerContext, call: Call, namespace: string | undefined): Promise<void> {
  const opts = await deleteOptionsOf(call);
  const result = await readList(ctx.store, ctx.def, { namespace, selection: selectionOf(ctx, call) });
  const deleted: KubeObject[] = [];
  for (const kv of result.items) {
    const obj = decode(kv);
    try {
      const r = await ctx.resources.delete(obj.metadata.namespace, obj.metadata.name!, opts);
      deleted.push(r.object);
    } catch (err) {
      // Something else deleted it first: that is what the caller wanted.
      if (!(err instanceof StatusError && err.code === 404)) throw err;
    }
  }
  const apiVersion = ctx.def.group ? `${ctx.def.group}/${ctx.def.version}` : ctx.def.version;
  sendJson(call.res, 200, { kind: `${ctx.def.kind}List`, apiVersion, metadata: { resourceVersion: String(ctx.store.currentRevision()) }, items: deleted });
}

async function handleSubresource(ctx: HandlerContext, call: Call, namespace: string | undefined, sub: string): Promise<void> {
  const { def } = ctx;
  const name = call.info.name!;
  if (def.group === '' && def.resource === 'pods' && (POD_STREAM_SUBRESOURCES as readonly string[]).includes(sub)) {
    return servePodStream({ tunnels: ctx.tunnels }, decode(await ctx.resources.get(namespace, name)), sub, call.req, call.res, call.url);
  }
  const supported = (sub === 'status' && def.status) || (sub === 'scale' && def.scale) ||
    (def.resource === 'pods' && (sub === 'binding' || sub === 'eviction')) ||
    (def.group === '' && def.resource === 'namespaces' && sub === 'finalize');
  if (!supported) throw errors.pathNotFound(call.url.pathname);
  if (!SUBRESOURCE_VERBS[sub]!.includes(call.info.verb)) {
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource (${def.resource}/${sub})`);
  }
  if (sub === 'status') {
    if (call.info.verb === 'get') return respondObject(ctx, call, 200, (await ctx.resources.get(namespace, name)).value);
    if (call.info.verb === 'update') return update(ctx, call, namespace, name, 'status');
    return patch(ctx, call, namespace, name, 'status');
  }
  if (sub === 'scale') {
    if (call.info.verb === 'get') return sendJson(call.res, 200, scaleOf(def, decode(await ctx.resources.get(namespace, name))));
    const body = call.info.verb === 'update'
      ? { put: await readObject(call) }
      : { contentType: mediaType(call.req.headers['content-type']), patch: decodeBody(await readBody(call.req), call.req.headers['content-type']) };
    const { object } = await ctx.resources.guaranteedUpdate(namespace, name, (live) => applyScale(def, live, body, ctx.hooks), writeOptions(ctx, call, undefined));
    return sendJson(call.res, 200, scaleOf(def, object));
  }
  if (sub === 'finalize') {
    const body = await readObject(call);
    ctx.resources.checkKind(body);
    const finalizers = (body.spec as { finalizers?: unknown } | undefined)?.finalizers ?? [];
    if (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== 'string')) {
      throw errors.badRequest('spec.finalizers must be a list of strings');
    }
    const { json, object } = await ctx.resources.guaranteedUpdate(undefined, name, (ns) => {
      if (body.metadata?.resourceVersion && body.metadata.resourceVersion !== ns.metadata.resourceVersion) throw ctx.resources.conflict(name);
      ns.spec = { ...(ns.spec as object), finalizers };
      return ns;
    }, { ...writeOptions(ctx, call, 'finalize'), retry: !body.metadata?.resourceVersion });
    return respondObject(ctx, call, 200, json, object);
  }
  if (sub === 'binding') {
    const binding = await readObject(call);
    await bindPod(ctx.resources, namespace!, name, binding, writeOptions(ctx, call, 'binding'));
    return sendJson(call.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }
  const eviction = await readObject(call);
  await evictPod(ctx.resources, ctx.registryOf('policy', 'poddisruptionbudgets'), ctx.store, namespace!, name, eviction, dryRunOf(call.url));
  sendJson(call.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
