// Smoke test of the web dashboard in Chromium against `flotilla serve --no-agent`:
// token login, the cluster summary following the API through its watch, and the
// banner when the API goes away.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchBrowser, screenshot, startServe, type Served } from '../helpers/dashboard.ts';

describe.skipIf(chromiumMissing)('web dashboard', () => {
  let served: Served;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    served = await startServe({ agent: false });
    browser = await launchBrowser(served);
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.cleanUp();
  });

  it('asks for a token and refuses a wrong one', async () => {
    await page.goto(served.dashboardUrl);
    await page.waitForURL(/#\/login$/);
    await page.getByLabel('Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not accepted/);
  });

  it('logs in and shows the cluster summary as it changes', async () => {
    await page.getByLabel('Token').fill(served.adminToken);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/#\/$/);
    const text = (testId: string) => page.getByTestId(testId).textContent();
    await expect.poll(() => text('nodes-total')).toBe('0');

    expect((await served.api('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'e2e-node' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    })).status).toBe(201);
    expect((await served.api('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'e2e-pod' },
      spec: { containers: [{ name: 'main', image: 'flotilla.test/busybox:1' }] },
    })).status).toBe(201);

    // No reload: the page learns about both through its watches.
    await expect.poll(() => text('nodes-total')).toBe('1');
    await expect.poll(() => text('nodes-ready')).toBe('1');
    await expect.poll(() => text('pods-total')).toBe('1');
    await expect.poll(() => text('pods-Pending')).toBe('1');
    // The token stays with the tab across a reload.
    await page.reload();
    await expect.poll(() => text('pods-total')).toBe('1');
    await screenshot(page, 'summary');
  });

  it('shows a banner when the API is unreachable', async () => {
    await served.stop();
    await expect.poll(() => page.getByTestId('banner').textContent(), { timeout: 15_000 }).toMatch(/unreachable/);
    await screenshot(page, 'unreachable');
  });
});
