// A bare HTTPS call to the test control plane with any bearer token (or none),
// trusting only the cluster's CA.
import { request } from 'node:https';

export interface Answer {
  status: number;
  body: { message?: string; reason?: string; token?: string; nodeName?: string; caCert?: string; items?: unknown[] } & Record<string, unknown>;
}

export function call(server: string, caCertPem: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(server + path, {
      method,
      ca: caCertPem,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }),
      },
    }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Answer['body']) : {} }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
