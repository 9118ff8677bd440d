// Service link variables (upstream's envvars.FromServices): FOO_SERVICE_HOST,
// FOO_SERVICE_PORT and the Docker-link style FOO_PORT_80_TCP… for every service
// with a cluster IP in the pod's namespace, and `kubernetes` from default always.
import type { Service } from '../../api/types.ts';

const toEnvName = (s: string) => s.toUpperCase().replace(/-/g, '_');

function hasClusterIP(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

export function serviceVariables(services: Service[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const name = toEnvName(svc.metadata!.name!);
    const ip = svc.spec!.clusterIP!;
    const ports = svc.spec?.ports ?? [];
    vars.set(`${name}_SERVICE_HOST`, ip);
    if (ports[0]) vars.set(`${name}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports) if (p.name) vars.set(`${name}_SERVICE_PORT_${toEnvName(p.name)}`, String(p.port));
    if (ports[0]) vars.set(`${name}_PORT`, `${(ports[0].protocol ?? 'TCP').toLowerCase()}://${ip}:${ports[0].port}`);
    for (const p of ports) {
      const proto = p.protocol ?? 'TCP';
      const prefix = `${name}_PORT_${p.port}_${proto}`;
      vars.set(prefix, `${proto.toLowerCase()}://${ip}:${p.port}`);
      vars.set(`${prefix}_PROTO`, proto.toLowerCase());
      vars.set(`${prefix}_PORT`, String(p.port));
      vars.set(`${prefix}_ADDR`, ip);
    }
  }
  return vars;
}

/** The services a pod in `namespace` sees: its namespace's (with service links on) and default's `kubernetes`. */
export function visibleServices(enableServiceLinks: boolean, inNamespace: Service[], inDefault: Service[]): Service[] {
  const byName = new Map<string, Service>();
  const master = inDefault.find((s) => s.metadata?.name === 'kubernetes');
  if (master) byName.set('kubernetes', master);
  if (enableServiceLinks) for (const s of inNamespace) byName.set(s.metadata!.name!, s);
  return [...byName.values()];
}
