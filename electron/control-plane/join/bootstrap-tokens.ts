// Bootstrap tokens in kubeadm's form (`id.secret`), kept as Secrets in kube-system.
// The Secret holds only the sha256 of the secret part, so reading the Secret (or a
// copy of the database) never yields a usable token.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../../../api/types.ts';

export const BOOTSTRAP_TOKEN_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_PREFIX = 'bootstrap-token-';
export const TOKEN_NAMESPACE = 'kube-system';
export const DEFAULT_TOKEN_TTL_MS = 24 * 3600 * 1000;

const TOKEN_RE = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface BootstrapToken {
  id: string;
  secret: string;
}

export function parseBootstrapToken(token: string): BootstrapToken | undefined {
  const m = TOKEN_RE.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

function randomString(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export function generateBootstrapToken(): BootstrapToken {
  return { id: randomString(6), secret: randomString(16) };
}

export function formatBootstrapToken(token: BootstrapToken): string {
  return `${token.id}.${token.secret}`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string | undefined) => (text === undefined ? undefined : Buffer.from(text, 'base64').toString('utf8'));

/** RFC 3339 without fractions, as kubeadm writes `expiration`. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface TokenSecretInput {
  token: BootstrapToken;
  /** 0: the token never expires (kubeadm's --ttl 0). */
  ttlMs: number;
  description?: string;
  now?: Date;
}

export function bootstrapTokenSecret(input: TokenSecretInput): Secret {
  const now = input.now ?? new Date();
  const data: Record<string, string> = {
    'token-id': b64(input.token.id),
    'token-secret-sha256': b64(sha256Hex(input.token.secret)),
    'usage-bootstrap-authentication': b64('true'),
  };
  if (input.ttlMs > 0) data.expiration = b64(rfc3339(new Date(now.getTime() + input.ttlMs)));
  if (input.description) data.description = b64(input.description);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: BOOTSTRAP_TOKEN_PREFIX + input.token.id, namespace: TOKEN_NAMESPACE },
    type: BOOTSTRAP_TOKEN_TYPE,
    data,
  };
}

export interface TokenInfo {
  id: string;
  expiration?: Date;
  description?: string;
  usableForJoin: boolean;
}

export function tokenInfoOf(secret: Secret): TokenInfo | undefined {
  if (secret.type !== BOOTSTRAP_TOKEN_TYPE) return undefined;
  const data = secret.data ?? {};
  const id = unb64(data['token-id']);
  if (!id) return undefined;
  const expiration = unb64(data.expiration);
  return {
    id,
    expiration: expiration ? new Date(expiration) : undefined,
    description: unb64(data.description),
    usableForJoin: unb64(data['usage-bootstrap-authentication']) === 'true',
  };
}

export type TokenCheck = { ok: true } | { ok: false; reason: 'unknown' | 'expired' };

/** Whether `token` is the one `secret` describes, still valid, and meant for joining. */
export function checkBootstrapToken(token: BootstrapToken, secret: Secret | undefined, now = new Date()): TokenCheck {
  if (!secret || secret.metadata?.name !== BOOTSTRAP_TOKEN_PREFIX + token.id) return { ok: false, reason: 'unknown' };
  const info = tokenInfoOf(secret);
  const stored = unb64(secret.data?.['token-secret-sha256']);
  if (!info || info.id !== token.id || !info.usableForJoin || !stored) return { ok: false, reason: 'unknown' };
  const expected = Buffer.from(stored, 'utf8');
  const actual = Buffer.from(sha256Hex(token.secret), 'utf8');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'unknown' };
  // An unreadable expiration counts as expired: a token must never outlive what its creator meant.
  if (info.expiration && !(info.expiration.getTime() > now.getTime())) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** `24h`, `90m`, `30s`, `1h30m` (Go duration units down to seconds); 0 means never expires. */
export function parseTtl(text: string): number {
  if (text === '0') return 0;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || text === '') throw new Error(`--ttl must be a duration like 24h, 90m or 1h30m, got "${text}"`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}
