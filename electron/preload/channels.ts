// The IPC channels between the preload and the main process, in one place both
// bundles build in (the preload gets its own copy; it can load no modules).
export const CHANNELS = {
  /** Synchronous: the API URL, token and facts about the app, before any page script runs. */
  connection: 'flotilla:connection',
  openExternal: 'flotilla:open-external',
  revealDataFolder: 'flotilla:reveal-data-folder',
  copyText: 'flotilla:copy-text',
  getSettings: 'flotilla:settings:get',
  setSettings: 'flotilla:settings:set',
  terminalOpen: 'flotilla:terminal:open',
  terminalWrite: 'flotilla:terminal:write',
  terminalResize: 'flotilla:terminal:resize',
  terminalClose: 'flotilla:terminal:close',
  /** Main to renderer: (id, data). */
  terminalData: 'flotilla:terminal:data',
  /** Main to renderer: (id, exitCode). */
  terminalExit: 'flotilla:terminal:exit',
} as const;

/** What the main process answers on `connection`, for the dashboard's origin only. */
export interface ConnectionInfo {
  apiUrl: string;
  token: string;
  about: {
    version: string;
    electronVersion: string;
    dataDir: string;
    kubeconfigPath: string;
  };
}
