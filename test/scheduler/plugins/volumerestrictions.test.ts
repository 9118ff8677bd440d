import { describe, expect, it } from 'vitest';
import { REASON as DISK_REASON, volumeRestrictions } from '../../../electron/control-plane/scheduler/plugins/volumerestrictions/index.ts';
import { filterAll, makeNode, makePod, snapshotOf } from '../fixtures.ts';

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
