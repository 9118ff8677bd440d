// The dashboard's API client in Node: fetch through undici trusting only the test
// cluster's CA, as the browser trusts the app's certificate.
import { Agent, fetch as undiciFetch } from 'undici';
import type { Transport } from '../../../renderer/src/api/client.ts';

export function trustingTransport(ca: string): { transport: Transport; close(): Promise<void> } {
  const dispatcher = new Agent({ connect: { ca } });
  const transport = ((input: URL, init: RequestInit) => undiciFetch(input, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as Transport;
  return { transport, close: () => dispatcher.close() };
}
