// The dashboard's client and a network that drops requests in flight, as a browser
// does when the machine's interfaces change (Docker adding a container's does it).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiClient, type Transport } from '../../../renderer/src/api/client.ts';

let url = '';
const server = createServer((req, res) => {
  res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } }));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Real fetch, but the first `drops` requests fail the way a network change fails them. */
function flaky(drops: number): { transport: Transport; sent: string[] } {
  const sent: string[] = [];
  const transport: Transport = (input, init) => {
    sent.push(init.method ?? 'GET');
    if (sent.length <= drops) return Promise.reject(new TypeError('Failed to fetch'));
    return fetch(input, init);
  };
  return { transport, sent };
}

it('sends a read or an update again when the network dropped it', async () => {
  const { transport, sent } = flaky(2);
  const client = new ApiClient({ apiUrl: url, token: 't', embedded: false }, transport);
  expect(await client.get<{ kind: string }>('/api/v1/namespaces/default/configmaps/x')).toMatchObject({ kind: 'ConfigMap' });
  expect(sent).toEqual(['GET', 'GET', 'GET']);
  const patched = flaky(1);
  await new ApiClient({ apiUrl: url, token: 't', embedded: false }, patched.transport).patch('/api/v1/namespaces/default/configmaps/x', { data: {} }, 'merge');
  expect(patched.sent).toEqual(['PATCH', 'PATCH']);
});

it('never sends a create twice, and says the API is unreachable', async () => {
  const { transport, sent } = flaky(1);
  const client = new ApiClient({ apiUrl: url, token: 't', embedded: false }, transport);
  await expect(client.create('/api/v1/namespaces/default/configmaps', { metadata: { name: 'x' } })).rejects.toMatchObject({ kind: 'unreachable' });
  expect(sent).toEqual(['POST']);
});

it('gives up after a few tries', async () => {
  const { transport, sent } = flaky(10);
  const client = new ApiClient({ apiUrl: url, token: 't', embedded: false }, transport);
  await expect(client.get('/api/v1/namespaces')).rejects.toMatchObject({ kind: 'unreachable' });
  expect(sent).toHaveLength(3);
});
