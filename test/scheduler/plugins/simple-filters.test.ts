// NodeUnschedulable, NodeName, NodePorts, VolumeRestrictions and NodeLabel: one job each.
import { describe, expect, it } from 'vitest';
import { nodeLabel, REASON as LABEL_REASON } from '../../../electron/control-plane/scheduler/plugins/nodelabel/index.ts';
import { nodeName, REASON as NAME_REASON } from '../../../electron/control-plane/scheduler/plugins/nodename/index.ts';
import { nodePorts, REASON as PORTS_REASON } from '../../../electron/control-plane/scheduler/plugins/nodeports/index.ts';
import { nodeUnschedulable, REASON as UNSCHEDULABLE_REASON } from '../../../electron/control-plane/scheduler/plugins/nodeunschedulable/index.ts';
import { REASON as DISK_REASON, volumeRestrictions } from '../../../electron/control-plane/scheduler/plugins/volumerestrictions/index.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

describe('NodeUnschedulable', () => {
  const snapshot = snapshotOf([makeNode('open'), makeNode('cordoned', { unschedulable: true })]);

  it('keeps pods off cordoned nodes', () => {
    const r = filterAll(nodeUnschedulable(), makePod('p'), snapshot);
    expect(r.open).toBeUndefined();
    expect(r.cordoned).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [UNSCHEDULABLE_REASON] });
  });

  it('lets pods tolerating the unschedulable taint in', () => {
    const pod = makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(filterAll(nodeUnschedulable(), pod, snapshot).cordoned).toBeUndefined();
  });
});

describe('NodeName', () => {
  it('fits only the named node', () => {
    const r = filterAll(nodeName(), makePod('p', { spec: { nodeName: 'b' } }), snapshotOf([makeNode('a'), makeNode('b')]));
    expect(r.b).toBeUndefined();
    expect(r.a?.reasons).toEqual([NAME_REASON]);
  });
});

describe('NodePorts', () => {
  const withPort = (name: string, port: number, hostIP?: string, nodeName?: string) =>
    makePod(name, { nodeName, containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort: port, hostIP }] }] });
  const snapshot = snapshotOf([makeNode('a'), makeNode('b')], [withPort('existing', 8080, '10.0.0.1', 'a')]);

  it('rejects a host port already bound on the node', () => {
    const r = filterAll(nodePorts(), withPort('p', 8080), snapshot);
    expect(r.a?.reasons).toEqual([PORTS_REASON]);
    expect(r.b).toBeUndefined();
  });

  it('allows the same port on another address, or another port', () => {
    expect(filterAll(nodePorts(), withPort('p', 8080, '10.0.0.2'), snapshot).a).toBeUndefined();
    expect(filterAll(nodePorts(), withPort('p', 9090), snapshot).a).toBeUndefined();
  });
});

describe('VolumeRestrictions', () => {
  const pd = (name: string, readOnly: boolean, nodeName?: string) =>
    makePod(name, { nodeName, spec: { volumes: [{ name: 'v', gcePersistentDisk: { pdName: 'disk-1', readOnly } }] } });

  it('rejects a GCE PD already mounted read-write on the node', () => {
    const r = filterAll(volumeRestrictions(), pd('p', false), snapshotOf([makeNode('a'), makeNode('b')], [pd('e', false, 'a')]));
    expect(r.a).toEqual({ code: 'Unschedulable', reasons: [DISK_REASON] });
    expect(r.b).toBeUndefined();
  });

  it('allows the same PD read-only twice', () => {
    expect(filterAll(volumeRestrictions(), pd('p', true), snapshotOf([makeNode('a')], [pd('e', true, 'a')])).a).toBeUndefined();
  });

  it('rejects the same EBS volume even read-only', () => {
    const ebs = (name: string, nodeName?: string) =>
      makePod(name, { nodeName, spec: { volumes: [{ name: 'v', awsElasticBlockStore: { volumeID: 'vol-1', readOnly: true } }] } });
    expect(filterAll(volumeRestrictions(), ebs('p'), snapshotOf([makeNode('a')], [ebs('e', 'a')])).a?.reasons).toEqual([DISK_REASON]);
  });
});

describe('NodeLabel', () => {
  const snapshot = snapshotOf([makeNode('gpu', { labels: { gpu: 'true' } }), makeNode('plain', { labels: { spot: 'true' } })]);

  it('filters on present and absent labels', () => {
    const r = filterAll(nodeLabel({ presentLabels: ['gpu'], absentLabels: ['spot'] }), makePod('p'), snapshot);
    expect(r.gpu).toBeUndefined();
    expect(r.plain).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [LABEL_REASON] });
  });

  it('scores by the share of preferences a node satisfies', () => {
    const s = scoreAll(nodeLabel({ presentLabelsPreference: ['gpu'], absentLabelsPreference: ['spot'] }), makePod('p'), snapshot);
    expect(s).toEqual({ gpu: 100, plain: 0 });
  });
});
