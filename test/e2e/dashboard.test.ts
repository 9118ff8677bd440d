// Smoke test of the web dashboard in Chromium: token login, the cluster summary
// following the API through its watch, and the banner when the API goes away.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.FLOTILLA_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of each view, for a person to look at after a run. */
const SCREENSHOTS = join(root, 'test-results/screenshots');

/**
 * SHA-256 of the serving certificate's public key, checked against the cluster's
 * CA here, so that Chromium accepts this server's certificate and no other.
 */
function servingKeyHash(cp: ControlPlane): Promise<string> {
  const { hostname, port } = new URL(cp.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: cp.caCertPem }, () => {
      const der = socket.getPeerX509Certificate()?.publicKey.export({ type: 'spki', format: 'der' });
      socket.end();
      if (der) resolve(createHash('sha256').update(der).digest('base64'));
      else reject(new Error('the server sent no certificate'));
    });
    socket.on('error', reject);
  });
}

function api(cp: ControlPlane, method: string, path: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, cp.url);
    const req = request(url, {
      method,
      ca: cp.caCertPem,
      headers: { Authorization: `Bearer ${cp.adminToken}`, 'Content-Type': 'application/json' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

// Outside CI a machine without Chromium skips this; CI installs it (.ci/run).
describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== 'true')('web dashboard', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-e2e-'));
  let cp: ControlPlane | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    cp = await startControlPlane({ dataDir: scratch, listen: '127.0.0.1:0', webRoot: join(root, 'out/renderer') });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--ignore-certificate-errors-spki-list=${await servingKeyHash(cp)}`,
      ],
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await cp?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('asks for a token and refuses a wrong one', async () => {
    await page.goto(cp!.dashboardUrl);
    await page.waitForURL(/#\/login$/);
    await page.getByLabel('Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not accepted/);
  });

  it('logs in and shows the cluster summary as it changes', async () => {
    await page.getByLabel('Token').fill(cp!.adminToken);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/#\/$/);
    const text = (testId: string) => page.getByTestId(testId).textContent();
    await expect.poll(() => text('nodes-total')).toBe('0');

    expect(await api(cp!, 'POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'e2e-node' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    })).toBe(201);
    expect(await api(cp!, 'POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'e2e-pod' },
      spec: { containers: [{ name: 'main', image: 'flotilla.test/busybox:1' }] },
    })).toBe(201);

    // No reload: the page learns about both through its watches.
    await expect.poll(() => text('nodes-total')).toBe('1');
    await expect.poll(() => text('nodes-ready')).toBe('1');
    await expect.poll(() => text('pods-total')).toBe('1');
    await expect.poll(() => text('pods-Pending')).toBe('1');
    // The token stays with the tab across a reload.
    await page.reload();
    await expect.poll(() => text('pods-total')).toBe('1');
    await page.screenshot({ path: join(SCREENSHOTS, 'summary.png'), fullPage: true });
  });

  it('shows a banner when the API is unreachable', async () => {
    await cp!.stop();
    cp = undefined;
    await expect.poll(() => page.getByTestId('banner').textContent(), { timeout: 15_000 }).toMatch(/unreachable/);
    await page.screenshot({ path: join(SCREENSHOTS, 'unreachable.png'), fullPage: true });
  });
});
