// The parts of a browser WebSocket the dashboard uses (watches, logs, terminals),
// so that Node tests can hand the clients the `ws` package's socket instead.
export interface ApiSocket {
  binaryType: string;
  readonly protocol: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number): void;
}

export type SocketFactory = (url: string, protocols: string[]) => ApiSocket;

export const browserSocket: SocketFactory = (url, protocols) => new WebSocket(url, protocols) as unknown as ApiSocket;
