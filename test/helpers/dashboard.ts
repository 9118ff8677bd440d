// The dashboard as a user meets it: `flotilla serve` in its own process (with this
// machine as a node unless told otherwise), Debian's Chromium trusting only that
// server's certificate, the token login, and real kubectl beside the browser.
// Free of vitest, so the dashboard benchmark uses it too.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FLOTILLA_BIN } from './agent-process.ts';
import { apiCaller, KUBECTL, kubectlRunner, type TestCluster } from './cluster.ts';
import { eventually } from './eventually.ts';
import { freePort } from './net.ts';

export const CHROMIUM = process.env.FLOTILLA_CHROMIUM ?? '/usr/bin/chromium';
/** Outside CI a machine without Chromium skips the browser suites; CI installs it (.ci/run). */
export const chromiumMissing = !existsSync(CHROMIUM) && process.env.CI !== 'true';
/** Screenshots of each view, for a person to look at after a run. */
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

export interface Served {
  url: string;
  dashboardUrl: string;
  dataDir: string;
  adminToken: string;
  caCertPem: string;
  api: TestCluster['api'];
  kubectl: TestCluster['kubectl'];
  /** What the serve process printed, for failure messages. */
  output(): string;
  /** The local agent's id, which marks its containers (dev.flotilla.agent), once it has started. */
  agentId(): Promise<string | undefined>;
  /** Stops the process (SIGTERM, SIGKILL after 15 s); the temp dir stays until cleanUp. */
  stop(): Promise<void>;
  /** stop(), then removes the data dir. */
  cleanUp(): Promise<void>;
}

/** `flotilla serve` on a free loopback port, ready once /readyz answers 200. FLOTILLA_WEB_ROOT passes through. */
export async function startServe(opts: { agent?: boolean } = {}): Promise<Served> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-dashboard-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const args = [FLOTILLA_BIN, 'serve', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, ...(opts.agent === false ? ['--no-agent'] : [])];
  const child = spawn(process.execPath, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `https://127.0.0.1:${port}`;
  try {
    const { caCertPem, adminToken } = await eventually('flotilla serve to answer /readyz', async () => {
      if (child.exitCode !== null) throw new Error(`flotilla serve exited with ${child.exitCode}`);
      const caCertPem = await readFile(path.join(dataDir, 'pki/ca.crt'), 'utf8');
      const adminToken = (await readFile(path.join(dataDir, 'admin.token'), 'utf8')).trim();
      const ready = await apiCaller(url, adminToken, caCertPem)('GET', '/readyz');
      return ready.status === 200 && { caCertPem, adminToken };
    }, 60_000);
    return {
      url,
      dashboardUrl: `${url}/ui/`,
      dataDir,
      adminToken,
      caCertPem,
      api: apiCaller(url, adminToken, caCertPem),
      kubectl: kubectlRunner(KUBECTL, path.join(dataDir, 'admin.kubeconfig'), dir),
      output: () => out,
      agentId: () => readFile(path.join(dataDir, 'agent/agent-id'), 'utf8').then((id) => id.trim(), () => undefined),
      stop,
      async cleanUp() {
        await stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stop();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\nflotilla serve printed:\n${out}`);
  }
}

/**
 * SHA-256 of the serving certificate's public key, checked against the cluster's CA
 * here, so that Chromium accepts this server's certificate and no other.
 */
function servingKeyHash(served: Pick<Served, 'url' | 'caCertPem'>): Promise<string> {
  const { hostname, port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: served.caCertPem }, () => {
      const der = socket.getPeerX509Certificate()?.publicKey.export({ type: 'spki', format: 'der' });
      socket.end();
      if (der) resolve(createHash('sha256').update(der).digest('base64'));
      else reject(new Error('the server sent no certificate'));
    });
    socket.on('error', reject);
  });
}

/** Headless Chromium that trusts the served certificate and no other. */
export async function launchBrowser(served: Pick<Served, 'url' | 'caCertPem'>): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--ignore-certificate-errors-spki-list=${await servingKeyHash(served)}`,
    ],
  });
}

/** The login page with the admin token, ending on the overview. */
export async function logIn(page: Page, served: Pick<Served, 'dashboardUrl' | 'adminToken'>): Promise<void> {
  await page.goto(served.dashboardUrl);
  await page.waitForURL(/#\/login$/);
  await page.getByLabel('Token').fill(served.adminToken);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/#\/$/);
}

/** Saves test-results/screenshots/<name>-light.png and <name>-dark.png: the theme follows the system's scheme. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${colorScheme}.png`), fullPage: true });
  }
}
