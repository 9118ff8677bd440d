// What a write needs from the schemas: patching by content type, managedFields
// bookkeeping, and unknown-field detection. One place ties the patch engines to the
// generated OpenAPI definitions, so the handlers stay schema-agnostic.
import { typeError, unknownFields } from '../../../api/openapi/index.ts';
import type { KubeObject } from '../../../api/types.ts';
import type { ResourceDef } from '../registry/types.ts';
import { applyPatchByContentType, updateManagedFields } from './patch/index.ts';
import { walkerFor } from './patch/openapi-walker.ts';

export interface PatchOptions {
  manager: string;
  force: boolean;
  subresource?: string;
}

export interface WriteHooks {
  /** Records this write in managedFields (operation Update), or undefined when nothing is tracked. */
  tracker(def: ResourceDef, url: URL, userAgent: string | undefined): ((next: KubeObject, old: KubeObject | undefined) => void) | undefined;
  unknownFields(def: ResourceDef, obj: KubeObject): string[];
  /** Where the object does not decode as its kind (a wrong JSON type), if anywhere. */
  typeError(def: ResourceDef, obj: KubeObject): string | undefined;
  /** The object a patch of `contentType` makes of `live` (undefined: server-side apply creating). */
  patch(def: ResourceDef, contentType: string, live: KubeObject | undefined, body: unknown, opts: PatchOptions): KubeObject;
  /** Patches an autoscaling/v1 Scale view. */
  patchScale(contentType: string, current: KubeObject, body: unknown): KubeObject;
}

function apiVersionOfDef(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

function nowString(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Upstream's default manager name: the client's program name from its User-Agent (`kubectl/v1.32 …` → `kubectl`). */
function defaultManager(userAgent: string | undefined): string {
  const first = (userAgent ?? '').split(/[\s/]/)[0];
  return first || 'unknown';
}

export function createWriteHooks(): WriteHooks {
  return {
    tracker(def, url, userAgent) {
      const manager = url.searchParams.get('fieldManager') ?? defaultManager(userAgent);
      if (manager.length > 128) return undefined;
      return (next, old) => updateManagedFields(old, next, { manager, apiVersion: apiVersionOfDef(def), now: nowString(), walker: walkerFor(def.definition) });
    },
    unknownFields(def, obj) {
      return unknownFields(obj, def.definition);
    },
    typeError(def, obj) {
      return typeError(obj, def.definition);
    },
    patch(def, contentType, live, body, opts) {
      return applyPatchByContentType(contentType, live, body, {
        walker: walkerFor(def.definition),
        manager: opts.manager,
        force: opts.force,
        apiVersion: apiVersionOfDef(def),
        now: nowString(),
      });
    },
    patchScale(contentType, current, body) {
      return applyPatchByContentType(contentType, current, body, {
        walker: walkerFor('io.k8s.api.autoscaling.v1.Scale'),
        manager: 'unknown',
        force: false,
        apiVersion: 'autoscaling/v1',
        now: nowString(),
      });
    },
  };
}
