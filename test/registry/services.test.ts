import { describe, expect, it } from 'vitest';
import type { Service } from '../../api/types.ts';
import { NOW, created, def, problems } from './helpers.ts';

const services = def('', 'services');

describe('services', () => {
  it('default type, affinity, protocols, target ports and traffic policies', () => {
    const svc = created(services, { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https', name: 'tls' }] } } as Service);
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, protocol: 'TCP', targetPort: 'https', name: 'tls' }],
    });
    expect(svc.spec!.clusterIP).toBeUndefined();
    expect(svc.spec!.externalTrafficPolicy).toBeUndefined();
  });

  it('require ports unless headless, and names when there are several', () => {
    expect(problems(services, created(services, { metadata: { name: 'a' }, spec: {} }))).toEqual(['spec.ports: Required value']);
    expect(problems(services, created(services, { metadata: { name: 'a' }, spec: { clusterIP: 'None' } }))).toEqual([]);
    const two = created(services, { metadata: { name: 'a' }, spec: { type: 'Cluster', ports: [{ port: 80 }, { port: 0, name: 'b' }] } } as Service);
    expect(problems(services, two)).toEqual([
      'spec.type: Unsupported value: "Cluster": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      'spec.ports[0].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('forbid node ports on ClusterIP services', () => {
    const svc = created(services, { metadata: { name: 'a' }, spec: { ports: [{ port: 80, nodePort: 30080 }] } } as Service);
    expect(problems(services, svc)).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
  });

  it('keep the cluster IP once set', () => {
    const old = created(services, { metadata: { name: 'a' }, spec: { clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], ports: [{ port: 80 }] } } as Service);
    const next = structuredClone(old);
    next.spec!.clusterIP = '10.43.0.11';
    next.spec!.clusterIPs = ['10.43.0.11'];
    expect(problems(services, next, old)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.43.0.11"}: may not change once set']);
  });

  it('print a ClusterIP and a NodePort service as kubectl does', () => {
    const at = { name: 'web', creationTimestamp: '2024-05-01T10:00:00Z' };
    const clusterIP = { metadata: at, spec: { type: 'ClusterIP', clusterIP: '10.43.0.10', clusterIPs: ['10.43.0.10'], selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] } };
    expect(services.row(clusterIP as never, NOW)).toEqual(['web', 'ClusterIP', '10.43.0.10', '<none>', '80/TCP', '5m3s', 'app=web']);
    const nodePort = { metadata: at, spec: { type: 'NodePort', clusterIPs: ['10.43.0.11'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, nodePort: 30053, protocol: 'UDP' }] } };
    expect(services.row(nodePort as never, NOW)).toEqual(['web', 'NodePort', '10.43.0.11', '<none>', '80:30080/TCP,53:30053/UDP', '5m3s', '<none>']);
    const lb = { metadata: at, spec: { type: 'LoadBalancer', clusterIPs: ['10.43.0.12'], ports: [{ port: 80, nodePort: 30081, protocol: 'TCP' }] } };
    expect(services.row(lb as never, NOW)[3]).toBe('<pending>');
  });
});
