// Allocates Services' cluster IPs and node ports, as upstream's service REST storage
// does: from a service CIDR (k3s's 10.43.0.0/16) and the 30000–32767 port range.
import { StatusError } from '../../../../api/status.ts';
import type { KubeObject } from '../../../../api/types.ts';
import type { AdmissionPlugin } from './types.ts';

interface ServicePort { port?: number; nodePort?: number; protocol?: string }
interface ServiceSpec { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: ServicePort[] }

const CIDR_BASE = (10 << 24) | (43 << 16);
const CIDR_SIZE = 1 << 16;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function ipString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function serviceAllocation(listServices: () => Promise<KubeObject[]>): AdmissionPlugin {
  return {
    name: 'ServiceAllocation',
    async mutate(attrs) {
      if (attrs.def.group !== '' || attrs.def.resource !== 'services' || attrs.subresource) return;
      if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
      const spec = (attrs.object.spec ?? {}) as ServiceSpec;
      const old = attrs.oldObject?.spec as ServiceSpec | undefined;
      if (spec.type === 'ExternalName') return;
      const others = (await listServices()).filter((s) => s.metadata.uid !== attrs.object.metadata.uid);
      if (!spec.clusterIP && old?.clusterIP) spec.clusterIP = old.clusterIP;
      if (!spec.clusterIP) {
        const used = new Set(others.map((s) => (s.spec as ServiceSpec | undefined)?.clusterIP));
        // .1 belongs to the `kubernetes` Service, as upstream reserves it.
        const start = 2 + Math.floor(Math.random() * (CIDR_SIZE - 3));
        for (let i = 0; i < CIDR_SIZE - 3 && !spec.clusterIP; i++) {
          const candidate = ipString(CIDR_BASE + 2 + ((start - 2 + i) % (CIDR_SIZE - 3)));
          if (!used.has(candidate)) spec.clusterIP = candidate;
        }
        if (!spec.clusterIP) throw new StatusError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
      }
      if (spec.clusterIP !== 'None') spec.clusterIPs = [spec.clusterIP];
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
        const used = new Set(others.flatMap((s) => ((s.spec as ServiceSpec | undefined)?.ports ?? []).map((p) => p.nodePort)));
        const oldPorts = old?.ports ?? [];
        for (const port of spec.ports ?? []) {
          if (port.nodePort) {
            if (used.has(port.nodePort)) {
              throw new StatusError(422, 'Invalid', `Service "${attrs.name}" is invalid: spec.ports[].nodePort: Invalid value: ${port.nodePort}: provided port is already allocated`, {
                name: attrs.name, kind: 'Service', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${port.nodePort}: provided port is already allocated`, field: 'spec.ports[].nodePort' }],
              });
            }
            used.add(port.nodePort);
            continue;
          }
          const kept = oldPorts.find((p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'))?.nodePort;
          let chosen = kept;
          for (let n = NODE_PORT_MIN; !chosen && n <= NODE_PORT_MAX; n++) if (!used.has(n)) chosen = n;
          if (!chosen) throw new StatusError(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
          port.nodePort = chosen;
          used.add(chosen);
        }
      }
      attrs.object.spec = spec;
    },
  };
}
