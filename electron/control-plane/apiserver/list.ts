// GET on a collection: consistent pages, selectors, and the representations kubectl asks for.
import YAML from 'yaml';
import { errors } from '../../../api/status.ts';
import type { KubeObject } from '../../../api/types.ts';
import type { KV, Store } from '../store/types.ts';
import { StoreError } from '../store/types.ts';
import { listKindOf, type ResourceDef } from '../registry/types.ts';
import type { Accept } from './http.ts';
import { listPrefix } from './storage/keys.ts';
import type { Selection } from './storage/selection.ts';
import { toTable, type IncludeObject, type ListMetaOut } from './table.ts';

export interface ListRequest {
  namespace?: string;
  selection: Selection;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListResultOut {
  items: KV[];
  objects?: KubeObject[];
  meta: ListMetaOut;
  revision: number;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeContinue(value: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the error below
  }
  throw errors.badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function parseRevision(value: string): number {
  if (!/^\d+$/.test(value)) throw errors.badRequest(`invalid resource version: ${value}`);
  return Number(value);
}

/** Reads one page (or everything) of a collection, filtered, at one consistent revision. */
export async function readList(store: Store, def: ResourceDef, req: ListRequest): Promise<ListResultOut> {
  const prefix = listPrefix(def, req.namespace);
  let startAfter: string | undefined;
  let revision: number | undefined;
  if (req.continueToken) {
    const token = decodeContinue(req.continueToken);
    startAfter = token.start;
    revision = token.rv;
  } else if (req.resourceVersion && req.resourceVersion !== '0') {
    const rv = parseRevision(req.resourceVersion);
    if (req.resourceVersionMatch === 'Exact') revision = rv;
    else if (rv > store.currentRevision()) {
      throw errors.timeout(`Too large resource version: ${rv}, current: ${store.currentRevision()}`);
    }
  }
  const limit = req.limit && req.limit > 0 ? req.limit : undefined;
  const items: KV[] = [];
  const objects: KubeObject[] = [];
  let more = false;
  let remaining = 0;
  let listRevision = revision ?? store.currentRevision();
  for (;;) {
    const want = limit ? limit - items.length : undefined;
    let page;
    try {
      page = await store.list(prefix, { startAfter, limit: want, revision });
    } catch (err) {
      if (err instanceof StoreError && err.code === 'compacted') {
        throw errors.gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      }
      throw err;
    }
    listRevision = page.revision;
    revision = page.revision;
    for (const kv of page.items) {
      if (req.selection.everything) {
        items.push(kv);
        continue;
      }
      const obj = JSON.parse(kv.value) as KubeObject;
      if (req.selection.matches(obj)) {
        items.push(kv);
        objects.push(obj);
      }
    }
    more = page.more;
    remaining = page.remaining;
    const last = page.items[page.items.length - 1];
    if (!more || !limit || items.length >= limit || !last) break;
    startAfter = last.key;
  }
  const meta: ListMetaOut = { resourceVersion: String(listRevision) };
  const lastItem = items[items.length - 1];
  if (more && lastItem) {
    meta.continue = encodeContinue({ rv: listRevision, start: lastItem.key });
    if (req.selection.everything) meta.remainingItemCount = remaining;
  }
  return { items, objects: req.selection.everything ? undefined : objects, meta, revision: listRevision };
}

/** The response body for a list in the representation the client negotiated. */
export function renderList(def: ResourceDef, result: ListResultOut, accept: Accept, include: IncludeObject): { body: string; contentType: string } {
  const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  const objects = () => result.objects ?? result.items.map((kv) => JSON.parse(kv.value) as KubeObject);
  if (accept.table) return { body: JSON.stringify(toTable(def, objects(), include, result.meta)), contentType: 'application/json' };
  if (accept.partialMetadata) {
    return {
      body: JSON.stringify({
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: result.meta,
        items: objects().map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })),
      }),
      contentType: 'application/json',
    };
  }
  const head = JSON.stringify({ kind: listKindOf(def), apiVersion, metadata: result.meta });
  const body = `${head.slice(0, -1)},"items":[${result.items.map((kv) => kv.value).join(',')}]}`;
  if (accept.yaml) return { body: YAML.stringify(JSON.parse(body)), contentType: 'application/yaml' };
  return { body, contentType: 'application/json' };
}
