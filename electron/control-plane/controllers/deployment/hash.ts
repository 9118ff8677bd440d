// The pod-template-hash: upstream's ComputeHash is FNV-32a over a Go-specific
// dump of the template struct (hashutil.DeepHashObject with spew), which cannot be
// reproduced byte for byte outside Go. This hashes the template's canonical JSON
// (keys sorted) the same way instead: stable across restarts and processes, the
// same value for equal templates, but not equal to the hash upstream would print.
// Like upstream, collisionCount (when set) is mixed in as 8 little-endian bytes
// and the decimal digits are spelled with SafeEncodeString's alphabet.
import type { PodTemplateSpec } from '../../../../api/types.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Upstream's rand.SafeEncodeString alphabet: no vowels (no words) and no look-alike characters. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(bytes: Uint8Array, hash = FNV_OFFSET): number {
  let h = hash;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h;
}

/**
 * JSON with object keys sorted and null or undefined members dropped, so equal
 * values print equally: a null member is Go's zero value, which clients send
 * (kubectl's `"creationTimestamp": null` in templates) or leave out alike.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function safeEncode(s: string): string {
  return [...s].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

export function computeTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncode(String(h));
}
