// /openapi/v2 (JSON or protobuf), /openapi/v3 and /openapi/v3/<group-version>, with ETags.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../../../api/status.ts';
import type { ResourceDef } from '../registry/types.ts';
import { OPENAPI_V2_PROTOBUF_CONTENT_TYPE, openapiDocuments } from './openapi/index.ts';

export function serveOpenApi(req: IncomingMessage, res: ServerResponse, path: string, resources: readonly ResourceDef[]): void {
  const docs = openapiDocuments(resources);
  const accept = req.headers.accept ?? '';
  let body: string | Uint8Array;
  let etag: string;
  let type = 'application/json';
  if (path === '/openapi/v2') {
    // kubectl 1.27 and 1.28 ask for the protobuf form first.
    if (accept.includes('protobuf')) {
      ({ body, etag } = docs.v2Protobuf());
      type = OPENAPI_V2_PROTOBUF_CONTENT_TYPE;
    } else {
      ({ body, etag } = docs.v2());
    }
  } else if (path === '/openapi/v3') {
    ({ body, etag } = docs.v3Index());
  } else {
    const doc = docs.v3(path.slice('/openapi/v3/'.length));
    if (!doc) throw errors.pathNotFound(path);
    ({ body, etag } = doc);
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag });
    res.end();
    return;
  }
  // The index links documents by content hash, so a hashed URL never changes.
  const cache = path.startsWith('/openapi/v3/') ? 'public, immutable, max-age=31536000' : 'no-cache, private';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ETag: etag, 'Cache-Control': cache });
  res.end(body);
}
