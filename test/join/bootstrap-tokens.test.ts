// Bootstrap token rules on their own: format, what the Secret keeps, expiry, TTLs.
import { describe, expect, it } from 'vitest';
import {
  bootstrapTokenSecret, checkBootstrapToken, formatBootstrapToken, generateBootstrapToken, parseBootstrapToken, parseTtl, tokenInfoOf,
} from '../../electron/control-plane/join/bootstrap-tokens.ts';

describe('bootstrap tokens', () => {
  it('are generated and parsed in kubeadm form', () => {
    const token = generateBootstrapToken();
    expect(formatBootstrapToken(token)).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(parseBootstrapToken(formatBootstrapToken(token))).toEqual(token);
    expect(parseBootstrapToken('ABCDEF.0123456789abcdef')).toBeUndefined();
    expect(parseBootstrapToken('abcdef.0123456789abcde')).toBeUndefined();
  });

  it('check against their Secret: right, wrong secret, other id, expired, not for joining', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    const token = { id: 'abcdef', secret: '0123456789abcdef' };
    const secret = bootstrapTokenSecret({ token, ttlMs: 3600_000, now });
    expect(checkBootstrapToken(token, secret, now)).toEqual({ ok: true });
    expect(checkBootstrapToken({ ...token, secret: 'ffffffffffffffff' }, secret, now)).toEqual({ ok: false, reason: 'unknown' });
    expect(checkBootstrapToken({ id: 'zzzzzz', secret: token.secret }, secret, now)).toEqual({ ok: false, reason: 'unknown' });
    expect(checkBootstrapToken(token, undefined, now)).toEqual({ ok: false, reason: 'unknown' });
    expect(checkBootstrapToken(token, secret, new Date('2025-01-01T01:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
    const notForJoin = { ...secret, data: { ...secret.data, 'usage-bootstrap-authentication': Buffer.from('false').toString('base64') } };
    expect(checkBootstrapToken(token, notForJoin, now)).toEqual({ ok: false, reason: 'unknown' });
    const garbled = { ...secret, data: { ...secret.data, expiration: Buffer.from('soon').toString('base64') } };
    expect(checkBootstrapToken(token, garbled, now)).toEqual({ ok: false, reason: 'expired' });
  });

  it('with TTL 0 never expire', () => {
    const token = generateBootstrapToken();
    const secret = bootstrapTokenSecret({ token, ttlMs: 0, description: 'forever' });
    expect(tokenInfoOf(secret)).toEqual({ id: token.id, expiration: undefined, description: 'forever', usableForJoin: true });
    expect(checkBootstrapToken(token, secret, new Date('2999-01-01T00:00:00Z'))).toEqual({ ok: true });
  });

  it('TTLs read like Go durations', () => {
    expect(parseTtl('24h')).toBe(86_400_000);
    expect(parseTtl('1h30m')).toBe(5_400_000);
    expect(parseTtl('45s')).toBe(45_000);
    expect(parseTtl('0')).toBe(0);
    expect(() => parseTtl('1d')).toThrow(/--ttl must be a duration/);
    expect(() => parseTtl('')).toThrow(/--ttl must be a duration/);
  });
});
