import { describe, expect, it } from 'vitest';
import { REASON, taintToleration } from '../../../electron/control-plane/scheduler/plugins/tainttoleration/index.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

describe('TaintToleration', () => {
  const snapshot = snapshotOf([
    makeNode('clean'),
    makeNode('gpu', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }),
  ]);

  it('keeps pods off nodes with untolerated NoSchedule taints', () => {
    const r = filterAll(taintToleration(), makePod('p'), snapshot);
    expect(r.clean).toBeUndefined();
    expect(r.gpu).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [REASON] });
  });

  it('admits pods that tolerate the taint', () => {
    const pod = makePod('p', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }] } });
    expect(filterAll(taintToleration(), pod, snapshot).gpu).toBeUndefined();
    const wrongValue = makePod('q', { spec: { tolerations: [{ key: 'gpu', operator: 'Equal', value: 'false' }] } });
    expect(filterAll(taintToleration(), wrongValue, snapshot).gpu?.reasons).toEqual([REASON]);
  });

  it('scores nodes with fewer untolerated PreferNoSchedule taints higher', () => {
    const soft = snapshotOf([
      makeNode('none'),
      makeNode('one', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
      makeNode('two', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] }),
    ]);
    expect(scoreAll(taintToleration(), makePod('p'), soft)).toEqual({ none: 100, one: 50, two: 0 });
  });
});
