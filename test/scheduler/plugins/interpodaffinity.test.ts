import { describe, expect, it } from 'vitest';
import type { PodAffinityTerm } from '../../../api/types.ts';
import { AFFINITY, ANTI_AFFINITY, EXISTING_ANTI_AFFINITY } from '../../../electron/control-plane/scheduler/plugins/interpodaffinity/filtering.ts';
import { interPodAffinity } from '../../../electron/control-plane/scheduler/plugins/interpodaffinity/index.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

const zoneNodes = [
  makeNode('a1', { labels: { zone: 'a' } }),
  makeNode('a2', { labels: { zone: 'a' } }),
  makeNode('b1', { labels: { zone: 'b' } }),
];
const term = (app: string, topologyKey = 'zone'): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey });
const db = makePod('db', { labels: { app: 'db' }, nodeName: 'a1' });

describe('InterPodAffinity filter', () => {
  it('required affinity: only nodes in a domain with a matching pod', () => {
    const pod = makePod('web', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } } });
    const r = filterAll(interPodAffinity(), pod, snapshotOf(zoneNodes, [db]));
    expect(r.a1).toBeUndefined();
    expect(r.a2).toBeUndefined();
    expect(r.b1).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [AFFINITY] });
  });

  it('lets the first pod of a self-affine group in anywhere', () => {
    const pod = makePod('web', { labels: { app: 'web' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web')] } } } });
    expect(Object.values(filterAll(interPodAffinity(), pod, snapshotOf(zoneNodes)))).toEqual([undefined, undefined, undefined]);
  });

  it('required anti-affinity: not in a domain with a matching pod', () => {
    const pod = makePod('db2', { labels: { app: 'db' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } } });
    const r = filterAll(interPodAffinity(), pod, snapshotOf(zoneNodes, [db]));
    expect(r.a2).toEqual({ code: 'Unschedulable', reasons: [ANTI_AFFINITY] });
    expect(r.b1).toBeUndefined();
  });

  it("respects existing pods' anti-affinity towards the incoming pod", () => {
    const loner = makePod('loner', { nodeName: 'b1', spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')] } } } });
    const r = filterAll(interPodAffinity(), makePod('web', { labels: { app: 'web' } }), snapshotOf(zoneNodes, [loner]));
    expect(r.b1).toEqual({ code: 'Unschedulable', reasons: [EXISTING_ANTI_AFFINITY] });
    expect(r.a1).toBeUndefined();
  });

  it('looks only in the namespaces a term names', () => {
    const other = makePod('db', { namespace: 'other', labels: { app: 'db' }, nodeName: 'a1' });
    const pod = makePod('web', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db')] } } } });
    expect(filterAll(interPodAffinity(), pod, snapshotOf(zoneNodes, [other, makePod('x', { labels: { app: 'x' }, nodeName: 'b1' })])).a1?.reasons).toEqual([AFFINITY]);
    const bySelector = makePod('web', { spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { ...term('db'), namespaceSelector: { matchLabels: { team: 'data' } } },
    ] } } } });
    expect(filterAll(interPodAffinity(), bySelector, snapshotOf(zoneNodes, [other], { other: { team: 'data' } })).a1).toBeUndefined();
  });
});

describe('InterPodAffinity score', () => {
  it('prefers domains with pods it likes and avoids those it dislikes', () => {
    const pod = makePod('web', { spec: { affinity: {
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db') }] },
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('cache', 'kubernetes.io/hostname') }] },
    } } });
    const cache = makePod('cache', { labels: { app: 'cache' }, nodeName: 'a2' });
    // Raw: a1 10, a2 10 − 5 = 5, b1 0 → min-max normalised.
    expect(scoreAll(interPodAffinity(), pod, snapshotOf(zoneNodes, [db, cache]))).toEqual({ a1: 100, a2: 50, b1: 0 });
  });

  it('scores all nodes equally when no affinity is involved', () => {
    expect(scoreAll(interPodAffinity(), makePod('p'), snapshotOf(zoneNodes, [db]))).toEqual({ a1: 0, a2: 0, b1: 0 });
  });
});
