// The one window: sandboxed, isolated, kept on the dashboard's origin, and
// opened where it was last time.
import { BrowserWindow, screen, shell, type Rectangle } from 'electron';
import { isExternalUrl } from './external-url.ts';
import { readJsonFile, writeJsonFile } from './json-file.ts';
import { placeWindow, windowStateFrom, type WindowState } from './window-state.ts';

export interface WindowOptions {
  dashboardUrl: string;
  preloadPath: string;
  /** userData/window-state.json */
  stateFile: string;
  log(line: string): void;
}

const DEFAULT_SIZE = { width: 1200, height: 800 };
/** Moving or resizing sends many events; the state is written once it settles. */
const SAVE_DELAY_MS = 500;

function openExternally(url: string): void {
  if (isExternalUrl(url)) void shell.openExternal(url);
}

function workAreas(): Rectangle[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
}

function rememberState(window: BrowserWindow, { stateFile, log }: WindowOptions): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    // The normal bounds, so a maximized window comes back the size it was before.
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    writeJsonFile(stateFile, state).catch((error: unknown) => log(`Could not save the window's position: ${String(error)}`));
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
}

export async function createMainWindow(options: WindowOptions): Promise<BrowserWindow> {
  const { dashboardUrl, preloadPath, stateFile } = options;
  const origin = new URL(dashboardUrl).origin;
  const { bounds, maximized } = placeWindow(windowStateFrom(await readJsonFile(stateFile)), workAreas(), DEFAULT_SIZE);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Flotilla',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  });
  if (maximized) window.maximize();
  rememberState(window, options);
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin === origin) return;
    event.preventDefault();
    openExternally(url);
  });
  void window.loadURL(dashboardUrl);
  return window;
}
