// Hands the dashboard the API address and its token, and nothing else: the
// renderer stays an ordinary web page that talks HTTPS to the API.
import { contextBridge, ipcRenderer } from 'electron';

// The channel name is repeated in electron/main/index.ts; preload and main are
// separate bundles and share no module.
const connection: unknown = ipcRenderer.sendSync('flotilla:connection');

if (connection !== null && typeof connection === 'object' && 'apiUrl' in connection && 'token' in connection
  && typeof connection.apiUrl === 'string' && typeof connection.token === 'string') {
  contextBridge.exposeInMainWorld('flotilla', Object.freeze({ apiUrl: connection.apiUrl, token: connection.token }));
}
