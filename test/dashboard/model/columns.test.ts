// The list cells against `kubectl get`'s printers: pod STATUS reasons, ages,
// and the per-kind formatting of endpoints, hosts and roles.
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Endpoints, Event, Ingress, KubeObject, Node, Pod } from '../../../api/types.ts';
import { ingressHosts } from '../../../api/printers/ingress.ts';
import { columnsFor, formatEndpoints, nodeRoles, nodeStatus, podTone, type Column } from '../../../renderer/src/model/columns.ts';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function cells(plural: string, object: KubeObject, withNamespace = false): Record<string, string> {
  return Object.fromEntries(columnsFor(plural, withNamespace).map((c: Column) => [c.name.toLowerCase(), c.text(object, NOW)]));
}

function pod(status: Pod['status'], extra: { init?: string[]; deleting?: boolean; containers?: string[] } = {}): KubeObject {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: ago(5 * MINUTE + 3 * SECOND), ...(extra.deleting ? { deletionTimestamp: ago(0) } : {}) },
    spec: {
      nodeName: 'laptop',
      containers: (extra.containers ?? ['main']).map((name) => ({ name, image: 'busybox' })),
      initContainers: (extra.init ?? []).map((name) => ({ name, image: 'busybox' })),
    },
    status,
  };
  return p as KubeObject;
}

function container(name: string, state: ContainerStatus['state'], more: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, image: 'busybox', imageID: '', ready: false, restartCount: 0, state, ...more };
}

describe('pod columns', () => {
  it('prints a running pod as kubectl does', () => {
    const row = cells('pods', pod({ phase: 'Running', podIP: '10.0.0.5', containerStatuses: [container('main', { running: {} }, { ready: true })] }), true);
    expect(row).toEqual({ name: 'web-1', namespace: 'default', ready: '1/1', status: 'Running', restarts: '0', age: '5m3s', node: 'laptop', ip: '10.0.0.5' });
  });

  it('shows the waiting reason and the restarts with the time of the last one', () => {
    const row = cells('pods', pod({
      phase: 'Running',
      containerStatuses: [container('main', { waiting: { reason: 'CrashLoopBackOff' } }, {
        restartCount: 4, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * MINUTE) } },
      })],
    }));
    expect([row.ready, row.status, row.restarts]).toEqual(['0/1', 'CrashLoopBackOff', '4 (2m ago)']);
  });

  it('reports init progress, then the failing init container', () => {
    const pending = pod({ phase: 'Pending', initContainerStatuses: [container('setup', { waiting: { reason: 'PodInitializing' } })] }, { init: ['setup', 'migrate'] });
    expect(cells('pods', pending).status).toBe('Init:0/2');
    const failed = pod({ phase: 'Pending', initContainerStatuses: [container('setup', { terminated: { exitCode: 1, reason: 'Error' } })] }, { init: ['setup'] });
    expect(cells('pods', failed).status).toBe('Init:Error');
    const killed = pod({ phase: 'Pending', initContainerStatuses: [container('setup', { terminated: { exitCode: 137, signal: 9 } })] }, { init: ['setup'] });
    expect(cells('pods', killed).status).toBe('Init:Signal:9');
  });

  it('says Terminating while a live pod is being deleted, and keeps Completed for a finished one', () => {
    const running = pod({ phase: 'Running', containerStatuses: [container('main', { running: {} }, { ready: true })] }, { deleting: true });
    expect(cells('pods', running).status).toBe('Terminating');
    const done = pod({ phase: 'Succeeded', containerStatuses: [container('main', { terminated: { exitCode: 0, reason: 'Completed' } })] }, { deleting: true });
    expect(cells('pods', done).status).toBe('Completed');
  });

  it('prints an exit code when a container ended without a reason', () => {
    const row = cells('pods', pod({ phase: 'Failed', containerStatuses: [container('main', { terminated: { exitCode: 3 } })] }));
    expect(row.status).toBe('ExitCode:3');
  });

  it('colours statuses by how healthy they are', () => {
    expect(['Running', 'Completed', 'Pending', 'Init:0/2', 'CrashLoopBackOff', 'Init:Error'].map(podTone))
      .toEqual(['ok', 'ok', 'warn', 'warn', 'danger', 'danger']);
  });
});

