import { describe, expect, it } from 'vitest';
import { allResources } from '../../electron/control-plane/registry/index.ts';
import { NOW, cells, created, def, problems } from './helpers.ts';

describe('the resource list', () => {
  it('serves every group/version/resource once, with NAME-first tables whose rows fit the columns', () => {
    const keys = allResources.map((r) => `${r.group}/${r.version}/${r.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(33);
    for (const r of allResources) {
      if (r.resource !== 'events') expect(r.columns[0]!.name).toBe('Name');
      const row = r.row({ metadata: { name: 'x', creationTimestamp: '2024-05-01T10:00:00Z' } }, NOW);
      expect(row, r.resource).toHaveLength(r.columns.length);
    }
  });

  it('puts the workload kinds in the `all` category, and shares storage where upstream does', () => {
    const all = allResources.filter((r) => r.categories?.includes('all')).map((r) => `${r.resource}.${r.version}`).sort();
    expect(all).toEqual([
      'cronjobs.v1', 'daemonsets.v1', 'deployments.v1', 'horizontalpodautoscalers.v1', 'horizontalpodautoscalers.v2', 'jobs.v1',
      'pods.v1', 'replicasets.v1', 'replicationcontrollers.v1', 'services.v1', 'statefulsets.v1',
    ]);
    expect(def('events.k8s.io', 'events').storageOf).toEqual({ group: '', resource: 'events' });
    expect(def('autoscaling', 'horizontalpodautoscalers', 'v1').storageOf).toEqual({ group: 'autoscaling', resource: 'horizontalpodautoscalers' });
  });

  it('prints kinds without an upstream printer as NAME / CREATED AT', () => {
    expect(def('rbac.authorization.k8s.io', 'roles').columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(def('', 'limitranges').row({ metadata: { name: 'l', creationTimestamp: '2024-05-01T10:00:00.000Z' } }, NOW)).toEqual(['l', '2024-05-01T10:00:00Z']);
  });
});

describe('nodes', () => {
  const nodes = def('', 'nodes');
  const node = {
    metadata: { name: 'laptop', creationTimestamp: '2024-04-29T09:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'edge' } },
    spec: {},
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '192.168.1.20' }, { type: 'Hostname', address: 'laptop' }],
      nodeInfo: { kubeletVersion: 'v1.32.0-flotilla', osImage: 'Ubuntu 24.04', kernelVersion: '6.8.0', containerRuntimeVersion: 'docker://27.0.3' },
    },
  };

  it('prints a Ready node with its roles, and the wide columns', () => {
    expect(nodes.row(node as never, NOW)).toEqual([
      'laptop', 'Ready', 'control-plane,edge,worker', '2d1h', 'v1.32.0-flotilla', '192.168.1.20', '<none>', 'Ubuntu 24.04', '6.8.0', 'docker://27.0.3',
    ]);
  });

  it('shows NotReady and SchedulingDisabled', () => {
    const cordoned = { ...node, spec: { unschedulable: true }, status: { ...node.status, conditions: [{ type: 'Ready', status: 'Unknown' }] } };
    expect(cells(nodes, cordoned, NOW).Status).toBe('NotReady,SchedulingDisabled');
    expect(nodes.fields!(cordoned as never)).toEqual({ 'spec.unschedulable': 'true' });
  });
});

describe('namespaces', () => {
  const namespaces = def('', 'namespaces');
  it('start Active with the kubernetes finalizer', () => {
    const ns = created(namespaces, { metadata: { name: 'team' } });
    expect(ns).toMatchObject({ metadata: { labels: { 'kubernetes.io/metadata.name': 'team' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    expect(namespaces.row(ns as never, NOW)).toEqual(['team', 'Active', '5m3s']);
    expect(namespaces.fields!(ns as never)).toEqual({ 'status.phase': 'Active' });
    expect(namespaces.verbs).not.toContain('deletecollection');
  });
});

describe('events', () => {
  const events = def('', 'events');
  it('print LAST SEEN, TYPE, REASON, OBJECT and MESSAGE (and the wide ones)', () => {
    const ev = {
      metadata: { name: 'web.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container\n', count: 7,
      source: { component: 'kubelet', host: 'laptop' },
      firstTimestamp: '2024-05-01T09:00:00Z', lastTimestamp: '2024-05-01T10:04:00Z',
    };
    expect(events.row(ev as never, NOW)).toEqual([
      '63s', 'Warning', 'BackOff', 'pod/web', 'spec.containers{web}', 'kubelet, laptop', 'Back-off restarting failed container', '65m', 7, 'web.17a',
    ]);
    expect(events.fields!(ev as never)).toMatchObject({ 'involvedObject.name': 'web', 'involvedObject.kind': 'Pod', reason: 'BackOff', source: 'kubelet', type: 'Warning' });
    expect(problems(events, { ...ev, involvedObject: { ...ev.involvedObject, namespace: 'other' } })).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });

  it('read the events.k8s.io shape too', () => {
    const ev = { metadata: { name: 'e' }, regarding: { kind: 'Node', name: 'laptop' }, note: 'ok', reason: 'Ready', type: 'Normal', eventTime: '2024-05-01T10:05:00.000000Z', reportingController: 'flotilla' };
    expect(cells(def('events.k8s.io', 'events'), ev, NOW)).toMatchObject({ 'Last Seen': '3s', Object: 'node/laptop', Message: 'ok', Count: 1, Source: 'flotilla' });
  });
});

describe('secrets and configmaps', () => {
  const secrets = def('', 'secrets');
  const configmaps = def('', 'configmaps');

  it('default secrets to Opaque and fold stringData into data', () => {
    const s = created(secrets, { metadata: { name: 's' }, stringData: { password: 'hunter2' } });
    expect(s).toMatchObject({ type: 'Opaque', data: { password: 'aHVudGVyMg==' } });
    expect(s).not.toHaveProperty('stringData');
    expect(secrets.row(s as never, NOW)).toEqual(['s', 'Opaque', 1, '5m3s']);
    expect(secrets.fields!(s as never)).toEqual({ type: 'Opaque' });
  });

  it('check keys, required keys per type, and immutability', () => {
    expect(problems(secrets, created(secrets, { metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'bad key': 'eA==' } }))).toEqual([
      expect.stringMatching(/^data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters/),
      'data[tls.key]: Required value',
    ]);
    const old = created(secrets, { metadata: { name: 's' }, data: { a: 'eA==' }, immutable: true });
    expect(problems(secrets, { ...old, data: { a: 'eQ==' } }, old)).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    expect(problems(secrets, { ...old, type: 'kubernetes.io/basic-auth', data: { a: 'eA==', username: 'eA==' } }, old)).toContain('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
  });

  it('count data and binaryData of a configmap', () => {
    const cm = created(configmaps, { metadata: { name: 'c' }, data: { a: '1' }, binaryData: { b: 'eA==' } });
    expect(cells(configmaps, cm, NOW).Data).toBe(2);
    expect(problems(configmaps, { ...cm, data: { '..x': '1' } })).toEqual(['data[..x]: Invalid value: "..x": must not start with \'..\'']);
  });
});

describe('other kinds', () => {
  it('rbac: bindings print ROLE and subjects; rules need verbs; roleRef cannot change', () => {
    const rb = def('rbac.authorization.k8s.io', 'rolebindings');
    const binding = {
      metadata: { name: 'read', creationTimestamp: '2024-05-01T10:00:00Z' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', name: 'ann', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'build' }],
    };
    expect(rb.row(binding as never, NOW)).toEqual(['read', 'Role/reader', '5m3s', 'ann', '', 'build:ci']);
    expect(problems(rb, binding)).toEqual([]);
    expect(problems(rb, { ...binding, roleRef: { ...binding.roleRef, name: 'writer' } }, binding)).toEqual([
      'roleRef: Invalid value: {"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"writer"}: cannot change roleRef',
    ]);
    expect(problems(def('rbac.authorization.k8s.io', 'roles'), { metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'] }] })).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
    ]);
  });

  it('hpa: defaults and targets for v2 metrics and v1 CPU', () => {
    const v2 = def('autoscaling', 'horizontalpodautoscalers', 'v2');
    const hpa = created(v2, { metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 } });
    expect(hpa.spec).toMatchObject({ minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] });
    expect(cells(v2, hpa, NOW)).toMatchObject({ Reference: 'Deployment/web', Targets: 'cpu: <unknown>/80%', MinPods: '1', MaxPods: 5, Replicas: 0 });
    const v1 = def('autoscaling', 'horizontalpodautoscalers', 'v1');
    const old = { metadata: { name: 'web' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 1, targetCPUUtilizationPercentage: 50 }, status: { currentCPUUtilizationPercentage: 20, currentReplicas: 2 } };
    expect(cells(v1, old, NOW).Targets).toBe('cpu: 20%/50%');
    expect(problems(v1, old)).toEqual(['spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`']);
  });

  it('ingress, endpoints, pvc, pdb, priority classes and leases print as upstream', () => {
    const at = { name: 'x', creationTimestamp: '2024-05-01T10:00:00Z' };
    expect(def('networking.k8s.io', 'ingresses').row({ metadata: at, spec: { ingressClassName: 'traefik', rules: [{ host: 'a.test' }, {}, { host: 'b.test' }, { host: 'c.test' }, { host: 'd.test' }], tls: [{}] }, status: { loadBalancer: { ingress: [{ ip: '192.168.1.20' }] } } } as never, NOW))
      .toEqual(['x', 'traefik', 'a.test,b.test,c.test + 2 more...', '192.168.1.20', '80, 443', '5m3s']);
    expect(cells(def('', 'endpoints'), { metadata: at, subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] }, NOW).Endpoints)
      .toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
    const pvc = def('', 'persistentvolumeclaims');
    const claim = created(pvc, { metadata: at, spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local', volumeName: 'pv-1' } });
    expect(pvc.row({ ...claim, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } } as never, NOW)).toEqual(['x', 'Bound', 'pv-1', '1Gi', 'RWO', 'local', '<unset>', '5m3s', 'Filesystem']);
    expect(problems(pvc, created(pvc, { metadata: at, spec: {} }))).toEqual(['spec.accessModes: Required value', 'spec.resources[storage]: Required value']);
    expect(def('policy', 'poddisruptionbudgets').row({ metadata: at, spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } } as never, NOW)).toEqual(['x', '50%', 'N/A', 1, '5m3s']);
    const pc = def('scheduling.k8s.io', 'priorityclasses');
    expect(pc.row(created(pc, { metadata: at, value: 1000 }) as never, NOW)).toEqual(['x', 1000, false, '5m3s', 'PreemptLowerPriority']);
    expect(def('coordination.k8s.io', 'leases').row({ metadata: at, spec: { holderIdentity: 'laptop' } }, NOW)).toEqual(['x', 'laptop', '5m3s']);
  });

  it('resource quotas split requests and limits', () => {
    const quota = def('', 'resourcequotas');
    const q = { metadata: { name: 'q', creationTimestamp: '2024-05-01T10:00:00Z' }, status: { hard: { 'limits.cpu': '4', 'requests.cpu': '2', pods: '10' }, used: { 'limits.cpu': '1', pods: '3' } } };
    expect(quota.row(q as never, NOW)).toEqual(['q', 'pods: 3/10, requests.cpu: 0/2', 'limits.cpu: 1/4', '5m3s']);
    expect(problems(quota, { metadata: { name: 'q' }, spec: { hard: { cpu: '-1', pods: 'lots' } } })).toEqual([
      'spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      expect.stringMatching(/^spec\.hard\[pods\]: Invalid value: "lots": quantities must match/),
    ]);
  });
});
