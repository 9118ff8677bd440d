import { describe, expect, it } from 'vitest';
import type { TopologySpreadConstraint } from '../../../api/types.ts';
import { CONSTRAINTS_NOT_MATCH, NODE_LABEL_NOT_MATCH } from '../../../electron/control-plane/scheduler/plugins/podtopologyspread/filtering.ts';
import { podTopologySpread } from '../../../electron/control-plane/scheduler/plugins/podtopologyspread/index.ts';
import { filterAll, makeNode, makePod, scoreAll, snapshotOf } from '../fixtures.ts';

const nodes = [
  makeNode('a1', { labels: { zone: 'a' } }),
  makeNode('b1', { labels: { zone: 'b' } }),
  makeNode('nolabel'),
];
const web = (name: string, nodeName?: string) => makePod(name, { labels: { app: 'web' }, nodeName });
const spread = (whenUnsatisfiable: string, extra: Partial<TopologySpreadConstraint> = {}) =>
  makePod('new', { labels: { app: 'web' }, spec: { topologySpreadConstraints: [
    { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } }, ...extra },
  ] } });

describe('PodTopologySpread filter', () => {
  it('rejects the domain that would exceed maxSkew, and nodes without the key', () => {
    const r = filterAll(podTopologySpread(), spread('DoNotSchedule'), snapshotOf(nodes, [web('w1', 'a1')]));
    expect(r.a1).toEqual({ code: 'Unschedulable', reasons: [CONSTRAINTS_NOT_MATCH] });
    expect(r.b1).toBeUndefined();
    expect(r.nolabel).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [NODE_LABEL_NOT_MATCH] });
  });

  it('allows any domain while the skew stays within maxSkew', () => {
    const r = filterAll(podTopologySpread(), spread('DoNotSchedule', { maxSkew: 2 }), snapshotOf(nodes, [web('w1', 'a1')]));
    expect(r.a1).toBeUndefined();
  });

  it('honours node affinity when choosing the domains that count', () => {
    // Zone b is excluded by the nodeSelector, so its zero does not hold zone a back.
    const pod = spread('DoNotSchedule');
    pod.spec!.nodeSelector = { zone: 'a' };
    expect(filterAll(podTopologySpread(), pod, snapshotOf(nodes, [web('w1', 'a1')])).a1).toBeUndefined();
    const ignoring = spread('DoNotSchedule', { nodeAffinityPolicy: 'Ignore' });
    ignoring.spec!.nodeSelector = { zone: 'a' };
    expect(filterAll(podTopologySpread(), ignoring, snapshotOf(nodes, [web('w1', 'a1')])).a1?.reasons).toEqual([CONSTRAINTS_NOT_MATCH]);
  });
});

describe('PodTopologySpread score', () => {
  it('prefers the domain with fewer matching pods', () => {
    const s = scoreAll(podTopologySpread(), spread('ScheduleAnyway'), snapshotOf(nodes, [web('w1', 'a1'), web('w2', 'a1')]));
    expect(s.b1).toBe(100);
    expect(s.a1).toBeLessThan(s.b1!);
    expect(s.nolabel).toBe(0);
  });
});
