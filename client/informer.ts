// Shared informers: list, then watch from the list's resourceVersion into a local
// indexed cache; re-watch when a stream ends, relist when the server answers 410.
import type { StatusError } from '../api/status.ts';
import type { KubeObject } from '../api/types.ts';
import { IndexedCache, keyOf, objectKey } from './indexed-cache.ts';
import { BY_CONTROLLER, BY_NAMESPACE, BY_NODE } from './types.ts';
import type { Client, ClientWatchEvent, EventHandlers, IndexFunc, Informer, InformerFactory, InformerSelectors, ResourceRef, WatchHandle } from './types.ts';

const PAGE_SIZE = 500;
const MAX_BACKOFF_MS = 30_000;
/** A watch that ends sooner than this without being asked to counts as a failure, so a server that keeps closing streams is not hammered. */
const MIN_HEALTHY_WATCH_MS = 1_000;

const byNamespace: IndexFunc<KubeObject> = (obj) => [obj.metadata.namespace ?? ''];
const byNode: IndexFunc<KubeObject> = (obj) => [(obj.spec as { nodeName?: string } | undefined)?.nodeName ?? ''];
const byController: IndexFunc<KubeObject> = (obj) => {
  const owner = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  return owner ? [owner.uid] : [];
};

class SharedInformer<T extends KubeObject> implements Informer<T> {
  private readonly cache = new IndexedCache<T>();
  private readonly handlers: EventHandlers<T>[] = [];
  private resourceVersion = '';
  private isSynced = false;
  private readonly syncedPromise: Promise<void>;
  private markSynced!: () => void;
  private running = false;
  private watchHandle: WatchHandle | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Bumped on stop, so a list or watch callback from before it is ignored. */
  private generation = 0;

  constructor(
    readonly ref: ResourceRef,
    private readonly client: Client,
    private readonly log: (line: string) => void,
    private readonly selectors: InformerSelectors = {},
  ) {
    this.syncedPromise = new Promise((resolve) => (this.markSynced = resolve));
    this.cache.addIndex(BY_NAMESPACE, byNamespace);
    if (ref.group === '' && ref.resource === 'pods') this.cache.addIndex(BY_NODE, byNode);
    this.cache.addIndex(BY_CONTROLLER, byController);
  }

  addHandlers(handlers: EventHandlers<T>): void {
    this.handlers.push(handlers);
    // Like upstream's shared informers: a late handler first hears of everything already known.
    if (this.isSynced && handlers.add) for (const obj of this.cache.values()) this.call(handlers, 'add', obj);
  }

  addIndex(name: string, fn: IndexFunc<T>): void {
    this.cache.addIndex(name, fn);
  }

  synced(): Promise<void> {
    return this.syncedPromise;
  }

  hasSynced(): boolean {
    return this.isSynced;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(keyOf(namespace, name));
  }

  list(namespace?: string): T[] {
    return namespace === undefined ? this.cache.values() : this.cache.byIndex(BY_NAMESPACE, namespace);
  }

  byIndex(index: string, value: string): T[] {
    return this.cache.byIndex(index, value);
  }

