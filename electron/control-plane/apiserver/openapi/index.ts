// OpenAPI v2 and v3 documents of a resource list, for the API server's
// /openapi/v2, /openapi/v3 and /openapi/v3/<group-version> routes.
export { openapiDocuments, openapiV3Index } from './documents.ts';
export type { OpenAPIDocuments, ServedBinary, ServedDocument } from './documents.ts';
export type { OpenAPIResource } from './resources.ts';
export { openapiV2 } from './v2.ts';
export { OPENAPI_V2_PROTOBUF_CONTENT_TYPE, openapiV2Protobuf } from './v2-protobuf.ts';
export { openapiV3Document, openapiV3Paths } from './v3.ts';
