// Bad input gets a clear Status, never a crash, a hang or a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.stop();
});

async function expectStatus(method: string, path: string, body: unknown, code: number, headers?: Record<string, string>) {
  const r = await c.api(method, path, body, headers);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(code);
  expect(r.body.kind).toBe('Status');
  expect(r.body.code).toBe(code);
  expect(typeof r.body.message).toBe('string');
  return r.body;
}

describe('malformed requests', () => {
  it('rejects broken JSON and YAML with 400', async () => {
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {', 400);
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', 'metadata: [unclosed', 400, { 'Content-Type': 'application/yaml' });
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', '', 400);
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', '[1,2,3]', 400);
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', 'null', 400);
  });

  it('rejects wrong kinds and wrong shapes', async () => {
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }, 400);
    const wrong = await expectStatus('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'p' }, spec: { containers: 'nope' } }, 400);
    expect(wrong.message).toBe('Pod in version "v1" cannot be handled as a Pod: cannot unmarshal string into spec.containers of type array');
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', { metadata: 'string' }, 400);
    await expectStatus('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 'eighty' }] }] } }, 400);
    const meta = await expectStatus('POST', '/api/v1/namespaces/default/configmaps', { metadata: {} }, 422);
    expect(JSON.stringify(meta.details)).toContain('metadata.name');
  });

  it('limits body size and nesting', async () => {
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'big' }, data: { k: 'x'.repeat(4 * 1024 * 1024) } }, 413);
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', deep, 400);
    const deepObject = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    await expectStatus('POST', '/api/v1/namespaces/default/configmaps', deepObject, 400);
  });

  it('rejects bad selectors, bad query values and bad paths', async () => {
    await expectStatus('GET', '/api/v1/pods?labelSelector=' + encodeURIComponent('a in (b'), undefined, 400);
    await expectStatus('GET', '/api/v1/pods?labelSelector=' + encodeURIComponent('!!!'), undefined, 400);
    await expectStatus('GET', '/api/v1/pods?fieldSelector=' + encodeURIComponent('spec.nope=1'), undefined, 400);
    await expectStatus('GET', '/api/v1/pods?limit=abc', undefined, 400);
    await expectStatus('GET', '/api/v1/pods?continue=garbage', undefined, 400);
    await expectStatus('GET', '/api/v1/pods?watch=true&resourceVersion=xyz', undefined, 400);
    await expectStatus('GET', '/api/v1/nothings', undefined, 404);
    await expectStatus('GET', '/apis/nope.example.com/v1/things', undefined, 404);
    await expectStatus('GET', '/api/v1/namespaces/default/pods/a/b/c/d', undefined, 404);
    await expectStatus('GET', '/api/v1/namespaces/default/pods/x/nosuchsub', undefined, 404);
    await expectStatus('PATCH', '/api/v1/namespaces/default/configmaps/none', '{}', 415, { 'Content-Type': 'text/plain' });
  });

  it('asks for authentication everywhere but the health and version endpoints', async () => {
    const { request } = await import('node:https');
    const get = (p: string, auth?: string) => new Promise<number>((resolve, reject) => {
      const req = request(c.cp.url + p, { ca: c.cp.caCertPem, headers: auth ? { Authorization: auth } : {} }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    for (const p of ['/healthz', '/livez', '/readyz', '/version']) expect(await get(p)).toBe(200);
    for (const p of ['/api', '/apis', '/api/v1/pods', '/openapi/v3']) expect(await get(p)).toBe(401);
    expect(await get('/api/v1/pods', 'Bearer wrong')).toBe(401);
  });

  it('survives a bounded burst of random bodies and paths', async () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', '1e999', '"metadata"', '"name"', '"spec"', '\\u0000', '-', '💥'];
    const paths = ['/api/v1/namespaces/default/pods', '/apis/apps/v1/namespaces/default/deployments', '/api/v1/namespaces', '/api/v1/nodes', '/apis/batch/v1/namespaces/default/jobs'];
    const types = ['application/json', 'application/yaml', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'];
    for (let i = 0; i < 300; i++) {
      const body = Array.from({ length: Math.floor(rand() * 30) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      const method = ['POST', 'PUT', 'PATCH', 'DELETE'][Math.floor(rand() * 4)]!;
      const path = paths[Math.floor(rand() * paths.length)]! + (method === 'POST' ? '' : '/x' + Math.floor(rand() * 3));
      const r = await c.api(method, path + (method === 'PATCH' ? '?fieldManager=fuzz' : ''), body, { 'Content-Type': types[Math.floor(rand() * types.length)]! });
      expect(r.status, `${method} ${path} ${body}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
    }
    expect((await c.api('GET', '/readyz')).status).toBe(200);
  });
});
