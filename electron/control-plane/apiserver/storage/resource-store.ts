// The generic registry: create, read, update and delete for any resource, following
// its ResourceDef (upstream's genericregistry.Store). No resource has HTTP code of its own.
import { randomUUID } from 'node:crypto';
import { errors, StatusError, type FieldError } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../../api/validation.ts';
import type { KV, Store } from '../../store/types.ts';
import { StoreError } from '../../store/types.ts';
import type { ResourceDef } from '../../registry/types.ts';
import { runAdmission, type AdmissionPlugin, type Operation } from '../admission/types.ts';
import { objectKey } from './keys.ts';

export interface WriteOptions {
  dryRun: boolean;
  subresource?: string;
  /** Updates the object's managedFields for this write (set by the server from fieldManager). */
  track?: (next: KubeObject, old: KubeObject | undefined) => void;
}

export interface DeleteOptions {
  dryRun: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type DeleteResult = { deleted: true; object: KubeObject } | { deleted: false; object: KubeObject };

const MAX_UPDATE_RETRIES = 8;

export function decode(kv: KV): KubeObject {
  return JSON.parse(kv.value) as KubeObject;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters, as upstream's SimpleNameGenerator appends to generateName. */
function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)];
  return s;
}

function stamp(obj: KubeObject): (rev: number) => string {
  return (rev) => {
    obj.metadata.resourceVersion = String(rev);
    return JSON.stringify(obj);
  };
}

export class ResourceStore {
  constructor(
    readonly def: ResourceDef,
    private readonly store: Store,
    private readonly admission: readonly AdmissionPlugin[],
  ) {}

  private get qualified(): { resource: string; group: string } {
    return { resource: this.def.resource, group: this.def.group };
  }

  notFound(name: string): StatusError {
    return errors.notFound(this.def.resource, this.def.group, name);
  }

  async get(namespace: string | undefined, name: string): Promise<KV> {
    const kv = await this.store.get(objectKey(this.def, namespace, name));
    if (!kv) throw this.notFound(name);
    return kv;
  }

