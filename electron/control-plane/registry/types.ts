// A resource's rules in one place, in the manner of upstream's strategy.go: the
// generic registry and the HTTP layer do the rest, with no per-resource HTTP code.
import type { FieldError } from '../../../api/status.ts';
import type { KubeObject } from '../../../api/types.ts';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0 shows always; >0 only with `-o wide`. */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface ScaleSubresource {
  /** JSON paths into the object, as upstream's CRD scale subresource spells them. */
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface ResourceDef {
  group: string; // '' for core
  version: string;
  /** Plural, lower case: the path segment. */
  resource: string;
  singular: string;
  kind: string;
  listKind?: string; // default `${kind}List`
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Default: create, delete, deletecollection, get, list, patch, update, watch. */
  verbs?: string[];
  /** Another group/version whose stored objects this one shares (e.g. autoscaling v1 and v2). */
  storageOf?: { group: string; resource: string };
  /** OpenAPI definition name of the kind, e.g. io.k8s.api.core.v1.Pod. */
  definition: string;

  /** Has a status subresource: spec writes keep status, status writes keep everything else. */
  status?: boolean;
  scale?: ScaleSubresource;

  /** Fills defaults in place, as upstream's defaulters do (on create and update). */
  defaults?(obj: KubeObject): void;
  /** Called on create after defaults; may clear fields the user may not set (e.g. status). */
  prepareForCreate?(obj: KubeObject): void;
  /** Called on a spec update; copies over what the main resource may not change. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Called on a status update; copies over everything but status. */
  prepareForStatusUpdate?(obj: KubeObject, old: KubeObject): void;
  /** Field errors for a new object (metadata checked by the generic registry). */
  validate?(obj: KubeObject): FieldError[];
  /** Field errors for an update (immutable fields and the like), in addition to validate(). */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** True when spec changes bump metadata.generation. */
  generation?: boolean;
  /** Pods: deletion sets deletionTimestamp and waits for the kubelet. */
  gracefulDeletion?(obj: KubeObject): number | undefined;

  /** Table columns as `kubectl get` prints them for this kind; NAME first. */
  columns: TableColumn[];
  /** One row of cells matching `columns`, computed from the object (no other lookups). */
  row(obj: KubeObject, now: Date): TableCell[];

  /** Field selector attributes beyond metadata.name and metadata.namespace. */
  fields?(obj: KubeObject): Record<string, string>;
}

export function listKindOf(def: ResourceDef): string {
  return def.listKind ?? `${def.kind}List`;
}

export const DEFAULT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
