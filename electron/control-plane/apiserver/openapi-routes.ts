// /openapi/v2, /openapi/v3 and /openapi/v3/<group-version>: built once, served with ETags.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '../../../api/status.ts';
import type { ResourceDef } from '../registry/types.ts';
import { sendRaw } from './http.ts';
import { openapiV2, openapiV3Document, openapiV3Index } from './openapi/index.ts';

interface Built {
  body: string;
  etag: string;
}

function built(value: unknown): Built {
  const body = JSON.stringify(value);
  return { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 32).toUpperCase()}"` };
}

export class OpenApiDocuments {
  private v2?: Built;
  private index?: Built;
  private readonly v3 = new Map<string, Built>();

  constructor(private readonly resources: readonly ResourceDef[]) {}

  serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    let doc: Built | undefined;
    if (path === '/openapi/v2') {
      if ((req.headers.accept ?? '').includes('protobuf') && !(req.headers.accept ?? '').includes('json')) {
        throw errors.notAcceptable('the OpenAPI v2 document is served as application/json only; use /openapi/v3');
      }
      doc = this.v2 ??= built(openapiV2(this.resources));
    } else if (path === '/openapi/v3') {
      doc = this.index ??= built(openapiV3Index(this.resources));
    } else if (path.startsWith('/openapi/v3/')) {
      const gv = path.slice('/openapi/v3/'.length);
      doc = this.v3.get(gv);
      if (!doc) {
        const value = openapiV3Document(gv, this.resources);
        if (!value) throw errors.pathNotFound(path);
        doc = built(value);
        this.v3.set(gv, doc);
      }
    }
    if (!doc) throw errors.pathNotFound(path);
    if (req.headers['if-none-match'] === doc.etag) {
      res.writeHead(304, { ETag: doc.etag });
      res.end();
      return;
    }
    // The index links documents by content hash, so a hashed URL never changes.
    const cache = path.startsWith('/openapi/v3/') ? 'public, immutable, max-age=31536000' : 'no-cache, private';
    sendRaw(res, 200, doc.body, 'application/json', { ETag: doc.etag, 'Cache-Control': cache });
  }
}