  lastResourceVersion(): string {
    return this.resourceVersion;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.relist(this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    clearTimeout(this.retryTimer);
    this.watchHandle?.stop();
    this.watchHandle = undefined;
  }

  private async relist(generation: number): Promise<void> {
    let items: T[];
    let resourceVersion: string;
    try {
      ({ items, resourceVersion } = await this.listAll());
    } catch (err) {
      if (generation !== this.generation) return;
      this.log(`informer ${this.ref.resource}: list failed: ${(err as Error).message}`);
      this.retry(generation, () => void this.relist(generation));
      return;
    }
    if (generation !== this.generation) return;
    this.failures = 0;
    this.replace(items, resourceVersion);
    if (!this.isSynced) {
      this.isSynced = true;
      this.markSynced();
    }
    this.watch(generation);
  }

  /** Every page of one consistent snapshot (the continue token pins the first page's revision). */
  private async listAll(): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let cont: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.client.list<T>(this.ref, undefined, { ...this.selectors, limit: PAGE_SIZE, continue: cont });
      for (const item of page.items) items.push(item);
      resourceVersion = page.resourceVersion;
      cont = page.continue;
    } while (cont);
    return { items, resourceVersion };
  }

  /** Makes the cache the listed state, telling handlers about the difference. */
  private replace(items: T[], resourceVersion: string): void {
    const listed = new Set<string>();
    for (const obj of items) {
      listed.add(objectKey(obj));
      this.upsert(obj);
    }
    const gone: string[] = [];
    for (const key of this.cache.keys()) if (!listed.has(key)) gone.push(key);
    for (const key of gone) {
      const old = this.cache.delete(key)!;
      this.dispatch('delete', old);
    }
    this.resourceVersion = resourceVersion;
  }

  private upsert(obj: T): void {
    const old = this.cache.set(obj);
    if (!old) this.dispatch('add', obj);
    // An unchanged resourceVersion (a relist of an object the watch already delivered) is no change.
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.dispatch('update', obj, old);
  }

  private watch(generation: number): void {
    const startedAt = Date.now();
    let sawEvent = false;
    this.watchHandle = this.client.watch<T>(
      this.ref,
      undefined,
      // Upstream's reflector rotates its watches every 5 to 10 minutes.
      { ...this.selectors, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: Math.floor(300 + Math.random() * 300) },
      (event) => {
        if (generation !== this.generation) return;
        sawEvent = true;
        this.onEvent(event);
      },
      (error) => {
        if (generation !== this.generation) return;
        this.watchHandle = undefined;
        this.onWatchClosed(generation, error, sawEvent || Date.now() - startedAt >= MIN_HEALTHY_WATCH_MS);
      },
    );
  }

  private onEvent(event: ClientWatchEvent<T>): void {
    const obj = event.object;
    if (event.type === 'DELETED') {
      this.cache.delete(objectKey(obj));
      // The event carries the object's final state, newer than the cached one.
      this.dispatch('delete', obj);
    } else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      this.upsert(obj);
    }
    if (obj.metadata.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
  }

  private onWatchClosed(generation: number, error: StatusError | undefined, healthy: boolean): void {
    if (error?.code === 410) {
      // The server no longer has our resourceVersion: only a fresh list can resynchronise.
      this.log(`informer ${this.ref.resource}: ${error.message}; relisting`);
      void this.relist(generation);
      return;
    }
    if (error) this.log(`informer ${this.ref.resource}: watch ended: ${error.message}`);
    if (healthy && !error) {
      this.failures = 0;
      this.watch(generation);
      return;
    }
    this.retry(generation, () => this.watch(generation));
  }

  /** Runs `again` after an exponential backoff (100 ms doubling to 30 s) that resets on success. */
  private retry(generation: number, again: () => void): void {
    const delay = Math.min(100 * 2 ** this.failures, MAX_BACKOFF_MS);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation) again();
    }, delay);
    this.retryTimer.unref();
  }

  private dispatch(kind: 'add' | 'delete', obj: T): void;
  private dispatch(kind: 'update', obj: T, old: T): void;
  private dispatch(kind: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    for (const handlers of this.handlers) this.call(handlers, kind, obj, old);
  }

  private call(handlers: EventHandlers<T>, kind: 'add' | 'update' | 'delete', obj: T, old?: T): void {
    try {
      if (kind === 'add') handlers.add?.(obj);
      else if (kind === 'update') handlers.update?.(old!, obj);
      else handlers.delete?.(obj);
    } catch (err) {
      // One controller's bug must not stop the others' handlers or the informer.
      this.log(`informer ${this.ref.resource}: ${kind} handler failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
}

export function createInformerFactory(client: Client, log: (line: string) => void = (line) => console.error(line)): InformerFactory {
  const informers = new Map<string, SharedInformer<KubeObject>>();
  let started = false;
  return {
    informer<T extends KubeObject>(ref: ResourceRef, selectors: InformerSelectors = {}): Informer<T> {
      // Informers with different selectors watch different sets, so each combination is its own.
      const id = `${ref.group}/${ref.version}/${ref.resource}?${selectors.fieldSelector ?? ''}?${selectors.labelSelector ?? ''}`;
      let informer = informers.get(id);
      if (!informer) {
        const given: InformerSelectors = {};
        if (selectors.fieldSelector) given.fieldSelector = selectors.fieldSelector;
        if (selectors.labelSelector) given.labelSelector = selectors.labelSelector;
        informer = new SharedInformer<KubeObject>(ref, client, log, given);
        informers.set(id, informer);
        if (started) informer.start();
      }
      return informer as unknown as Informer<T>;
    },
    start() {
      started = true;
      for (const informer of informers.values()) informer.start();
    },
    stop() {
      started = false;
      for (const informer of informers.values()) informer.stop();
    },
  };
}
