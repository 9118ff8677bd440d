import { describe, expect, it } from 'vitest';
import type { NodeSelectorTerm } from '../../../api/types.ts';
import { nodeAffinity, REASON } from '../../../electron/control-plane/scheduler/plugins/nodeaffinity/index.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

const snapshot = snapshotOf([
  makeNode('a', { labels: { zone: 'z1', disk: 'ssd', cores: '8' } }),
  makeNode('b', { labels: { zone: 'z2', cores: '2' } }),
]);

const required = (...nodeSelectorTerms: NodeSelectorTerm[]) =>
  makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } } });

describe('NodeAffinity filter', () => {
  it('matches spec.nodeSelector', () => {
    const r = filterAll(nodeAffinity(), makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } }), snapshot);
    expect(r.a).toBeUndefined();
    expect(r.b).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [REASON] });
  });

  it.each([
    ['In', { key: 'zone', operator: 'In', values: ['z2'] }, 'b'],
    ['NotIn', { key: 'zone', operator: 'NotIn', values: ['z2'] }, 'a'],
    ['Exists', { key: 'disk', operator: 'Exists' }, 'a'],
    ['DoesNotExist', { key: 'disk', operator: 'DoesNotExist' }, 'b'],
    ['Gt', { key: 'cores', operator: 'Gt', values: ['4'] }, 'a'],
    ['Lt', { key: 'cores', operator: 'Lt', values: ['4'] }, 'b'],
  ])('%s selects only the matching node', (_op, expr, fits) => {
    const r = filterAll(nodeAffinity(), required({ matchExpressions: [expr] }), snapshot);
    expect(Object.entries(r).filter(([, v]) => v === undefined).map(([k]) => k)).toEqual([fits]);
  });

  it('matches metadata.name through matchFields, and ORs terms', () => {
    const r = filterAll(nodeAffinity(), required(
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] },
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['nowhere'] }] },
    ), snapshot);
    expect(r.a?.reasons).toEqual([REASON]);
    expect(r.b).toBeUndefined();
  });
});

describe('NodeAffinity score', () => {
  it('adds preferred weights and normalises to 100', () => {
    const pod = makePod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } },
      { weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } },
    ] } } } });
    expect(scoreAll(nodeAffinity(), pod, snapshot)).toEqual({ a: 33, b: 100 });
  });
});
