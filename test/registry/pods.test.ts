import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { NOW, cells, created, def, problems } from './helpers.ts';

const pods = def('', 'pods');
const base: Pod = { metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };

describe('pods: defaults', () => {
  it('fills the upstream defaults and what admission adds', () => {
    const pod = created<Pod>(pods, {
      ...base,
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }] },
    });
    const spec = pod.spec!;
    expect(spec).toMatchObject({
      restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30, securityContext: {}, serviceAccountName: 'default', serviceAccount: 'default',
      enableServiceLinks: true, priority: 0,
    });
    expect(spec.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    expect(spec.containers[1]!.imagePullPolicy).toBe('Always');
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('pulls :latest always and digests only when absent', () => {
    const pull = (image: string) => created<Pod>(pods, { ...base, spec: { containers: [{ name: 'a', image }] } }).spec!.containers[0]!.imagePullPolicy;
    expect(pull('nginx:latest')).toBe('Always');
    expect(pull('localhost:5000/app')).toBe('Always');
    expect(pull('localhost:5000/app:v2')).toBe('IfNotPresent');
    expect(pull('nginx@sha256:abc')).toBe('IfNotPresent');
  });

  it('copies limits into requests and classes the pod Guaranteed, Burstable or BestEffort', () => {
    const guaranteed = created<Pod>(pods, { ...base, spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } });
    expect(guaranteed.spec!.containers[0]!.resources!.requests).toEqual({ cpu: '1', memory: '1Gi' });
    expect(guaranteed.status!.qosClass).toBe('Guaranteed');
    const burstable = created<Pod>(pods, { ...base, spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }] } });
    expect(burstable.status!.qosClass).toBe('Burstable');
  });

  it('keeps a toleration the user already set for the not-ready taint', () => {
    const pod = created<Pod>(pods, { ...base, spec: { containers: base.spec!.containers, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] } });
    expect(pod.spec!.tolerations!.filter((t) => t.key === 'node.kubernetes.io/not-ready')).toEqual([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }]);
  });
});

describe('pods: validation', () => {
  it('requires containers', () => {
    expect(problems(pods, created<Pod>(pods, { metadata: { name: 'x' }, spec: { containers: [] } }))).toContain('spec.containers: Required value');
  });

  it('reports container mistakes with upstream paths and messages', () => {
    const pod = created<Pod>(pods, {
      metadata: { name: 'x' },
      spec: {
        restartPolicy: 'Sometimes',
        containers: [
          { name: 'Web_1', image: 'nginx', ports: [{ containerPort: 0 }, { containerPort: 70000, protocol: 'HTTP' }] },
          { name: 'Web_1', image: '', env: [{ name: 'A=B', value: '1' }] },
          { name: 'db', image: 'pg', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } }, volumeMounts: [{ name: 'data', mountPath: '/d' }] },
        ],
      },
    } as unknown as Pod);
    const found = problems(pods, pod);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^spec\.containers\[0\]\.name: Invalid value: "Web_1": a lowercase RFC 1123 label/),
      'spec.containers[1].name: Duplicate value: "Web_1"',
      'spec.containers[1].image: Required value',
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[1].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[2].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1',
      'spec.containers[2].volumeMounts[0].name: Not found: "data"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
    ]));
  });

  it('accepts a valid pod', () => {
    expect(problems(pods, created(pods, base))).toEqual([]);
  });
});

describe('pods: updates', () => {
  const old = created(pods, base);

  it('allows a new image and added tolerations', () => {
    const next = structuredClone(old);
    next.spec!.containers[0]!.image = 'nginx:1.26';
    next.spec!.tolerations!.push({ key: 'k', operator: 'Exists', effect: 'NoSchedule' });
    expect(problems(pods, next, old)).toEqual([]);
  });

  it('forbids changing anything else', () => {
    const next = structuredClone(old);
    next.spec!.containers[0]!.ports = [{ containerPort: 8080, protocol: 'TCP' }];
    const [message] = problems(pods, next, old);
    expect(message).toMatch(/^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/);
  });

  it('keeps status on a spec update and spec on a status update', () => {
    const stored = { ...old, status: { phase: 'Running' } } as Pod;
    const specWrite = structuredClone(stored) as Pod & { status: Pod['status'] };
    specWrite.status = { phase: 'Failed' };
    pods.prepareForUpdate!(specWrite as never, stored as never);
    expect(specWrite.status).toEqual({ phase: 'Running' });
    const statusWrite = structuredClone(stored) as Pod & { status: Pod['status'] };
    statusWrite.spec!.nodeName = 'elsewhere';
    statusWrite.status = { phase: 'Succeeded' };
    pods.prepareForStatusUpdate!(statusWrite as never, stored as never);
    expect(statusWrite.spec!.nodeName).toBeUndefined();
    expect(statusWrite.status).toEqual({ phase: 'Succeeded' });
  });
});

