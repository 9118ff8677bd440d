// meta.k8s.io/v1 Table responses: what `kubectl get` prints, computed on the server.
import type { KubeObject } from '../../../api/types.ts';
import type { ResourceDef } from '../registry/types.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface ListMetaOut {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export function parseIncludeObject(value: string | undefined): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'Object') return obj;
  if (include === 'None') return undefined;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function toTable(def: ResourceDef, objects: KubeObject[], include: IncludeObject, listMeta: ListMetaOut, withHeaders = true): object {
  const now = new Date();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withHeaders ? def.columns : [],
    rows: objects.map((obj) => ({ cells: def.row(obj, now), object: rowObject(obj, include) })),
  };
}
