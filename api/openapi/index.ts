// The OpenAPI schemas of the built-in kinds, for the API server (documents,
// field validation, patch strategies) and the dashboard (editor hints).
export { definitions, fieldSchema, refName, resolved, schemaOf } from './lookup.ts';
export { unknownFields } from './unknown-fields.ts';
export { typeError } from './type-check.ts';
export { DEFINITION_REF_PREFIX } from './schema.ts';
export type { Definitions, GroupVersionKindExt, Schema, SchemaExtensions } from './schema.ts';
