// The dashboard's API client in Node: fetch through undici and WebSockets through
// `ws`, both trusting only the test cluster's CA, as the browser trusts the app's.
import { Agent, fetch as undiciFetch } from 'undici';
import WebSocket from 'ws';
import type { Transport } from '../../renderer/src/api/client.ts';
import type { ApiSocket, SocketFactory } from '../../renderer/src/api/socket.ts';

export interface BrowserTransport {
  transport: Transport;
  sockets: SocketFactory;
  close(): Promise<void>;
}

/** With no CA: plain http:// and ws:// (scripted test servers). */
export function browserTransport(ca?: string): BrowserTransport {
  const dispatcher = new Agent({ connect: ca ? { ca } : {} });
  const transport = ((input: URL, init: RequestInit) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Transport;
  const sockets: SocketFactory = (url, protocols) => new WebSocket(url, protocols, ca ? { ca } : {}) as unknown as ApiSocket;
  return { transport, sockets, close: () => dispatcher.close() };
}
