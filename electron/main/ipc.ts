// The main-process side of the preload's API. Every call is answered only for a
// frame on the dashboard's origin, so a page that got into the window some other
// way can use none of it.
import { clipboard, ipcMain, shell, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS, type ConnectionInfo } from '../preload/channels.ts';
import { isExternalUrl } from './external-url.ts';
import { terminalSize, type LocalTerminals } from './local-terminal.ts';
import type { SettingsStore } from './settings.ts';

export interface DesktopIpc {
  connection: ConnectionInfo;
  dataDir: string;
  /** Checks, saves and applies what the renderer asks to change. */
  settings: SettingsStore;
  terminals: LocalTerminals;
}

interface DashboardIpc {
  fromDashboard(event: IpcMainEvent | IpcMainInvokeEvent): boolean;
  /** A message from the page; one that does not make sense is logged and dropped. */
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): void;
  /** A request from the page; what the handler throws rejects the page's promise. */
  handle(channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
}

function dashboardIpc(apiUrl: string): DashboardIpc {
  const origin = new URL(apiUrl).origin;
  const fromDashboard = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame?.url;
    return url !== undefined && URL.canParse(url) && new URL(url).origin === origin;
  };
  return {
    fromDashboard,
    on(channel, listener) {
      ipcMain.on(channel, (event, ...args: unknown[]) => {
        if (!fromDashboard(event)) return;
        try {
          listener(event, ...args);
        } catch (error) {
          console.warn(`Flotilla: ignored ${channel}: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    },
    handle(channel, handler) {
      ipcMain.handle(channel, (event, ...args: unknown[]) => {
        if (!fromDashboard(event)) throw new Error('only the Flotilla dashboard may ask this');
        return handler(event, ...args);
      });
    },
  };
}

export function registerIpc(desktop: DesktopIpc): void {
  const ipc = dashboardIpc(desktop.connection.apiUrl);
  const { on, handle } = ipc;
  // Synchronous, so the page has its connection before any of its scripts runs.
  ipcMain.on(CHANNELS.connection, (event) => {
    event.returnValue = ipc.fromDashboard(event) ? desktop.connection : null;
  });
  on(CHANNELS.openExternal, (_event, url) => {
    if (typeof url === 'string' && isExternalUrl(url)) void shell.openExternal(url);
  });
  on(CHANNELS.revealDataFolder, () => void shell.openPath(desktop.dataDir));
  on(CHANNELS.copyText, (_event, text) => {
    if (typeof text === 'string') clipboard.writeText(text);
  });
  handle(CHANNELS.getSettings, () => desktop.settings.get());
  handle(CHANNELS.setSettings, (_event, change) => desktop.settings.update(change));
  registerTerminals(desktop.terminals, ipc);
}

function registerTerminals(terminals: LocalTerminals, { on, handle }: DashboardIpc): void {
  const watched = new Set<number>();
  // A window's shells end with it, and with a reload, after which nothing listens to them.
  const endWithPage = (contents: WebContents): void => {
    if (watched.has(contents.id)) return;
    watched.add(contents.id);
    const owner = contents.id;
    contents.on('did-navigate', () => terminals.closeOwner(owner));
    contents.once('destroyed', () => {
      watched.delete(owner);
      terminals.closeOwner(owner);
    });
  };
  handle(CHANNELS.terminalOpen, (event, size) => {
    const contents = event.sender;
    endWithPage(contents);
    const send = (channel: string, ...args: unknown[]): void => {
      if (!contents.isDestroyed()) contents.send(channel, ...args);
    };
    // The listeners run only after open() has returned the id they send with.
    const id: string = terminals.open(contents.id, terminalSize(size), {
      data: (data) => send(CHANNELS.terminalData, id, data),
      exit: (exitCode) => send(CHANNELS.terminalExit, id, exitCode),
    });
    return id;
  });
  on(CHANNELS.terminalWrite, (event, id, data) => {
    if (typeof id === 'string' && typeof data === 'string') terminals.write(event.sender.id, id, data);
  });
  on(CHANNELS.terminalResize, (event, id, size) => {
    if (typeof id === 'string') terminals.resize(event.sender.id, id, terminalSize(size));
  });
  on(CHANNELS.terminalClose, (event, id) => {
    if (typeof id === 'string') terminals.close(event.sender.id, id);
  });
}
