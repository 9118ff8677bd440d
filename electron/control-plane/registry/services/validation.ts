// Service validation with upstream's paths and messages (ValidateService,
// ValidateServiceUpdate) for the mistakes people make most.
import type { Service, ServicePort } from '../../../../api/types.ts';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from '../../../../api/status.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, validateLabels } from '../../../../api/validation.ts';
import { goStringSlice, invalidRendered } from '../common/govalue.ts';
import { validatePortNumber, validateProtocol } from '../common/ports.ts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

function validatePort(port: ServicePort, at: string, svc: Service, requireName: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !port.name) errs.push(required(`${at}.name`));
  else if (port.name) errs.push(...isDNS1123Label(port.name).map((m) => invalid(`${at}.name`, port.name, m)));
  errs.push(...validatePortNumber(port.port, `${at}.port`));
  errs.push(...validateProtocol(port.protocol, `${at}.protocol`));
  const target = port.targetPort;
  if (typeof target === 'number') errs.push(...validatePortNumber(target, `${at}.targetPort`));
  else if (typeof target === 'string') errs.push(...isValidPortName(target).map((m) => invalid(`${at}.targetPort`, target, m)));
  if (port.nodePort) {
    if (svc.spec?.type === 'ClusterIP') errs.push(forbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    else errs.push(...validatePortNumber(port.nodePort, `${at}.nodePort`));
  }
  return errs;
}

export function validateService(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!TYPES.includes(type)) errs.push(notSupported('spec.type', type, TYPES));
  const headless = spec.clusterIP === 'None';
  const ports = spec.ports ?? [];
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push(required('spec.externalName'));
    else errs.push(...isDNS1123Subdomain(spec.externalName).map((m) => invalid('spec.externalName', spec.externalName, m)));
  } else if (ports.length === 0 && !headless) {
    errs.push(required('spec.ports'));
  }
  if (headless && type !== 'ClusterIP' && type !== 'ExternalName') {
    errs.push(invalidRendered('spec.clusterIPs[0]', JSON.stringify('None'), `may not be set to 'None' for ${type} services`));
  }
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const at = `spec.ports[${i}]`;
    errs.push(...validatePort(port, at, svc, ports.length > 1));
    if (port.name) {
      if (names.has(port.name)) errs.push(duplicate(`${at}.name`, port.name));
      names.add(port.name);
    }
    const key = `${port.port}/${port.protocol ?? 'TCP'}`;
    if (seen.has(key)) errs.push(duplicate(at, { port: port.port, protocol: port.protocol ?? 'TCP' }));
    seen.add(key);
  });
  if (spec.sessionAffinity && !AFFINITIES.includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  if (spec.externalTrafficPolicy) {
    if (type !== 'NodePort' && type !== 'LoadBalancer') errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\''));
    else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) errs.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.internalTrafficPolicy && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) errs.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  return errs;
}

/** A cluster IP, once set, stays (unless the service becomes or stops being an ExternalName). */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const before = old.spec ?? {};
  const spec = svc.spec ?? {};
  if (before.type === 'ExternalName' || spec.type === 'ExternalName') return [];
  const oldIP = before.clusterIPs?.[0] ?? before.clusterIP;
  const newIP = spec.clusterIPs?.[0] ?? spec.clusterIP;
  if (oldIP && newIP && oldIP !== newIP) {
    return [invalidRendered('spec.clusterIPs[0]', goStringSlice(spec.clusterIPs ?? [newIP]), 'may not change once set')];
  }
  return [];
}
