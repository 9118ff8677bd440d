// RFC 6902 JSON Patch over RFC 6901 pointers, with upstream's status codes:
// a body that is not a list of operations is a 400, an operation that does not
// apply is a 422 whose cause carries the json-patch library's wording.
import { StatusError, errors } from '../../../../api/status.ts';
import { clone, deepEqual, isObject } from './json.ts';
import { patchRejected as failed } from './rejected.ts';

/** Upstream refuses longer patches (maxJSONPatchOperations). */
const MAX_OPERATIONS = 10000;

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/** Checks that a decoded body is a JSON patch document. */
export function parseJsonPatch(body: unknown): JsonPatchOperation[] {
  if (!Array.isArray(body)) {
    throw errors.badRequest(`json: cannot unmarshal ${jsonKind(body)} into Go value of type jsonpatch.Patch`);
  }
  for (const op of body) {
    if (!isObject(op)) throw errors.badRequest(`json: cannot unmarshal ${jsonKind(op)} into Go value of type jsonpatch.Operation`);
  }
  if (body.length > MAX_OPERATIONS) {
    throw new StatusError(413, 'RequestEntityTooLarge',
      `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${body.length}`);
  }
  return body as JsonPatchOperation[];
}

/** Applies the operations in order to a copy of `doc`; all or nothing. */
export function applyJsonPatch<T>(doc: T, operations: readonly JsonPatchOperation[]): T {
  let root: unknown = clone(doc);
  for (const op of operations) root = applyOperation(root, op);
  return root as T;
}

function applyOperation(root: unknown, op: JsonPatchOperation): unknown {
  switch (op.op) {
    case 'add': return add(root, pathOf(op, 'path'), valueOf(op), 'add');
    case 'remove': {
      const path = pathOf(op, 'path');
      remove(root, path, `remove operation does not apply: doc is missing path: "${path}"`);
      return root;
    }
    case 'replace': {
      const path = pathOf(op, 'path');
      const value = valueOf(op);
      if (path === '') return clone(value);
      const { parent, key } = locate(root, path, `replace operation does not apply: doc is missing path: ${path}`);
      if (!has(parent, key)) throw failed(`replace operation does not apply: doc is missing key: ${path}`);
      set(parent, key, clone(value));
      return root;
    }
    case 'move': {
      const from = pathOf(op, 'from');
      const path = pathOf(op, 'path');
      if (path !== from && path.startsWith(from + '/')) throw failed(`move operation does not apply: cannot move ${from} into its own child ${path}`);
      const value = get(root, from, `move operation does not apply: doc is missing from path: ${from}`);
      remove(root, from, `move operation does not apply: doc is missing from path: ${from}`);
      return add(root, path, value, 'move');
    }
    case 'copy': {
      const from = pathOf(op, 'from');
      const value = get(root, from, `copy operation does not apply: doc is missing from path: ${from}`);
      return add(root, pathOf(op, 'path'), value, 'copy');
    }
    case 'test': {
      const path = pathOf(op, 'path');
      const actual = get(root, path, `test operation does not apply: is missing path: ${path}`);
      if (!deepEqual(actual, valueOf(op))) throw failed(`testing value ${path} failed: test failed`);
      return root;
    }
    default:
      throw failed(`Unexpected kind: ${String(op.op)}`);
  }
}

function add(root: unknown, path: string, value: unknown, verb: string): unknown {
  if (path === '') return clone(value);
  const { parent, key } = locate(root, path, `${verb} operation does not apply: doc is missing path: "${path}": missing value`);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : arrayIndex(key, parent.length + 1, path);
    parent.splice(index, 0, clone(value));
  } else {
    (parent as Record<string, unknown>)[key] = clone(value);
  }
  return root;
}

function remove(root: unknown, path: string, missing: string): void {
  if (path === '') throw failed(missing);
  const { parent, key } = locate(root, path, missing);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(key, parent.length, path), 1);
  } else {
    if (!has(parent, key)) throw failed(`${missing}: Unable to remove nonexistent key: ${key}: missing value`);
    delete (parent as Record<string, unknown>)[key];
  }
}

function get(root: unknown, path: string, missing: string): unknown {
  if (path === '') return root;
  const { parent, key } = locate(root, path, missing);
  if (!has(parent, key)) throw failed(missing);
  return Array.isArray(parent) ? parent[Number(key)] : (parent as Record<string, unknown>)[key];
}

function set(parent: object, key: string, value: unknown): void {
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else (parent as Record<string, unknown>)[key] = value;
}

function has(parent: object, key: string): boolean {
  if (Array.isArray(parent)) return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < parent.length;
  return Object.prototype.hasOwnProperty.call(parent, key);
}

/** Resolves all but the last token of a pointer to the container that holds it. */
function locate(root: unknown, path: string, missing: string): { parent: object; key: string } {
  const tokens = parsePointer(path);
  const key = tokens.pop() as string;
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!has(node, token)) throw failed(missing);
      node = node[Number(token)];
    } else if (isObject(node) && has(node, token)) {
      node = node[token];
    } else {
      throw failed(missing);
    }
  }
  if (typeof node !== 'object' || node === null) throw failed(missing);
  return { parent: node, key };
}

/** RFC 6901: "/a~1b/~0c" → ["a/b", "~c"]. */
export function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw failed(`JSON pointer must be empty or start with a "/": ${path}`);
  return path.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, limit: number, path: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw failed(`Unable to access invalid index: ${token}: invalid index referenced (${path})`);
  const index = Number(token);
  if (index >= limit) throw failed(`Unable to access invalid index: ${index}: invalid index referenced (${path})`);
  return index;
}

function pathOf(op: JsonPatchOperation, field: 'path' | 'from'): string {
  const value = op[field];
  if (typeof value !== 'string') throw failed(`${op.op} operation failed to decode ${field}`);
  return value;
}

function valueOf(op: JsonPatchOperation): unknown {
  if (!Object.prototype.hasOwnProperty.call(op, 'value')) throw failed(`${op.op} operation has no value`);
  return op.value;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
