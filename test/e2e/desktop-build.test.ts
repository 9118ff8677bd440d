// The three bundles Electron runs (built by the e2e project's global setup into
// out/, as `npm start` builds them), and the main process loads only what
// an installed app has: Electron, Node's builtins and the package's runtime
// dependencies (kept external), never a dev-only package or the renderer's code.
// The built dashboard's settings page then runs in Chromium against the main
// process's real settings store and join-as-node switch; only the preload's
// IPC hop is played by Playwright, since Electron itself cannot run here.
import { builtinModules } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';
import { applyJoinAsNode, localNode, type LocalNode } from '../../electron/main/local-node.ts';
import { openSettings, type SettingsStore } from '../../electron/main/settings.ts';
import { chromiumMissing, launchBrowser, screenshot } from '../helpers/dashboard.ts';
import { startFakeLocalAgent } from '../electron/fake-local-agent.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Every package a bundle (and the chunks it loads) imports or requires. */
async function packagesLoadedBy(entry: string): Promise<Set<string>> {
  const loaded = new Set<string>();
  await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [{
      name: 'record-packages',
      setup(plugin) {
        plugin.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
          loaded.add(specifier);
          return { path: specifier, external: true };
        });
      },
    }],
  });
  return loaded;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const NODE = 'desk';

/** What the preload exposes, with each IPC call made a Playwright binding into this process. */
function desktopScript(cp: ControlPlane, dataDir: string): string {
  const about = { version: '0.1.0', electronVersion: 'test', dataDir, kubeconfigPath: cp.kubeconfigPath };
  return `window.flotilla = Object.freeze({
    apiUrl: ${JSON.stringify(cp.url)},
    token: ${JSON.stringify(cp.adminToken)},
    about: ${JSON.stringify(about)},
    openExternal() {}, revealDataFolder() {}, copyText() {},
    getSettings: () => window.__settings('get'),
    setSettings: (change) => window.__settings('set', change),
    terminal: {},
  });`;
}

describe('desktop app build', () => {
  const outDir = path.join(root, 'out');
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'flotilla-desktop-'));
  });

  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('builds main, preload and renderer', async () => {
    expect(await readFile(path.join(outDir, 'renderer/index.html'), 'utf8')).toContain('http-equiv="Content-Security-Policy"');
    expect(await readFile(path.join(outDir, 'preload/index.cjs'), 'utf8')).toContain("exposeInMainWorld(\"flotilla\"");
  });

  it('main loads only Electron, Node builtins and runtime dependencies', async () => {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set(['electron', ...Object.keys(pkg.dependencies)]);
    const builtins = new Set(builtinModules);
    const loaded = [...await packagesLoadedBy(path.join(outDir, 'main/index.js'))];
    expect(loaded).toContain('electron');
    expect(loaded).toContain('sqlite3');
    expect(loaded).toContain('node-pty');
    const unexpected = loaded.filter((specifier) => !specifier.startsWith('node:') && !builtins.has(specifier) && !allowed.has(packageOf(specifier)));
    expect(unexpected).toEqual([]);
  });

  it('preload, a sandboxed script, requires nothing but electron', async () => {
    expect([...await packagesLoadedBy(path.join(outDir, 'preload/index.cjs'))]).toEqual(['electron']);
  });

  describe.skipIf(chromiumMissing)('settings page', () => {
    let cp: ControlPlane;
    let node: LocalNode;
    let settings: SettingsStore;
    let browser: Browser;
    let page: Page;
    const dataDir = (): string => path.join(scratch, 'cluster');
    const until = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 20_000, interval: 50 });

    beforeAll(async () => {
      cp = await startControlPlane({ dataDir: dataDir(), listen: '127.0.0.1:0', controllers: false, webRoot: path.join(outDir, 'renderer') });
      node = localNode(() => startFakeLocalAgent(cp, NODE, dataDir()));
      settings = await openSettings(path.join(scratch, 'userData/settings.json'), (saved) => applyJoinAsNode(node, saved.joinAsNode, true));
      await node.set(settings.get().joinAsNode);
      browser = await launchBrowser(cp);
      page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
      await page.exposeFunction('__settings', (op: string, change: unknown) => (op === 'set' ? settings.update(change) : settings.get()));
      await page.addInitScript(desktopScript(cp, dataDir()));
    });

    afterAll(async () => {
      await browser?.close();
      await node?.set(false);
      await cp?.stop();
    });

    it('turns this machine\'s node off and on, saved and applied at once', async () => {
      await page.goto(`${cp.dashboardUrl}#/settings`);
      const toggle = page.getByTestId('setting-join-as-node');
      await expect.poll(() => toggle.isChecked(), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => page.getByText(cp.kubeconfigPath, { exact: true }).count()).toBe(1);
      await screenshot(page, 'settings');

      await toggle.uncheck();
      await until(() => expect(cp.tunnels.isConnected(NODE)).toBe(false));
      expect(node.isRunning()).toBe(false);
      expect(JSON.parse(await readFile(path.join(scratch, 'userData/settings.json'), 'utf8'))).toEqual({ joinAsNode: false });

      await toggle.check();
      await until(() => expect(cp.tunnels.isConnected(NODE)).toBe(true));
      await expect.poll(() => toggle.isEnabled()).toBe(true);
      expect(await toggle.isChecked()).toBe(true);
    });

    it('says in a browser that settings belong to the desktop app', async () => {
      const web = await browser.newPage();
      await web.addInitScript(`sessionStorage.setItem('flotilla.token', ${JSON.stringify(cp.adminToken)})`);
      await web.goto(`${cp.dashboardUrl}#/settings`);
      await expect.poll(() => web.getByText('Settings belong to the desktop app').count(), { timeout: 20_000 }).toBe(1);
      expect(await web.getByTestId('setting-join-as-node').count()).toBe(0);
      await web.close();
    });
  });
});
