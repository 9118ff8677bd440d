// NodeResourcesFit (filter, LeastAllocated, MostAllocated) and BalancedAllocation.
import { describe, expect, it } from 'vitest';
import { balancedAllocation } from '../../../electron/control-plane/scheduler/plugins/noderesources/balanced-allocation.ts';
import { nodeResourcesFit, TOO_MANY_PODS } from '../../../electron/control-plane/scheduler/plugins/noderesources/fit.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

describe('NodeResourcesFit filter', () => {
  const snapshot = snapshotOf(
    [makeNode('small', { cpu: '1', memory: '1Gi', pods: '2' }), makeNode('big', { cpu: '8', memory: '16Gi' })],
    [makePod('used', { cpu: '500m', memory: '512Mi', nodeName: 'small' })],
  );

  it('fits a pod into what is left', () => {
    const r = filterAll(nodeResourcesFit(undefined), makePod('p', { cpu: '500m', memory: '512Mi' }), snapshot);
    expect(r).toEqual({ small: undefined, big: undefined });
  });

  it('names every resource that is short', () => {
    const r = filterAll(nodeResourcesFit(undefined), makePod('p', { cpu: '600m', memory: '600Mi' }), snapshot);
    expect(r.small).toEqual({ code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] });
    expect(r.big).toBeUndefined();
  });

  it('counts pod slots', () => {
    const full = snapshotOf([makeNode('n', { pods: '1' })], [makePod('e', { nodeName: 'n' })]);
    expect(filterAll(nodeResourcesFit(undefined), makePod('p'), full).n?.reasons).toEqual([TOO_MANY_PODS]);
  });

  it('takes the larger of init containers and the app containers, plus overhead', () => {
    const pod = makePod('p', {
      containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '200m' } } }],
      spec: { initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '600m' } } }], overhead: { cpu: '100m' } },
    });
    // 600m + 100m overhead > 500m left on "small".
    expect(filterAll(nodeResourcesFit(undefined), pod, snapshot).small?.reasons).toEqual(['Insufficient cpu']);
  });
});

describe('NodeResourcesFit score', () => {
  const snapshot = snapshotOf(
    [makeNode('empty', { cpu: '4', memory: '4Gi' }), makeNode('busy', { cpu: '4', memory: '4Gi' })],
    [makePod('used', { cpu: '2', memory: '2Gi', nodeName: 'busy' })],
  );
  const pod = makePod('p', { cpu: '1', memory: '1Gi' });

  it('LeastAllocated prefers the emptier node', () => {
    // empty: (3/4 free cpu, 3/4 free memory) → 75; busy: 1/4 free → 25.
    expect(scoreAll(nodeResourcesFit(undefined), pod, snapshot)).toEqual({ empty: 75, busy: 25 });
  });

  it('MostAllocated prefers the fuller node', () => {
    const plugin = nodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
    expect(scoreAll(plugin, pod, snapshot)).toEqual({ empty: 25, busy: 75 });
  });

  it('counts pods without requests as using the defaults', () => {
    const s = scoreAll(nodeResourcesFit(undefined), makePod('besteffort'), snapshotOf([makeNode('n', { cpu: '1', memory: '1000Mi' })]));
    // 100m of 1 cpu → 90; 200Mi of 1000Mi → 80; mean 85.
    expect(s.n).toBe(85);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers the node where cpu and memory would be used evenly', () => {
    const snapshot = snapshotOf(
      [makeNode('even', { cpu: '4', memory: '4Gi' }), makeNode('skewed', { cpu: '4', memory: '4Gi' })],
      [makePod('cpuhog', { cpu: '3', nodeName: 'skewed' })],
    );
    const s = scoreAll(balancedAllocation(undefined), makePod('p', { cpu: '1', memory: '1Gi' }), snapshot);
    // even: both 1/4 → 100; skewed: cpu 1, memory 1/4 → std 0.375 → 62.
    expect(s).toEqual({ even: 100, skewed: 62 });
  });
});
