// What the runtime driver tests hand a driver: a container config with every field
// at its empty value, so each test states only what it is about.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { ContainerConfig, Runtime } from '../../agent/runtime/types.ts';

export function containerConfig(image: string, overrides: Partial<ContainerConfig> = {}): ContainerConfig {
  return {
    name: 'main',
    attempt: 0,
    image,
    command: [],
    args: [],
    env: [],
    mounts: [],
    ports: [],
    tty: false,
    stdin: false,
    stdinOnce: false,
    resources: {},
    securityContext: {},
    labels: {},
    annotations: {},
    ...overrides,
  };
}

/** Everything a runtime stream (logs, an exec's stdout) gives until it ends. */
export function readAll(stream: Readable | undefined): Promise<string> {
  if (!stream) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

/**
 * The fake runtime has no network: its pods' forwarded ports lead to an HTTP server
 * on loopback answering `pod got PATH`. Returns a function that closes the server.
 */
export async function forwardPortsToLocalServer(runtime: Runtime): Promise<() => void> {
  const app = http.createServer((req, res) => res.end(`pod got ${req.url}`));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const appPort = (app.address() as AddressInfo).port;
  runtime.portForward = async () => {
    const socket = net.connect(appPort, '127.0.0.1');
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return socket;
  };
  return () => app.close();
}
