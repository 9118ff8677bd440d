import { describe, expect, it } from 'vitest';
import { nodeLabel, REASON as LABEL_REASON } from '../../../electron/control-plane/scheduler/plugins/nodelabel/index.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

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
