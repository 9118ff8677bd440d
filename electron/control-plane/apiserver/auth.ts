// Authentication: who is calling. Bearer tokens, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface UserInfo {
  name: string;
  groups: string[];
}

export interface Authenticator {
  authenticate(req: IncomingMessage): UserInfo | undefined;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** A fixed set of tokens, each mapped to a user (the admin and loopback tokens). */
export class TokenAuthenticator implements Authenticator {
  private readonly entries: { digest: Buffer; user: UserInfo }[] = [];

  add(token: string, user: UserInfo): void {
    this.entries.push({ digest: digest(token), user });
  }

  /** Tokens already checked, so a keep-alive client does not pay a hash per request. */
  private readonly recent = new Map<string, UserInfo>();

  authenticate(req: IncomingMessage): UserInfo | undefined {
    const token = bearerToken(req);
    if (!token) return undefined;
    const known = this.recent.get(token);
    if (known) return known;
    const d = digest(token);
    const user = this.entries.find((e) => timingSafeEqual(e.digest, d))?.user;
    if (user) {
      if (this.recent.size >= 1024) this.recent.clear();
      this.recent.set(token, user);
    }
    return user;
  }
}

/** Tries each authenticator in turn; the first that knows the request's credential wins. */
export function anyOf(...authenticators: Authenticator[]): Authenticator {
  return {
    authenticate(req) {
      for (const a of authenticators) {
        const user = a.authenticate(req);
        if (user) return user;
      }
      return undefined;
    },
  };
}
