// An Ingress's HOSTS, ADDRESS and PORTS cells as `kubectl get ingress` prints
// them (upstream's printIngress); shared by the server's Table output and the dashboard.
import type { Ingress } from '../types.ts';
import { loadBalancerAddresses } from './service.ts';

const MAX_HOSTS = 3;

export function ingressHosts(ing: Ingress): string {
  // As upstream's formatHosts: "more" counts rules, not hosts, past the third host.
  const rules = ing.spec?.rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === MAX_HOSTS) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${rules.length - MAX_HOSTS} more...` : list.join(',');
}

export function ingressAddress(ing: Ingress): string {
  return loadBalancerAddresses(ing.status?.loadBalancer?.ingress);
}

export function ingressPorts(ing: Ingress): string {
  return (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80';
}
