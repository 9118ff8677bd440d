// The node's addresses: the IPv4 of the default route's interface is the one other
// machines on the LAN reach it by (pods' ports are published there).
import type { NodeAddress } from '../../api/types.ts';
import os from 'node:os';

export function nodeIPOf(iface: string | undefined): string {
  const all = os.networkInterfaces();
  const v4 = (list: os.NetworkInterfaceInfo[] | undefined) => list?.find((a) => a.family === 'IPv4' && !a.internal)?.address;
  const preferred = iface ? v4(all[iface]) : undefined;
  if (preferred) return preferred;
  for (const list of Object.values(all)) {
    const address = v4(list);
    if (address) return address;
  }
  // A machine with no network at all still is a node of a cluster on loopback.
  return '127.0.0.1';
}

export function nodeAddresses(nodeIP: string): NodeAddress[] {
  return [
    { type: 'InternalIP', address: nodeIP },
    { type: 'Hostname', address: os.hostname() },
  ];
}
