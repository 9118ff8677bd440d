// The node's primary address, the IP of hostNetwork sandboxes: the address of the
// interface that holds the default route, as the kubelet picks it.
import { readFileSync } from 'node:fs';
import os from 'node:os';

function defaultRouteInterface(): string | undefined {
  try {
    // Linux: Iface Destination ... with Destination 00000000 for the default route
    const rows = readFileSync('/proc/net/route', 'utf8').trim().split('\n').slice(1);
    return rows.map((r) => r.trim().split(/\s+/)).find((cols) => cols[1] === '00000000')?.[0];
  } catch {
    return undefined;
  }
}

export function primaryHostIP(): string {
  const ifaces = os.networkInterfaces();
  const v4 = (name: string) => ifaces[name]?.find((a) => a.family === 'IPv4' && !a.internal)?.address;
  const viaRoute = defaultRouteInterface();
  const fromRoute = viaRoute ? v4(viaRoute) : undefined;
  if (fromRoute) return fromRoute;
  for (const name of Object.keys(ifaces)) {
    const address = v4(name);
    if (address) return address;
  }
  return '127.0.0.1';
}
