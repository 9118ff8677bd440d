// The one window: sandboxed, isolated, and kept on the dashboard's origin.
import { BrowserWindow, shell } from 'electron';

export interface WindowOptions {
  dashboardUrl: string;
  preloadPath: string;
}

function openExternally(url: string): void {
  const { protocol } = new URL(url);
  if (protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:') void shell.openExternal(url);
}

export function createMainWindow({ dashboardUrl, preloadPath }: WindowOptions): BrowserWindow {
  const origin = new URL(dashboardUrl).origin;
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
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
