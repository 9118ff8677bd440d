// One HTTPS exchange of the join, with the TLS trust spelled out by the caller: the
// first request trusts nothing (its answer is checked against the pinned hash), every
// later one trusts only the pinned CA.
import https from 'node:https';
import { statusErrorFromBody } from '../../client/status.ts';

export type Trust = { insecure: true } | { caCertPem: string };

export interface JoinRequest {
  method: 'GET' | 'POST';
  url: URL;
  trust: Trust;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

/** Resolves with the parsed 2xx body; rejects with the server's Status as a StatusError, or with a one-line "cannot reach". */
export function requestJson<T>(req: JoinRequest): Promise<T> {
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const tls = 'insecure' in req.trust ? { rejectUnauthorized: false } : { ca: req.trust.caCertPem };
  return new Promise<T>((resolve, reject) => {
    const r = https.request(req.url, {
      method: req.method,
      ...tls,
      agent: false,
      timeout: req.timeoutMs ?? 15_000,
      headers: {
        Accept: 'application/json',
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }),
        ...req.headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(cannotReach(req.url, err)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code >= 300) {
          reject(statusErrorFromBody(text, code));
          return;
        }
        try {
          resolve(JSON.parse(text) as T);
        } catch {
          reject(new Error(`${req.url.origin}${req.url.pathname} answered ${code} with something other than JSON; is this a Flotilla server?`));
        }
      });
    });
    r.on('timeout', () => r.destroy(new Error('timed out')));
    r.on('error', (err) => reject(cannotReach(req.url, err)));
    r.end(payload);
  });
}

function cannotReach(url: URL, err: Error): Error {
  return new Error(`cannot reach ${url.origin}: ${err.message}`);
}
