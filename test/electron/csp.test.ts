// The dashboard's Content-Security-Policy also travels as a header, which alone
// can forbid framing; it is the policy renderer/index.html declares, not a second copy.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';

const INDEX_HTML = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));

async function headersOf(cp: ControlPlane, urlPath: string): Promise<Headers> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    request(cp.url + urlPath, { ca: cp.caCertPem }, (res) => {
      res.resume();
      res.on('end', () => resolve(new Headers(res.headers as Record<string, string>)));
    }).on('error', reject).end();
  });
}

describe('dashboard Content-Security-Policy header', () => {
  let dir: string;
  let cp: ControlPlane;
  let declared: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-csp-'));
    const html = await readFile(INDEX_HTML, 'utf8');
    declared = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const webRoot = path.join(dir, 'web');
    await mkdir(path.join(webRoot, 'assets'), { recursive: true });
    await writeFile(path.join(webRoot, 'index.html'), html);
    await writeFile(path.join(webRoot, 'assets', 'index.js'), 'export {};\n');
    cp = await startControlPlane({ dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', controllers: false, webRoot });
  });

  afterAll(async () => {
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the page policy plus frame-ancestors none with the dashboard page and its client-side routes', async () => {
    expect(declared).toContain("default-src 'none'");
    for (const urlPath of ['/ui/', '/ui/index.html', '/ui/some/client/route']) {
      expect((await headersOf(cp, urlPath)).get('content-security-policy')).toBe(`${declared}; frame-ancestors 'none'`);
    }
  });

  it('leaves scripts without a policy of their own', async () => {
    const headers = await headersOf(cp, '/ui/assets/index.js');
    expect(headers.get('content-type')).toContain('text/javascript');
    expect(headers.get('content-security-policy')).toBeNull();
  });
});
