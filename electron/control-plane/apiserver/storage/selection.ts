// Label and field selectors of a list or watch, applied to stored objects.
import { parseFieldSelector } from '../../../../api/fields.ts';
import { parseLabelSelector } from '../../../../api/labels.ts';
import { errors } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import type { ResourceDef } from '../../registry/types.ts';

export interface Selection {
  /** True when nothing is filtered, so callers can skip decoding objects. */
  everything: boolean;
  matches(obj: KubeObject): boolean;
}

export function fieldsOf(def: ResourceDef, obj: KubeObject): Record<string, string> {
  const attrs: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (def.namespaced) attrs['metadata.namespace'] = obj.metadata.namespace ?? '';
  return def.fields ? { ...attrs, ...def.fields(obj) } : attrs;
}

export function parseSelection(def: ResourceDef, labelSelector: string | undefined, fieldSelector: string | undefined): Selection {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined;
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
  if (fields) {
    const supported = supportedFields(def);
    for (const r of fields.requirements) {
      if (!supported.has(r.field)) throw errors.badRequest(`field label not supported: ${r.field}`);
    }
  }
  if (!labels && !fields) return { everything: true, matches: () => true };
  return {
    everything: false,
    matches(obj) {
      if (labels && !labels.matches(obj.metadata.labels ?? {})) return false;
      if (fields && !fields.matches(fieldsOf(def, obj))) return false;
      return true;
    },
  };
}

/** Which field labels a kind supports is known from the attributes of an (empty) object. */
function supportedFields(def: ResourceDef): Set<string> {
  const sample: KubeObject = { metadata: { name: '', namespace: '' } };
  return new Set(Object.keys(fieldsOf(def, sample)));
}
