// Built documents, serialized once per resource list (they only change when
// the list does), with the content hash upstream puts in the v3 index so
// clients cache each group/version document by URL.
import { createHash } from 'node:crypto';
import type { OpenAPIResource } from './resources.ts';
import { openapiV2 } from './v2.ts';
import { openapiV2Protobuf } from './v2-protobuf.ts';
import { openapiV3Document, openapiV3Paths } from './v3.ts';

export interface ServedDocument {
  /** The JSON body. */
  readonly body: string;
  /** Upper-case hex SHA-512 of the body, as in upstream's `?hash=`. */
  readonly hash: string;
  /** The hash, quoted: the ETag header value. */
  readonly etag: string;
}

export interface ServedBinary {
  readonly body: Uint8Array;
  readonly etag: string;
}

export interface OpenAPIDocuments {
  v2(): ServedDocument;
  /** The v2 document as protobuf (OPENAPI_V2_PROTOBUF_CONTENT_TYPE), which kubectl 1.27 and 1.28 need. */
  v2Protobuf(): ServedBinary;
  v3Index(): ServedDocument;
  /** By index key (`api/v1`, `apis/apps/v1`); undefined when not served. */
  v3(groupVersion: string): ServedDocument | undefined;
}

function serve(doc: unknown): ServedDocument {
  const body = JSON.stringify(doc);
  const hash = createHash('sha512').update(body).digest('hex').toUpperCase();
  return { body, hash, etag: `"${hash}"` };
}

function build(resources: readonly OpenAPIResource[]): OpenAPIDocuments {
  let v2: ServedDocument | undefined;
  let v2Protobuf: ServedBinary | undefined;
  let index: ServedDocument | undefined;
  const v3 = new Map<string, ServedDocument | undefined>();
  const v3Doc = (groupVersion: string): ServedDocument | undefined => {
    if (!v3.has(groupVersion)) {
      const doc = openapiV3Document(groupVersion, resources);
      v3.set(groupVersion, doc && serve(doc));
    }
    return v3.get(groupVersion);
  };
  return {
    v2: () => (v2 ??= serve(openapiV2(resources))),
    v2Protobuf: () => {
      if (!v2Protobuf) {
        const body = openapiV2Protobuf(openapiV2(resources));
        v2Protobuf = { body, etag: `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"` };
      }
      return v2Protobuf;
    },
    v3Index: () => (index ??= serve(indexOf(resources, v3Doc))),
    v3: v3Doc,
  };
}

const cache = new WeakMap<readonly OpenAPIResource[], OpenAPIDocuments>();

/** The served documents of a resource list, built lazily and kept for as long as the list is. */
export function openapiDocuments(resources: readonly OpenAPIResource[]): OpenAPIDocuments {
  let docs = cache.get(resources);
  if (!docs) {
    docs = build(resources);
    cache.set(resources, docs);
  }
  return docs;
}

function indexOf(
  resources: readonly OpenAPIResource[],
  document: (groupVersion: string) => ServedDocument | undefined,
): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const key of openapiV3Paths(resources)) {
    const doc = document(key);
    if (doc) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
  }
  return { paths };
}

/** `GET /openapi/v3`: each group/version's document URL, with its content hash. */
export function openapiV3Index(resources: readonly OpenAPIResource[]): { paths: Record<string, { serverRelativeURL: string }> } {
  return indexOf(resources, (key) => openapiDocuments(resources).v3(key));
}
