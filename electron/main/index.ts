// Electron entry: one instance, the control plane in this process, one window
// on its dashboard, a tray icon and the local node. Everything cluster-related
// lives in the control plane; the modules here only wire Electron to it.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { app, clipboard, dialog, session, shell, type BrowserWindow } from 'electron';
import packageJson from '../../package.json' with { type: 'json' };
import { startLocalAgent } from '../../agent/local.ts';
import { startControlPlane } from '../control-plane/index.ts';
import type { ControlPlane, ControlPlaneOptions } from '../control-plane/index.ts';
import { healthLabel, watchNodeHealth } from './cluster-health.ts';
import { writeFlotillaLauncher } from './flotilla-launcher.ts';
import { registerIpc } from './ipc.ts';
import { applyJoinAsNode, localNode, type LocalNode } from './local-node.ts';
import { LocalTerminals } from './local-terminal.ts';
import { setApplicationMenu } from './menu.ts';
import { openSettings } from './settings.ts';
import { makeApiTrust } from './trust.ts';
import { createTray, type AppTray } from './tray.ts';
import { createMainWindow } from './window.ts';

const DEFAULT_LISTEN = '127.0.0.1:6443';
const outDir = fileURLToPath(new URL('..', import.meta.url));
/** The checkout the app was built from (out/ sits in it): the CLI and README. */
const root = join(outDir, '..');

let controlPlane: ControlPlane | undefined;
let node: LocalNode | undefined;
let terminals: LocalTerminals | undefined;
let tray: AppTray | undefined;
let nodeHealth: { stop(): void } | undefined;
let window: BrowserWindow | undefined;
let stopping = false;

function log(line: string): void {
  console.log(line);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Launched as `electron out/main/index.js`, Electron would take its own name
// for the app and keep our data in an "Electron" folder.
app.setName('Flotilla');
app.setPath('userData', join(app.getPath('appData'), 'Flotilla'));

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { 'data-dir': { type: 'string' }, listen: { type: 'string' }, 'no-agent': { type: 'boolean' } },
  strict: false,
});
const dataDir = (): string => (typeof values['data-dir'] === 'string' ? values['data-dir'] : join(app.getPath('userData'), 'cluster'));
/** `--no-agent` keeps this machine from joining for this run, whatever the setting says. */
const agentAllowed = values['no-agent'] !== true;

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

async function showWindow(cp: ControlPlane): Promise<void> {
  if (window && !window.isDestroyed()) {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return;
  }
  window = await createMainWindow({
    dashboardUrl: cp.dashboardUrl,
    preloadPath: join(outDir, 'preload/index.cjs'),
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    log,
  });
}

async function startTerminals(cp: ControlPlane): Promise<LocalTerminals> {
  const binDir = join(dataDir(), 'bin');
  // process.execPath is Electron's binary, which the launcher runs as Node.
  await writeFlotillaLauncher(binDir, process.execPath, join(root, 'cli', 'bin.mjs'));
  return new LocalTerminals({ kubeconfigPath: cp.kubeconfigPath, binDir });
}

function startTray(cp: ControlPlane): void {
  tray = createTray({
    openDashboard: () => void showWindow(cp),
    copyKubeconfigPath: () => clipboard.writeText(cp.kubeconfigPath),
    quit: () => app.quit(),
  });
  nodeHealth = watchNodeHealth(cp.loopback, log, (health) => tray?.setHealth(healthLabel(health)));
}

async function main(): Promise<void> {
  await app.whenReady();
  const cp = await start();
  controlPlane = cp;
  log(`Flotilla API at ${cp.url}; kubeconfig: ${cp.kubeconfigPath}`);
  const localAgent = localNode(() => startLocalAgent(cp, dataDir(), log));
  node = localAgent;
  const settings = await openSettings(join(app.getPath('userData'), 'settings.json'), (saved) => applyJoinAsNode(localAgent, saved.joinAsNode, agentAllowed));
  // Without its node the app is still a cluster LAN machines can join; say why and go on.
  if (agentAllowed) void applyJoinAsNode(localAgent, settings.get().joinAsNode, agentAllowed).catch((error: unknown) => log(message(error)));
  terminals = await startTerminals(cp);

  const trusted = makeApiTrust(cp.url, cp.caCertPem);
  app.on('certificate-error', (event, _contents, url, _error, certificate, callback) => {
    if (!trusted(url, certificate)) return callback(false);
    event.preventDefault();
    callback(true);
  });
  // The dashboard needs no camera, notifications or the like.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  registerIpc({
    connection: {
      apiUrl: cp.url,
      token: cp.adminToken,
      about: { version: packageJson.version, electronVersion: process.versions.electron ?? '', dataDir: dataDir(), kubeconfigPath: cp.kubeconfigPath },
    },
    dataDir: dataDir(),
    settings,
    terminals,
  });
  setApplicationMenu({
    openReadme: () => void shell.openPath(join(root, 'README.md')),
    openKubernetesDocs: () => void shell.openExternal('https://kubernetes.io/docs/'),
  });
  startTray(cp);

  await showWindow(cp);
  app.on('second-instance', () => void showWindow(cp));
  app.on('activate', () => void showWindow(cp));
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
  terminals?.closeAll();
  nodeHealth?.stop();
  tray?.destroy();
  // The local node's containers keep running, as any agent's do when it stops.
  Promise.resolve(node?.set(false))
    .catch((error: unknown) => console.error(`Flotilla: stopping the local node failed: ${message(error)}`))
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
