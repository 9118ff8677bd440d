// The API client contract for controllers and the scheduler. They use only this, so
// the same code runs in process (over the loopback socket) or out of process (HTTPS).
import type { StatusError } from '../api/status.ts';
import type { KubeObject, WatchEventType } from '../api/types.ts';

/** A resource by group, version and plural name, e.g. { group: 'apps', version: 'v1', resource: 'deployments' }. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  resourceVersion: string;
  continue?: string;
}

export interface WatchOptions {
  /** Events after this resourceVersion (from a list). */
  resourceVersion: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface ClientWatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface WatchHandle {
  stop(): void;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export interface PatchOptions extends WriteOptions {
  subresource?: 'status' | 'scale';
  /** Server-side apply only. */
  force?: boolean;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/**
 * A Kubernetes API client. Failures reject with the server's Status as a StatusError
 * (code, reason, message), so callers branch on `err.code === 404`, `409`, …
 */
export interface Client {
  get<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, options?: ListOptions): Promise<ListResult<T>>;
  /**
   * Streams events until stopped. `onClose` is called once when the stream ends for any
   * other reason: with the StatusError for an ERROR event (410 Expired: relist), or with
   * nothing when the server closed it normally (watch again from the last resourceVersion).
   */
  watch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: ClientWatchEvent<T>) => void,
    onClose: (error?: StatusError) => void,
  ): WatchHandle;
  create<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T>;
  /** PUT: compare-and-swap on obj.metadata.resourceVersion when set (409 Conflict otherwise). */
  update<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T>;
  updateStatus<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, obj: T, options?: WriteOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options?: PatchOptions,
  ): Promise<T>;
  /** Resolves with the object while its deletion is pending (grace period, finalizers), or undefined once it is gone. */
  delete<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<T | undefined>;
  /** POST pods/NAME/binding. */
  bind(namespace: string, pod: string, node: string, podUid?: string): Promise<void>;
  /** POST pods/NAME/eviction (429 TooManyRequests when a PodDisruptionBudget forbids it). */
  evict(namespace: string, pod: string, options?: DeleteOptions): Promise<void>;
}

/** The resources controllers and the scheduler use, spelled once. */
export const R = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  nodes: { group: '', version: 'v1', resource: 'nodes' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  services: { group: '', version: 'v1', resource: 'services' },
  endpoints: { group: '', version: 'v1', resource: 'endpoints' },
  events: { group: '', version: 'v1', resource: 'events' },
  serviceaccounts: { group: '', version: 'v1', resource: 'serviceaccounts' },
  replicationcontrollers: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  persistentvolumeclaims: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  replicasets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  statefulsets: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  daemonsets: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  controllerrevisions: { group: 'apps', version: 'v1', resource: 'controllerrevisions' },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  leases: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
  priorityclasses: { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' },
  poddisruptionbudgets: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' },
} as const satisfies Record<string, ResourceRef>;

export interface EventHandlers<T extends KubeObject> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** The last known state of a deleted object. */
  delete?(obj: T): void;
}

/** Index name → the index values of an object (upstream's cache.Indexers). */
export type IndexFunc<T extends KubeObject> = (obj: T) => string[];

/** Built-in indexes every informer has. */
export const BY_NAMESPACE = 'namespace';
/** Pods only: spec.nodeName ('' for unscheduled pods). */
export const BY_NODE = 'nodeName';
/** The uid of the object's controller ownerReference. */
export const BY_CONTROLLER = 'controllerUid';

/**
 * List, then watch from the list's resourceVersion, relisting on 410; a local cache
 * with indexes; handlers called in event order. Cached objects are shared: never mutate them.
 */
export interface Informer<T extends KubeObject = KubeObject> {
  readonly ref: ResourceRef;
  addHandlers(handlers: EventHandlers<T>): void;
  addIndex(name: string, fn: IndexFunc<T>): void;
  /** Resolves once the first list is in the cache. */
  synced(): Promise<void>;
  hasSynced(): boolean;
  get(namespace: string | undefined, name: string): T | undefined;
  list(namespace?: string): T[];
  byIndex(index: string, value: string): T[];
  /** The resourceVersion the cache reflects. */
  lastResourceVersion(): string;
}

/** Narrows what an informer lists and watches (an agent sees only its own node's pods). */
export interface InformerSelectors {
  fieldSelector?: string;
  labelSelector?: string;
}

/** One informer per resource and selectors, shared by every controller in the process. */
export interface InformerFactory {
  informer<T extends KubeObject = KubeObject>(ref: ResourceRef, selectors?: InformerSelectors): Informer<T>;
  /** Starts every informer asked for so far (and later ones as they are asked for). */
  start(): void;
  stop(): void;
}

/**
 * A rate-limited work queue of keys ("namespace/name" or "name"): a key waiting is not
 * added twice, a key being processed is re-queued after done() if added meanwhile.
 */
export interface WorkQueue {
  add(key: string): void;
  addAfter(key: string, delayMs: number): void;
  /** Exponential backoff per key (5 ms doubling to 1000 s, as upstream's default controller rate limiter). */
  addRateLimited(key: string): void;
  /** Clears the key's backoff after a successful sync. */
  forget(key: string): void;
  /** Next key to process; undefined once shut down. */
  get(): Promise<string | undefined>;
  done(key: string): void;
  len(): number;
  shutDown(): void;
}

/** Records Events about objects, deduplicated into count/lastTimestamp as upstream's recorder does. */
export interface EventRecorder {
  event(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}
