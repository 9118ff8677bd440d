// One probe attempt, as upstream's prober: exec (exit 0), httpGet (200–399) or
// tcpSocket (connects), each bounded by timeoutSeconds.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Container, Probe } from '../../api/types.ts';
import type { Runtime } from '../runtime/types.ts';

export interface ProbeTarget {
  runtime: Runtime;
  containerId: string;
  container: Container;
  /** Where httpGet and tcpSocket connect unless the probe names a host. */
  podIP: string;
}

export interface ProbeOutcome {
  success: boolean;
  /** What the Unhealthy event says after "<Kind> probe failed: ". */
  output: string;
}

/** A port given by number or by the name of one of the container's ports. */
export function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const found = container.ports?.find((p) => p.name === port);
  if (!found) throw new Error(`couldn't find port: ${port} in ${container.name}`);
  return found.containerPort;
}

async function execProbe(command: string[], target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const session = await target.runtime.exec(target.containerId, command, { stdin: false, stdout: true, stderr: true, tty: false });
  let output = '';
  session.stdout?.on('data', (d: Buffer) => (output += d));
  session.stderr?.on('data', (d: Buffer) => (output += d));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const code = await Promise.race([session.exit, timedOut]);
  clearTimeout(timer);
  if (code === 'timeout') {
    session.close();
    return { success: false, output: `command ${JSON.stringify(command.join(' '))} timed out` };
  }
  return { success: code === 0, output: output.trim() || (code === 0 ? '' : `command ${JSON.stringify(command.join(' '))} exited with ${code}`) };
}

function httpProbe(probe: NonNullable<Probe['httpGet']>, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const scheme = (probe.scheme ?? 'HTTP').toLowerCase();
  const host = probe.host || target.podIP;
  const port = resolvePort(probe.port, target.container);
  const pathPart = probe.path ? (probe.path.startsWith('/') ? probe.path : `/${probe.path}`) : '/';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${pathPart}`;
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.30', Accept: '*/*' };
  for (const h of probe.httpHeaders ?? []) headers[h.name] = h.value;
  return new Promise((resolve) => {
    const onError = (err: Error) => resolve({ success: false, output: `Get ${JSON.stringify(url)}: ${err.message}` });
    const req = (scheme === 'https' ? https : http).get(url, { headers, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        // Upstream keeps at most 10 KiB of the body for the event.
        if (body.length < 10_240) body += d;
      });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 400) resolve({ success: true, output: body });
        else resolve({ success: false, output: `HTTP probe failed with statuscode: ${code}` });
      });
      res.on('error', onError);
    });
    req.on('timeout', () => req.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')));
    req.on('error', onError);
  });
}

function tcpProbe(probe: NonNullable<Probe['tcpSocket']>, target: ProbeTarget, timeoutMs: number): Promise<ProbeOutcome> {
  const host = probe.host || target.podIP;
  const port = resolvePort(probe.port, target.container);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      resolve({ success: true, output: '' });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ success: false, output: `dial tcp ${host}:${port}: i/o timeout` });
    });
    socket.once('error', (err) => resolve({ success: false, output: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}

export async function runProbe(probe: Probe, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  try {
    if (probe.exec) return await execProbe(probe.exec.command ?? [], target, timeoutMs);
    if (probe.httpGet) return await httpProbe(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket) return await tcpProbe(probe.tcpSocket, target, timeoutMs);
    return { success: false, output: 'probe type is not supported by this node (grpc)' };
  } catch (err) {
    return { success: false, output: (err as Error).message };
  }
}
