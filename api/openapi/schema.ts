// The JSON Schema subset upstream's OpenAPI documents use, in the Swagger 2.0
// form stored in definitions.json (refs are "#/definitions/<name>").

export interface GroupVersionKindExt {
  group: string;
  version: string;
  kind: string;
}

/** The vendor extensions upstream puts on list, map and struct fields. */
export interface SchemaExtensions {
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-group-version-kind'?: GroupVersionKindExt[];
}

export interface Schema extends SchemaExtensions {
  description?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  $ref?: string;
  items?: Schema;
  additionalProperties?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

export type Definitions = Record<string, Schema>;

export const DEFINITION_REF_PREFIX = '#/definitions/';