describe('ages', () => {
  // kubectl's duration.HumanDuration, as `kubectl get` prints AGE.
  it.each([
    [0, '0s'], [59 * SECOND, '59s'], [119 * SECOND, '119s'], [2 * MINUTE, '2m'], [5 * MINUTE + 3 * SECOND, '5m3s'],
    [10 * MINUTE + 30 * SECOND, '10m'], [179 * MINUTE, '179m'], [3 * HOUR + 5 * MINUTE, '3h5m'], [8 * HOUR + 59 * MINUTE, '8h'],
    [47 * HOUR, '47h'], [2 * DAY + 3 * HOUR, '2d3h'], [8 * DAY + 5 * HOUR, '8d'], [800 * DAY, '2y70d'], [9 * 365 * DAY, '9y'],
  ])('%i ms old reads %s', (ms, text) => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: ago(ms) } };
    expect(cells('configmaps', object).age).toBe(text);
  });

  it('reads <unknown> without a creation time', () => {
    expect(cells('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }).age).toBe('<unknown>');
  });

  it('sorts youngest first', () => {
    const age = columnsFor('configmaps', false).find((c) => c.name === 'Age')!;
    const young = { metadata: { creationTimestamp: ago(MINUTE) } } as KubeObject;
    const old = { metadata: { creationTimestamp: ago(DAY) } } as KubeObject;
    expect(age.sortKey!(young)).toBeLessThan(age.sortKey!(old) as number);
  });
});

describe('other kinds', () => {
  it('lists at most three endpoints, then how many more', () => {
    const endpoints = {
      metadata: { name: 'web' },
      subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }],
    } as Endpoints;
    expect(formatEndpoints(endpoints)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
    expect(formatEndpoints({ metadata: {} } as Endpoints)).toBe('<none>');
  });

  it('prints ingress hosts as kubectl does', () => {
    const ingress = (hosts: string[]) => ({ metadata: {}, spec: { rules: hosts.map((host) => (host ? { host } : {})) } }) as Ingress;
    expect(ingressHosts(ingress([]))).toBe('*');
    expect(ingressHosts(ingress(['', 'a.test']))).toBe('a.test');
    expect(ingressHosts(ingress(['a', 'b', 'c', 'd', 'e']))).toBe('a,b,c + 2 more...');
  });

  it('prints node status and roles', () => {
    const node = {
      metadata: { name: 'n', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    } as Node;
    expect(nodeStatus(node)).toBe('Ready,SchedulingDisabled');
    expect(nodeRoles(node)).toBe('control-plane,worker');
    expect(nodeStatus({ metadata: {} } as Node)).toBe('Unknown');
    expect(nodeRoles({ metadata: {} } as Node)).toBe('<none>');
  });

  it('prints events as kubectl get events, without a name column', () => {
    const event = {
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web-1' },
      type: 'Warning', reason: 'BackOff', message: ' Back-off restarting ', count: 7, lastTimestamp: ago(30 * SECOND),
    } as Event;
    expect(cells('events', event as unknown as KubeObject)).toEqual({ 'last seen': '30s', type: 'Warning', reason: 'BackOff', object: 'pod/web-1', message: 'Back-off restarting', count: '7' });
  });

  it('prints workload readiness against the desired count', () => {
    const deployment = { metadata: { name: 'web' }, spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } } as KubeObject;
    const row = cells('deployments', deployment);
    expect([row.ready, row['up-to-date'], row.available]).toEqual(['2/3', '3', '2']);
  });

  it('shows the namespace column only across namespaces', () => {
    expect(columnsFor('services', false).map((c) => c.name)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Ports', 'Age']);
    expect(columnsFor('services', true).map((c) => c.name)).toContain('Namespace');
  });
});
