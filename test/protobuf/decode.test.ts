// Hand-encoded bodies, field numbers taken from the upstream Go types, checking
// each rule that turns a protobuf message into the JSON a client would send.
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from '../../api/protobuf/decode.ts';
import { body, msg, num, str } from './encode.ts';
import type { Field } from './encode.ts';

const SECONDS = 1704164645; // 2024-01-02T03:04:05Z

const pod: Field[] = [
  [1, msg(
    [1, str('p')],
    [3, str('default')],
    [7, num(0)],
    [8, msg([1, num(SECONDS)])],
    [11, msg([1, str('app')], [2, str('web')])],
    [17, msg(
      [1, str('kubectl')],
      [2, str('Update')],
      [4, msg([1, num(SECONDS)])],
      [6, str('FieldsV1')],
      [7, msg([1, str('{"f:metadata":{"f:labels":{}}}')])],
    )],
  )],
  [2, msg(
    [1, msg([1, str('cfg')], [2, msg([19, msg([1, msg([1, str('settings')])], [3, num(420)])])])],
    [2, msg(
      [1, str('web')],
      [2, str('nginx')],
      [6, msg([2, num(0)], [3, num(80)])],
      [19, msg([2, msg([1, msg([1, str('env')])], [2, num(0)])])],
      [8, msg([1, msg([1, str('cpu')], [2, msg([1, str('500m')])])])],
      [11, msg([1, msg([2, msg([1, str('/')], [2, msg([1, num(1)], [3, str('http')])])])], [4, num(0)])],
      [16, num(0)],
    )],
    [4, num(0)],
    [6, str('')],
    [11, num(0)],
    [14, msg([2, num(0)], [4, { bytes: Uint8Array.from([0xe8, 0x07, 0xd0, 0x0f]) }])],
    [999, str('a field from a newer client')],
  )],
  [3, msg()],
];

describe('decodeKubernetesProtobuf', () => {
  it('decodes a pod the way its JSON form reads', () => {
    const decoded = decodeKubernetesProtobuf(body('v1', 'Pod', pod));
    expect(decoded.apiVersion).toBe('v1');
    expect(decoded.kind).toBe('Pod');
    expect(decoded.object).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'default',
        creationTimestamp: '2024-01-02T03:04:05Z',
        labels: { app: 'web' },
        managedFields: [{
          manager: 'kubectl',
          operation: 'Update',
          time: '2024-01-02T03:04:05Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': {} } },
        }],
      },
      spec: {
        // volumeSource and localObjectReference are Go inline embeddings.
        volumes: [{ name: 'cfg', configMap: { name: 'settings', defaultMode: 420 } }],
        containers: [{
          name: 'web',
          image: 'nginx',
          // hostPort is omitempty, containerPort is not.
          ports: [{ containerPort: 80 }],
          // optional is a *bool: an explicit false stays.
          envFrom: [{ configMapRef: { name: 'env', optional: false } }],
          resources: { limits: { cpu: '500m' } },
          readinessProbe: { httpGet: { path: '/', port: 'http' } },
        }],
        // *int64 zero is meaningful (kill at once); hostNetwork false and dnsPolicy "" are omitempty values.
        terminationGracePeriodSeconds: 0,
        securityContext: { runAsUser: 0, supplementalGroups: [1000, 2000] },
      },
      status: {},
    });
  });

  it('gives IntOrString numbers when the type is int, and Quantity strings as written', () => {
    const service = body('v1', 'Service', [[2, msg([1, msg([3, num(80)], [4, msg([1, num(0)], [2, num(8080)])])])]]);
    expect(decodeKubernetesProtobuf(service).object).toStrictEqual({
      apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80, targetPort: 8080 }] },
    });
  });

  it('writes bytes as base64, and an absent map value as the zero value', () => {
    const secret = body('v1', 'Secret', [
      [2, msg([1, str('bin')], [2, { bytes: Uint8Array.from([0x00, 0xff, 0x01]) }])],
      [2, msg([1, str('empty')])],
      [3, str('Opaque')],
    ]);
    expect(decodeKubernetesProtobuf(secret).object).toStrictEqual({
      apiVersion: 'v1', kind: 'Secret', data: { bin: 'AP8B', empty: '' }, type: 'Opaque',
    });
  });

  it('prints MicroTime with six fractional digits and keeps pointer zeros', () => {
    const lease = body('coordination.k8s.io/v1', 'Lease', [
      [2, msg([1, str('node-a')], [2, num(0)], [4, msg([1, num(SECONDS)], [2, num(123_456_789)])])],
    ]);
    expect(decodeKubernetesProtobuf(lease).object).toStrictEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      spec: { holderIdentity: 'node-a', leaseDurationSeconds: 0, renewTime: '2024-01-02T03:04:05.123456Z' },
    });
  });

  it('decodes an eviction with its delete options, whatever apiVersion names DeleteOptions', () => {
    const eviction = body('policy/v1', 'Eviction', [
      [1, msg([1, str('web-0')], [3, str('default')])],
      [2, msg([1, num(0)], [4, str('Background')])],
    ]);
    expect(decodeKubernetesProtobuf(eviction).object).toStrictEqual({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-0', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, propagationPolicy: 'Background' },
    });
    const options = body('meta.k8s.io/v1', 'DeleteOptions', [[5, str('All')]]);
    expect(decodeKubernetesProtobuf(options).object).toStrictEqual({
      apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', dryRun: ['All'],
    });
  });

  it('parses RawExtension JSON and sign-extends negative int32', () => {
    const revision = body('apps/v1', 'ControllerRevision', [
      [2, msg([1, str('{"spec":{"template":{"a":1}}}')])],
      [3, num(0)],
    ]);
    expect(decodeKubernetesProtobuf(revision).object).toStrictEqual({
      apiVersion: 'apps/v1', kind: 'ControllerRevision', data: { spec: { template: { a: 1 } } }, revision: 0,
    });
    const priority = body('scheduling.k8s.io/v1', 'PriorityClass', [[2, num(-5)]]);
    expect(decodeKubernetesProtobuf(priority).object).toStrictEqual({
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', value: -5,
    });
  });

  it('reads unpacked repeated numbers and int64 beyond 32 bits', () => {
    const pod2 = body('v1', 'Pod', [
      [1, msg([7, num(2 ** 40)])],
      [2, msg([14, msg([4, num(5)], [4, num(6)])])],
    ]);
    expect(decodeKubernetesProtobuf(pod2).object).toStrictEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { generation: 2 ** 40 },
      spec: { securityContext: { supplementalGroups: [5, 6] } },
    });
  });

  it('leaves out a zero Time, which Go encodes as an empty message and JSON as null', () => {
    const event = body('v1', 'Event', [[1, msg([1, str('e')])], [6, msg()], [15, str('')]]);
    expect(decodeKubernetesProtobuf(event).object).toStrictEqual({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, reportingInstance: '',
    });
  });
});