  /** Checks `apiVersion`/`kind` of a body against this resource and fills them in when absent. */
  checkKind(obj: KubeObject, expectedKind = this.def.kind): void {
    const expectedVersion = this.def.group ? `${this.def.group}/${this.def.version}` : this.def.version;
    if (obj.apiVersion !== undefined && obj.apiVersion !== expectedVersion) {
      throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expectedVersion})`);
    }
    if (obj.kind !== undefined && obj.kind !== expectedKind) {
      throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expectedKind})`);
    }
    obj.apiVersion = expectedVersion;
    obj.kind = expectedKind;
  }

  private setNamespace(obj: KubeObject, namespace: string | undefined): void {
    if (!this.def.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = namespace ?? obj.metadata.namespace;
  }

  private invalid(obj: KubeObject, causes: FieldError[]): StatusError {
    return errors.invalid(this.def.kind, this.def.group, obj.metadata.name ?? obj.metadata.generateName ?? '', causes);
  }

  private validate(obj: KubeObject, old: KubeObject | undefined): void {
    const causes = validateObjectMeta(obj.metadata, { namespaced: this.def.namespaced });
    if (old) causes.push(...validateObjectMetaUpdate(obj.metadata, old.metadata));
    causes.push(...(this.def.validate?.(obj) ?? []));
    if (old) causes.push(...(this.def.validateUpdate?.(obj, old) ?? []));
    if (causes.length > 0) throw this.invalid(obj, causes);
  }

  private async admit(operation: Operation, obj: KubeObject, old: KubeObject | undefined, opts: { dryRun: boolean; subresource?: string }): Promise<void> {
    await runAdmission(this.admission, {
      operation,
      def: this.def,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name ?? '',
      subresource: opts.subresource,
      object: obj,
      oldObject: old,
      dryRun: opts.dryRun,
    });
  }

  /** Returns the stored JSON (with its resourceVersion), or the would-be object for a dry run. */
  async create(namespace: string | undefined, obj: KubeObject, opts: WriteOptions): Promise<{ json: string; object: KubeObject }> {
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    this.setNamespace(obj, namespace);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (meta.resourceVersion) throw errors.badRequest('resourceVersion should not be set on objects to be created');
    meta.uid = randomUUID();
    meta.creationTimestamp = now();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (this.def.generation) meta.generation = 1;
    else delete meta.generation;
    this.def.defaults?.(obj);
    this.def.prepareForCreate?.(obj);
    await this.admit('CREATE', obj, undefined, opts);
    this.validate(obj, undefined);
    opts.track?.(obj, undefined);
    if (opts.dryRun) return { json: JSON.stringify(obj), object: obj };
    try {
      const kv = await this.store.create(objectKey(this.def, meta.namespace, meta.name!), stamp(obj));
      return { json: kv.value, object: obj };
    } catch (err) {
      if (err instanceof StoreError && err.code === 'exists') throw errors.alreadyExists(this.def.resource, this.def.group, meta.name!);
      throw err;
    }
  }

  /**
   * Reads the current object, lets `mutate` produce the next one, and writes it with
   * compare-and-swap, retrying on a conflicting write unless the caller pinned a resourceVersion.
   */
  async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject | Promise<KubeObject>,
    opts: WriteOptions & { retry?: boolean },
  ): Promise<{ json: string; object: KubeObject }> {
    for (let attempt = 0; ; attempt++) {
      const kv = await this.get(namespace, name);
      const current = decode(kv);
      const next = await mutate(decode(kv));
      try {
        return await this.writeUpdate(kv, current, next, opts);
      } catch (err) {
        const retriable = err instanceof StoreError && err.code === 'conflict';
        if (!retriable || opts.retry === false || attempt >= MAX_UPDATE_RETRIES) {
          if (retriable) throw this.conflict(name);
          throw err;
        }
      }
    }
  }

  conflict(name: string): StatusError {
    return errors.conflict(this.def.resource, this.def.group, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }

  /** A PUT: the body's resourceVersion, when given, must be the current one. */
  async update(namespace: string | undefined, name: string, obj: KubeObject, opts: WriteOptions): Promise<{ json: string; object: KubeObject }> {
    if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const expected = obj.metadata.resourceVersion;
    const kv = await this.get(namespace, name);
    if (expected && expected !== String(kv.revision)) throw this.conflict(name);
    try {
      return await this.writeUpdate(kv, decode(kv), obj, opts);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'conflict') throw this.conflict(name);
      throw err;
    }
  }

  private async writeUpdate(kv: KV, old: KubeObject, obj: KubeObject, opts: WriteOptions): Promise<{ json: string; object: KubeObject }> {
    if (!obj.metadata || typeof obj.metadata !== 'object') throw errors.badRequest('metadata is required');
    this.setNamespace(obj, old.metadata.namespace);
    const meta = obj.metadata;
    meta.name = old.metadata.name;
    meta.uid ??= old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.resourceVersion = String(kv.revision);
    if (old.metadata.deletionTimestamp) {
      meta.deletionTimestamp = old.metadata.deletionTimestamp;
      meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    // A binding or a namespace's finalize writes exactly the fields it means to
    // (spec.nodeName and the PodScheduled condition; spec.finalizers).
    const system = opts.subresource === 'binding' || opts.subresource === 'finalize';
    if (opts.subresource === 'status') this.def.prepareForStatusUpdate?.(obj, old);
    else if (!system) this.def.prepareForUpdate?.(obj, old);
    this.def.defaults?.(obj);
    if (this.def.generation) {
      meta.generation = old.metadata.generation ?? 1;
      if (specChanged(obj, old)) meta.generation += 1;
    }
    await this.admit('UPDATE', obj, old, opts);
    this.validate(obj, system ? undefined : old);
    opts.track?.(obj, old);
    if (sameObject(obj, old)) return { json: kv.value, object: old };
    const key = objectKey(this.def, old.metadata.namespace, old.metadata.name!);
    // Taking the last finalizer off an object that is being deleted completes the deletion.
    if (meta.deletionTimestamp && !(meta.finalizers?.length) && !hasSpecFinalizers(obj) && !this.waitsForGrace(obj)) {
      if (opts.dryRun) return { json: JSON.stringify(obj), object: obj };
      const tomb = await this.store.delete(key, kv.revision, stamp(obj));
      return { json: tomb.value, object: obj };
    }
    if (opts.dryRun) return { json: JSON.stringify(obj), object: obj };
    try {
      const next = await this.store.update(key, kv.revision, stamp(obj));
      return { json: next.value, object: obj };
    } catch (err) {
      // Deleted between our read and our write: the client hears 404, as from a read.
      if (err instanceof StoreError && err.code === 'notfound') throw this.notFound(old.metadata.name!);
      throw err;
    }
  }

  /** Pods being deleted gracefully stay until the kubelet confirms with a zero grace period. */
  private waitsForGrace(obj: KubeObject): boolean {
    return this.def.gracefulDeletion !== undefined && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  async delete(namespace: string | undefined, name: string, opts: DeleteOptions): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      const kv = await this.get(namespace, name);
      const obj = decode(kv);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== obj.metadata.uid) {
        throw errors.conflict(this.def.resource, this.def.group, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
        throw errors.conflict(this.def.resource, this.def.group, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
      }
      await this.admit('DELETE', obj, obj, opts);
      try {
        return await this.deleteOnce(kv, obj, opts);
      } catch (err) {
        if (!(err instanceof StoreError && err.code === 'conflict') || attempt >= MAX_UPDATE_RETRIES) {
          if (err instanceof StoreError && err.code === 'conflict') throw this.conflict(name);
          throw err;
        }
      }
    }
  }

  private async deleteOnce(kv: KV, obj: KubeObject, opts: DeleteOptions): Promise<DeleteResult> {
    const meta = obj.metadata;
    const key = objectKey(this.def, meta.namespace, meta.name!);
    const finalizers = new Set(meta.finalizers ?? []);
    if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
    if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    const grace = this.graceOf(obj, opts);
    const pendingFinalizers = finalizers.size > 0;
    if (grace > 0 || pendingFinalizers || this.def.resource === 'namespaces') {
      const already = meta.deletionTimestamp !== undefined;
      const deadline = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      // A second delete may only shorten a pending grace period, as upstream allows.
      if (!already || (meta.deletionGracePeriodSeconds ?? 0) > grace) {
        meta.deletionTimestamp = already && grace >= (meta.deletionGracePeriodSeconds ?? 0) ? meta.deletionTimestamp : deadline;
        meta.deletionGracePeriodSeconds = grace;
      }
      if (finalizers.size > 0) meta.finalizers = [...finalizers];
      if (this.def.resource === 'namespaces') (obj as { status?: { phase?: string } }).status = { ...(obj.status as object), phase: 'Terminating' };
      if (grace > 0 || pendingFinalizers || hasSpecFinalizers(obj)) {
        if (opts.dryRun) return { deleted: false, object: obj };
        const next = await this.store.update(key, kv.revision, stamp(obj));
        return { deleted: false, object: JSON.parse(next.value) as KubeObject };
      }
    }
    if (opts.dryRun) return { deleted: true, object: obj };
    const tomb = await this.store.delete(key, kv.revision, stamp(obj));
    return { deleted: true, object: JSON.parse(tomb.value) as KubeObject };
  }

  private graceOf(obj: KubeObject, opts: DeleteOptions): number {
    if (!this.def.gracefulDeletion) return 0;
    const fallback = this.def.gracefulDeletion(obj) ?? 0;
    const requested = opts.gracePeriodSeconds ?? fallback;
    // Upstream: an unscheduled pod, or one that already finished, goes at once.
    return fallback === 0 ? 0 : Math.max(0, requested);
  }
}

function hasSpecFinalizers(obj: KubeObject): boolean {
  const spec = obj.spec as { finalizers?: string[] } | undefined;
  return (spec?.finalizers?.length ?? 0) > 0;
}

/** Generation counts changes to anything but metadata and status, as upstream's strategies do. */
function specChanged(obj: KubeObject, old: KubeObject): boolean {
  const { metadata: _m, status: _s, ...rest } = obj;
  const { metadata: _om, status: _os, ...oldRest } = old;
  return canonical(rest) !== canonical(oldRest);
}

/** A write that changes nothing is not stored, so no-op applies keep their resourceVersion. */
function sameObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { managedFields: _mf, resourceVersion: _rv, ...meta } = o.metadata;
    return { ...o, metadata: meta };
  };
  return canonical(strip(a)) === canonical(strip(b));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
