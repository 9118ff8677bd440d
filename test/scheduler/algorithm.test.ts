import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind, schedulePod } from '../../electron/control-plane/scheduler/algorithm.ts';
import { defaultFramework, makeNode, makePod, snapshotOf } from './fixtures.ts';

describe('numFeasibleNodesToFind', () => {
  it('uses every node of a small cluster and an adaptive share of a large one', () => {
    expect(numFeasibleNodesToFind(0, 50)).toBe(50);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 100_000)).toBe(5000);
    expect(numFeasibleNodesToFind(1, 5000)).toBe(100);
    expect(numFeasibleNodesToFind(100, 5000)).toBe(5000);
  });
});

describe('schedulePod', () => {
  it('picks the best-scoring feasible node', () => {
    const snapshot = snapshotOf(
      [makeNode('busy'), makeNode('idle'), makeNode('tiny', { cpu: '100m' })],
      [makePod('load', { cpu: '3', memory: '6Gi', nodeName: 'busy' })],
    );
    const r = schedulePod(defaultFramework(), snapshot, makePod('p', { cpu: '500m', memory: '1Gi' }), { nextStartNodeIndex: 0 });
    expect(r).toMatchObject({ kind: 'scheduled', node: 'idle', evaluatedNodes: 3, feasibleNodes: 2 });
  });

  it('stops filtering once enough nodes are feasible, and starts the next cycle where it stopped', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => makeNode(`n${i}`));
    const snapshot = snapshotOf(nodes);
    const cursor = { nextStartNodeIndex: 0 };
    const r = schedulePod(defaultFramework(), snapshot, makePod('p', { cpu: '1' }), cursor);
    expect(r).toMatchObject({ kind: 'scheduled', evaluatedNodes: 500, feasibleNodes: 500 });
    expect(cursor.nextStartNodeIndex).toBe(500);
  });

  it('reports no nodes at all as upstream does', () => {
    const r = schedulePod(defaultFramework(), snapshotOf([]), makePod('p'), { nextStartNodeIndex: 0 });
    expect(r).toMatchObject({ kind: 'unschedulable', message: 'no nodes available to schedule pods' });
  });
});
