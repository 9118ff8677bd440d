import { describe, expect, it } from 'vitest';
import { schedulePod } from '../../electron/control-plane/scheduler/algorithm.ts';
import type { Pod } from '../../electron/control-plane/scheduler/framework/types.ts';
import { defaultFramework, makeNode, makePod, snapshotOf } from './fixtures.ts';

function preempt(pods: Pod[], preemptor: Pod, nodes = [makeNode('a', { cpu: '2' }), makeNode('b', { cpu: '2' })]) {
  const fwk = defaultFramework();
  const snapshot = snapshotOf(nodes, pods);
  const r = schedulePod(fwk, snapshot, preemptor, { nextStartNodeIndex: 0 });
  if (r.kind !== 'unschedulable') throw new Error(`expected unschedulable, got ${JSON.stringify(r)}`);
  return fwk.runPostFilter(r.state, preemptor, snapshot, r.diagnosis.statuses);
}

describe('DefaultPreemption', () => {
  it('evicts the fewest, lowest-priority pods on the cheapest node', () => {
    const result = preempt([
      makePod('a-low', { cpu: '1', priority: 1, nodeName: 'a' }),
      makePod('a-mid', { cpu: '1', priority: 5, nodeName: 'a' }),
      makePod('b-mid1', { cpu: '1', priority: 5, nodeName: 'b' }),
      makePod('b-mid2', { cpu: '1', priority: 5, nodeName: 'b' }),
    ], makePod('high', { cpu: '1', priority: 100 }));
    expect(result.nominatedNodeName).toBe('a');
    expect(result.victims?.map((v) => v.pod.metadata.name)).toEqual(['a-low']);
  });

  it('never evicts pods of equal or higher priority', () => {
    const result = preempt([
      makePod('a1', { cpu: '2', priority: 100, nodeName: 'a' }),
      makePod('b1', { cpu: '2', priority: 200, nodeName: 'b' }),
    ], makePod('p', { cpu: '1', priority: 100 }));
    expect(result.nominatedNodeName).toBe('');
    expect(result.message).toBe('preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  });

  it('does not preempt for pods with preemptionPolicy Never', () => {
    const pod = makePod('p', { cpu: '1', priority: 100, spec: { preemptionPolicy: 'Never' } });
    const result = preempt([makePod('a1', { cpu: '2', nodeName: 'a' }), makePod('b1', { cpu: '2', nodeName: 'b' })], pod);
    expect(result).toEqual({ message: 'preemption: not eligible due to preemptionPolicy=Never.' });
  });
});