describe('pods: graceful deletion', () => {
  it('waits the grace period for a scheduled, running pod and none for the rest', () => {
    const running = { ...created(pods, base), status: { phase: 'Running' } } as Pod;
    running.spec!.nodeName = 'node-1';
    expect(pods.gracefulDeletion!(running as never)).toBe(30);
    running.spec!.terminationGracePeriodSeconds = 5;
    expect(pods.gracefulDeletion!(running as never)).toBe(5);
    expect(pods.gracefulDeletion!({ ...running, status: { phase: 'Succeeded' } } as never)).toBe(0);
    expect(pods.gracefulDeletion!(created(pods, base) as never)).toBe(0);
  });
});

describe('pods: table', () => {
  const at = '2024-05-01T10:00:00Z';
  const podWith = (status: Pod['status'], extra: Partial<Pod> = {}): Pod => ({
    metadata: { name: 'web', creationTimestamp: at, ...extra.metadata },
    spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }], nodeName: 'node-1', ...extra.spec },
    status,
  });

  it('has upstream columns, wide ones at priority 1', () => {
    expect(pods.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
  });

  it('a running pod with a restart', () => {
    const pod = podWith({
      phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }],
      containerStatuses: [
        { name: 'a', ready: true, restartCount: 1, image: 'x', imageID: '', state: { running: { startedAt: at } }, lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T10:02:00Z' } } },
        { name: 'b', ready: true, restartCount: 0, image: 'y', imageID: '', state: { running: { startedAt: at } } },
      ],
    });
    expect(pods.row(pod as never, NOW)).toEqual(['web', '2/2', 'Running', '1 (3m3s ago)', '5m3s', '10.0.0.5', 'node-1', '<none>', '<none>']);
  });

  it('a pending pod', () => {
    const pod = podWith({ phase: 'Pending' }, { spec: { containers: [{ name: 'a', image: 'x' }], nodeName: '' } });
    expect(cells(pods, pod, NOW)).toMatchObject({ Ready: '0/1', Status: 'Pending', Restarts: '0', IP: '<none>', Node: '<none>' });
  });

  it('a crash-looping pod', () => {
    const pod = podWith({
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: false, restartCount: 4, image: 'x', imageID: '', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T10:04:03Z' } } },
        { name: 'b', ready: true, restartCount: 0, image: 'y', imageID: '', state: { running: {} } },
      ],
    });
    expect(cells(pods, pod, NOW)).toMatchObject({ Ready: '1/2', Status: 'CrashLoopBackOff', Restarts: '4 (60s ago)' });
  });

  it('a terminating pod', () => {
    const pod = podWith(
      { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, image: 'x', imageID: '', state: { running: {} } }] },
      { metadata: { name: 'web', creationTimestamp: at, deletionTimestamp: '2024-05-01T10:05:00Z' } },
    );
    expect(cells(pods, pod, NOW).Status).toBe('Terminating');
  });

  it('a completed pod', () => {
    const pod = podWith({
      phase: 'Succeeded',
      containerStatuses: [
        { name: 'a', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', ready: false, restartCount: 0, image: 'y', imageID: '', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    });
    expect(cells(pods, pod, NOW)).toMatchObject({ Ready: '0/2', Status: 'Completed' });
  });

  it('a pod still initializing, and one whose init container fails', () => {
    const init = { initContainers: [{ name: 'i1', image: 'x' }, { name: 'i2', image: 'x' }], containers: [{ name: 'a', image: 'x' }] };
    const waiting = podWith({
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'i1', ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 0 } } },
        { name: 'i2', ready: false, restartCount: 0, image: 'x', imageID: '', state: { running: {} } },
      ],
    }, { spec: init });
    expect(cells(pods, waiting, NOW).Status).toBe('Init:1/2');
    const failing = podWith({
      phase: 'Pending',
      initContainerStatuses: [{ name: 'i1', ready: false, restartCount: 2, image: 'x', imageID: '', state: { terminated: { exitCode: 3 } } }],
    }, { spec: init });
    expect(cells(pods, failing, NOW).Status).toBe('Init:ExitCode:3');
  });

  it('exposes the upstream field selectors', () => {
    const pod = podWith({ phase: 'Running', podIP: '10.0.0.5' });
    expect(pods.fields!(pod as never)).toMatchObject({ 'spec.nodeName': 'node-1', 'status.phase': 'Running', 'status.podIP': '10.0.0.5', 'spec.hostNetwork': 'false' });
  });
});
