// The scale subresource: an autoscaling/v1 Scale view of any resource with replicas.
import { labelSelectorFromObject } from '../../../../api/labels.ts';
import { errors } from '../../../../api/status.ts';
import type { KubeObject, LabelSelector } from '../../../../api/types.ts';
import type { ResourceDef, ScaleSubresource } from '../../registry/types.ts';
import type { WriteHooks } from '../write-hooks.ts';

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setAt(obj: KubeObject, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

function selectorString(sel: unknown): string {
  if (!sel || typeof sel !== 'object') return '';
  // ReplicationControllers keep a plain map; the others a LabelSelector.
  const asSelector = 'matchLabels' in sel || 'matchExpressions' in sel ? (sel as LabelSelector) : { matchLabels: sel as Record<string, string> };
  return labelSelectorFromObject(asSelector).toString();
}

function scaleSpec(def: ResourceDef): ScaleSubresource {
  if (!def.scale) throw errors.pathNotFound(`${def.resource}/scale`);
  return def.scale;
}

export function scaleOf(def: ResourceDef, obj: KubeObject): object {
  const spec = scaleSpec(def);
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: (at(obj, spec.specReplicasPath) as number | undefined) ?? 0 },
    status: {
      replicas: (at(obj, spec.statusReplicasPath) as number | undefined) ?? 0,
      selector: spec.labelSelectorPath ? selectorString(at(obj, spec.labelSelectorPath)) : '',
    },
  };
}

export type ScaleWrite = { put: KubeObject } | { contentType: string; patch: unknown };

/** Applies a PUT or PATCH of the Scale to its parent object. */
export function applyScale(def: ResourceDef, live: KubeObject, write: ScaleWrite, hooks: WriteHooks): KubeObject {
  const spec = scaleSpec(def);
  const current = scaleOf(def, live) as KubeObject;
  let next: KubeObject;
  if ('contentType' in write) {
    next = hooks.patchScale(write.contentType, current, write.patch);
  } else {
    next = write.put;
    if (next.metadata?.resourceVersion && next.metadata.resourceVersion !== live.metadata.resourceVersion) {
      throw errors.conflict(def.resource, def.group, live.metadata.name!, 'the object has been modified; please apply your changes to the latest version and try again');
    }
  }
  const replicas = (next as { spec?: { replicas?: unknown } }).spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid('Scale', 'autoscaling', live.metadata.name!, [
      { type: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` },
    ]);
  }
  setAt(live, spec.specReplicasPath, replicas);
  return live;
}
