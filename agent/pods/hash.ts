// The container hash the kubelet stores with each container: a changed spec gives
// a different hash, and the container is restarted with the new one.
import { createHash } from 'node:crypto';
import type { Container } from '../../api/types.ts';

/** JSON with sorted keys, so the hash does not depend on the order fields arrived in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function containerHash(container: Container): string {
  return createHash('sha256').update(canonical(container)).digest('hex').slice(0, 8);
}
