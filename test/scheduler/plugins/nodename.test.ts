import { describe, expect, it } from 'vitest';
import { nodeName, REASON as NAME_REASON } from '../../../electron/control-plane/scheduler/plugins/nodename/index.ts';
import { filterAll, makeNode, makePod, snapshotOf } from '../fixtures.ts';

describe('NodeName', () => {
  it('fits only the named node', () => {
    const r = filterAll(nodeName(), makePod('p', { spec: { nodeName: 'b' } }), snapshotOf([makeNode('a'), makeNode('b')]));
    expect(r.b).toBeUndefined();
    expect(r.a?.reasons).toEqual([NAME_REASON]);
  });
});
