// Turns a request path into what it addresses, as upstream's RequestInfoFactory does.

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'connect';

export interface ResourceRequest {
  kind: 'resource';
  /** '' for the core group (/api/v1). */
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: Verb;
}

export interface NonResourceRequest {
  kind: 'nonresource';
  path: string;
}

export type RequestInfo = ResourceRequest | NonResourceRequest;

/** Parses `path` (no query) for `method`; `watch` says the query asked for a watch. */
export function parseRequestInfo(method: string, path: string, watch: boolean): RequestInfo {
  const parts = path.split('/').filter((p) => p !== '');
  let i: number;
  let group: string;
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    i = 1;
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    i = 2;
  } else {
    return { kind: 'nonresource', path };
  }
  const version = parts[i++]!;
  const rest = parts.slice(i).map(decodeURIComponent);
  // The deprecated /watch/ prefix is still sent by some clients.
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest.shift();
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    // /namespaces/NAME/status and /finalize are the namespace's own subresources.
    if (rest.length > 2 && rest[2] !== 'status' && rest[2] !== 'finalize') rest.splice(0, 2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return { kind: 'nonresource', path };
  return {
    kind: 'resource',
    group,
    version,
    namespace,
    resource,
    name,
    subresource,
    verb: verbOf(method, name !== undefined, watch || watchPrefix),
  };
}

function verbOf(method: string, named: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return 'connect';
  }
}
