// The authorizer's view of an HTTP request.
import type { IncomingMessage } from 'node:http';
import { parseRequestInfo } from '../requestinfo.ts';
import type { Attributes } from './types.ts';

export function attributesOf(req: IncomingMessage, url: URL): Attributes {
  const method = req.method ?? 'GET';
  const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
  const info = parseRequestInfo(method, url.pathname, watch);
  if (info.kind === 'nonresource') return { kind: 'nonresource', verb: method.toLowerCase(), path: url.pathname };
  return {
    kind: 'resource',
    verb: info.verb,
    group: info.group,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
    fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
  };
}
