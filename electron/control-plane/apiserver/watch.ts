// Watch streams: newline-delimited JSON events resumed from a resourceVersion.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../../../api/status.ts';
import type { KubeObject, WatchEventType } from '../../../api/types.ts';
import type { Store, StoreEvent } from '../store/types.ts';
import type { ResourceDef } from '../registry/types.ts';
import type { Accept } from './http.ts';
import { readList } from './list.ts';
import { listPrefix } from './storage/keys.ts';
import type { Selection } from './storage/selection.ts';
import { toTable, type IncludeObject } from './table.ts';

export interface WatchRequest {
  namespace?: string;
  selection: Selection;
  resourceVersion?: string;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  accept: Accept;
  include: IncludeObject;
}

const BOOKMARK_INTERVAL_MS = 30_000;
/** A watcher this far behind is cut off rather than buffered without bound; the client re-lists. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

const parsed = new WeakMap<StoreEvent, KubeObject>();

/** One parse per event, however many watchers receive it. */
function objectOf(event: StoreEvent): KubeObject {
  let object = parsed.get(event);
  if (!object) {
    object = JSON.parse(event.kv.value) as KubeObject;
    parsed.set(event, object);
  }
  return object;
}

/** Classifies a store event for a selective watcher: objects moving in or out of the selection appear as ADDED or DELETED. */
function eventFor(event: StoreEvent, selection: Selection): { type: WatchEventType; object: KubeObject } | undefined {
  const object = objectOf(event);
  if (selection.everything) return { type: event.type, object };
  const now = selection.matches(object);
  if (event.type !== 'MODIFIED') return now ? { type: event.type, object } : undefined;
  const before = event.prevKv ? selection.matches(JSON.parse(event.prevKv.value) as KubeObject) : false;
  if (now && before) return { type: 'MODIFIED', object };
  if (now) return { type: 'ADDED', object };
  if (before) return { type: 'DELETED', object };
  return undefined;
}

export async function serveWatch(req: IncomingMessage, res: ServerResponse, store: Store, def: ResourceDef, w: WatchRequest): Promise<void> {
  let fromRevision: number;
  const initial: KubeObject[] = [];
  const rv = w.resourceVersion;
  const synthetic = w.sendInitialEvents || rv === undefined || rv === '' || rv === '0';
  if (synthetic) {
    const list = await readList(store, def, { namespace: w.namespace, selection: w.selection });
    fromRevision = list.revision;
    for (const kv of list.items) initial.push(JSON.parse(kv.value) as KubeObject);
  } else {
    if (!/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version: ${rv}`);
    fromRevision = Number(rv);
    if (fromRevision < store.compactedRevision()) {
      throw errors.gone(`too old resource version: ${fromRevision} (${store.compactedRevision()})`);
    }
  }

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let headersSent = false;
  let lastRevision = fromRevision;
  let closed = false;

  const encode = (type: WatchEventType, object: KubeObject | object): string => {
    let out: unknown = object;
    if (w.accept.table && type !== 'BOOKMARK' && type !== 'ERROR') {
      out = toTable(def, [object as KubeObject], w.include, { resourceVersion: (object as KubeObject).metadata.resourceVersion }, !headersSent);
      headersSent = true;
    } else if (w.accept.partialMetadata && type !== 'BOOKMARK' && type !== 'ERROR') {
      out = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: (object as KubeObject).metadata };
    }
    return JSON.stringify({ type, object: out }) + '\n';
  };
  const send = (type: WatchEventType, object: KubeObject | object): void => {
    if (closed) return;
    res.write(encode(type, object));
    if (res.writableLength > MAX_BUFFERED_BYTES) finish();
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
    send('BOOKMARK', { kind: def.kind, apiVersion, metadata: { resourceVersion: String(lastRevision), ...(annotations ? { annotations } : {}) } });
  };

  const plain = w.selection.everything && !w.accept.table && !w.accept.partialMetadata;
  for (const obj of initial) send('ADDED', obj);
  if (w.sendInitialEvents && w.bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });

  const watcher = store.watch(listPrefix(def, w.namespace), {
    fromRevision,
    onEvent(event) {
      lastRevision = event.kv.revision;
      if (plain) {
        // The stored JSON is already the object the client wants: no parse, no stringify.
        if (!closed) res.write(`{"type":"${event.type}","object":${event.kv.value}}\n`);
        if (res.writableLength > MAX_BUFFERED_BYTES) finish();
        return;
      }
      const out = eventFor(event, w.selection);
      if (out) send(out.type, out.object);
    },
    onError(err) {
      const status = err.code === 'compacted'
        ? errors.gone(`too old resource version: ${fromRevision} (${store.compactedRevision()})`)
        : errors.internal(err.message);
      send('ERROR', status.toStatus());
      finish();
    },
  });
  const timers: NodeJS.Timeout[] = [];
  if (w.bookmarks) timers.push(setInterval(() => bookmark(), BOOKMARK_INTERVAL_MS));
  if (w.timeoutSeconds !== undefined && w.timeoutSeconds > 0) timers.push(setTimeout(finish, w.timeoutSeconds * 1000));

  function finish(): void {
    if (closed) return;
    closed = true;
    watcher.stop();
    for (const t of timers) clearTimeout(t);
    res.end();
  }
  req.on('close', finish);
  res.on('close', finish);
}
