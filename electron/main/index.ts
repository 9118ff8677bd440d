// Electron entry: one instance, the control plane in this process, one window
// on its dashboard. Everything cluster-related lives in the control plane.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { app, dialog, ipcMain, session } from 'electron';
import type { BrowserWindow } from 'electron';
import type { Agent } from '../../agent/index.ts';
import { startLocalAgent } from '../../agent/local.ts';
import { startControlPlane } from '../control-plane/index.ts';
import type { ControlPlane, ControlPlaneOptions } from '../control-plane/index.ts';
import { makeApiTrust } from './trust.ts';
import { createMainWindow } from './window.ts';

const DEFAULT_LISTEN = '127.0.0.1:6443';
const outDir = fileURLToPath(new URL('..', import.meta.url));

let controlPlane: ControlPlane | undefined;
let localAgent: Agent | undefined;
let window: BrowserWindow | undefined;
let stopping = false;

function log(line: string): void {
  console.log(line);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { 'data-dir': { type: 'string' }, listen: { type: 'string' }, 'no-agent': { type: 'boolean' } },
  strict: false,
});
const dataDir = (): string => (typeof values['data-dir'] === 'string' ? values['data-dir'] : join(app.getPath('userData'), 'cluster'));

/**
 * `npm start -- --data-dir DIR --listen HOST:PORT --no-agent` work as for serve.
 * Without --listen the usual port keeps the kubeconfig valid across restarts,
 * and a `flotilla serve` already there makes us take a free port instead.
 */
async function start(): Promise<ControlPlane> {
  const options: ControlPlaneOptions = {
    dataDir: dataDir(),
    webRoot: join(outDir, 'renderer'),
    log,
  };
  if (typeof values.listen === 'string') return startControlPlane({ ...options, listen: values.listen });
  try {
    return await startControlPlane({ ...options, listen: DEFAULT_LISTEN });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    log(`${DEFAULT_LISTEN} is in use; listening on a free port instead.`);
    return startControlPlane({ ...options, listen: '127.0.0.1:0' });
  }
}

function showWindow(cp: ControlPlane): void {
  if (window && !window.isDestroyed()) {
    if (window.isMinimized()) window.restore();
    window.focus();
    return;
  }
  window = createMainWindow({ dashboardUrl: cp.dashboardUrl, preloadPath: join(outDir, 'preload/index.cjs') });
}

async function main(): Promise<void> {
  await app.whenReady();
  const cp = await start();
  controlPlane = cp;
  log(`Flotilla API at ${cp.url}; kubeconfig: ${cp.kubeconfigPath}`);
  if (values['no-agent'] !== true) {
    // Without its node the app is still a cluster LAN machines can join; say why and go on.
    localAgent = await startLocalAgent(cp, dataDir(), log).catch((error: unknown) => {
      log(`This machine could not join as a node: ${message(error)}`);
      return undefined;
    });
  }

  const apiOrigin = new URL(cp.url).origin;
  const trusted = makeApiTrust(cp.url, cp.caCertPem);
  app.on('certificate-error', (event, _contents, url, _error, certificate, callback) => {
    if (!trusted(url, certificate)) return callback(false);
    event.preventDefault();
    callback(true);
  });
  // The dashboard needs no camera, notifications or the like.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  // The preload asks once, synchronously, so the page has its connection before any script runs.
  ipcMain.on('flotilla:connection', (event) => {
    const frameUrl = event.senderFrame?.url;
    event.returnValue = frameUrl && new URL(frameUrl).origin === apiOrigin ? { apiUrl: cp.url, token: cp.adminToken } : null;
  });

  showWindow(cp);
  app.on('second-instance', () => showWindow(cp));
  app.on('activate', () => showWindow(cp));
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting waits for the store to flush; the quit after that goes through.
app.on('before-quit', (event) => {
  if (!controlPlane) return;
  event.preventDefault();
  if (stopping) return;
  stopping = true;
  // The local node's containers keep running, as any agent's do when it stops.
  Promise.resolve(localAgent?.stop())
    .then(() => controlPlane?.stop())
    .catch((error: unknown) => console.error(`Flotilla: stopping the control plane failed: ${message(error)}`))
    .finally(() => {
      controlPlane = undefined;
      app.quit();
    });
});

// Ctrl-C in the terminal that ran `npm start` should quit cleanly too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

if (app.requestSingleInstanceLock()) {
  main().catch((error: unknown) => {
    console.error(`Flotilla could not start: ${message(error)}`);
    dialog.showErrorBox('Flotilla could not start', message(error));
    app.exit(1);
  });
} else {
  // The running instance shows its window (second-instance); this one leaves.
  app.quit();
}
