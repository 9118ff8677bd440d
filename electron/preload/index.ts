// Hands the dashboard the API address, its token and a few desktop actions, and
// nothing else: the renderer stays an ordinary web page that talks HTTPS to the
// API, and never sees ipcRenderer. The main process checks every call's origin.
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type ConnectionInfo } from './channels.ts';

type Listener<T> = (value: T) => void;

/**
 * Listeners per terminal id. What arrives before the page subscribes (the
 * shell's first prompt, racing the open() reply) is kept and handed over then.
 */
function terminalEvents<T>(channel: string): (id: string, listener: Listener<T>) => () => void {
  const listeners = new Map<string, Set<Listener<T>>>();
  const early = new Map<string, T[]>();
  ipcRenderer.on(channel, (_event, id: string, value: T) => {
    const subscribed = listeners.get(id);
    if (subscribed) for (const listener of subscribed) listener(value);
    else early.set(id, [...(early.get(id) ?? []), value]);
  });
  return (id, listener) => {
    const subscribed = listeners.get(id) ?? new Set();
    listeners.set(id, subscribed.add(listener));
    for (const value of early.get(id) ?? []) listener(value);
    early.delete(id);
    return () => {
      subscribed.delete(listener);
      if (subscribed.size === 0) listeners.delete(id);
    };
  };
}

const connection = ipcRenderer.sendSync(CHANNELS.connection) as ConnectionInfo | null;

if (connection) {
  const onData = terminalEvents<string>(CHANNELS.terminalData);
  const onExit = terminalEvents<number>(CHANNELS.terminalExit);
  contextBridge.exposeInMainWorld('flotilla', {
    apiUrl: connection.apiUrl,
    token: connection.token,
    about: connection.about,
    openExternal: (url: string) => ipcRenderer.send(CHANNELS.openExternal, url),
    revealDataFolder: () => ipcRenderer.send(CHANNELS.revealDataFolder),
    copyText: (text: string) => ipcRenderer.send(CHANNELS.copyText, text),
    getSettings: () => ipcRenderer.invoke(CHANNELS.getSettings),
    setSettings: (settings: unknown) => ipcRenderer.invoke(CHANNELS.setSettings, settings),
    terminal: {
      open: (size: unknown) => ipcRenderer.invoke(CHANNELS.terminalOpen, size),
      write: (id: string, data: string) => ipcRenderer.send(CHANNELS.terminalWrite, id, data),
      resize: (id: string, size: unknown) => ipcRenderer.send(CHANNELS.terminalResize, id, size),
      close: (id: string) => ipcRenderer.send(CHANNELS.terminalClose, id),
      onData,
      onExit,
    },
  });
}
