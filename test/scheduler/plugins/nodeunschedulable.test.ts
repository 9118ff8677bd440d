import { describe, expect, it } from 'vitest';
import { nodeUnschedulable, REASON as UNSCHEDULABLE_REASON } from '../../../electron/control-plane/scheduler/plugins/nodeunschedulable/index.ts';
import { filterAll, makeNode, makePod, snapshotOf } from '../fixtures.ts';

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
