// Content types upstream's documents list for operations.
import type { Operation } from './operations.ts';

export const PATCH_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const WATCH_TYPES = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

export function requestTypes(op: Operation): string[] {
  return op.method === 'patch' ? PATCH_TYPES : ['*/*'];
}

export function responseTypes(op: Operation): string[] {
  if (op.response === undefined) return ['text/plain'];
  return op.watchable ? [...OBJECT_TYPES, ...WATCH_TYPES] : OBJECT_TYPES;
}

export const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 401: 'Unauthorized' };
