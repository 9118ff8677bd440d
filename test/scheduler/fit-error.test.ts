// The FailedScheduling message format, from the statuses of a real framework run.
import { describe, expect, it } from 'vitest';
import { schedulePod } from '../../electron/control-plane/scheduler/algorithm.ts';
import { fitErrorMessage, reasonHistogram } from '../../electron/control-plane/scheduler/framework/fit-error.ts';
import type { Status } from '../../electron/control-plane/scheduler/framework/types.ts';
import { defaultFramework, makeNode, makePod, snapshotOf } from './fixtures.ts';

describe('FailedScheduling message', () => {
  it('reads as upstream: histogram sorted as strings, then the preemption summary', () => {
    const fwk = defaultFramework();
    const snapshot = snapshotOf([
      makeNode('small', { cpu: '1', labels: { disk: 'ssd' } }),
      makeNode('hdd1', { labels: { disk: 'hdd' } }),
      makeNode('hdd2', { labels: { disk: 'hdd' } }),
    ]);
    const pod = makePod('p', { cpu: '2', spec: { nodeSelector: { disk: 'ssd' } } });
    const result = schedulePod(fwk, snapshot, pod, { nextStartNodeIndex: 0 });
    if (result.kind !== 'unschedulable') throw new Error('expected unschedulable');
    const post = fwk.runPostFilter(result.state, pod, snapshot, result.diagnosis.statuses);
    expect(fitErrorMessage(3, { ...result.diagnosis, postFilterMsg: post.message })).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. "
      + 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
  });

  it('sorts counts as strings, so 10 comes before 2', () => {
    const statuses = new Map<string, Status>();
    for (let i = 0; i < 10; i++) statuses.set(`a${i}`, { code: 'Unschedulable', reasons: ['Insufficient cpu'], plugin: 'NodeResourcesFit' });
    for (let i = 0; i < 2; i++) statuses.set(`b${i}`, { code: 'Unschedulable', reasons: ['Insufficient memory'], plugin: 'NodeResourcesFit' });
    expect(reasonHistogram(statuses)).toEqual(['10 Insufficient cpu', '2 Insufficient memory']);
  });

  it('puts a PreFilter rejection in place of the histogram', () => {
    expect(fitErrorMessage(2, { statuses: new Map(), preFilterMsg: 'persistentvolumeclaim "x" not found' }))
      .toBe('0/2 nodes are available: persistentvolumeclaim "x" not found.');
  });
});
