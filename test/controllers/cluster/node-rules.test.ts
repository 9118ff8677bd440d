// The node lifecycle controller's pure rules: zone states, eviction rates, taints by
// condition and when a tainted pod must go.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../electron/control-plane/controllers/namespace/objects.ts';
import { unknownConditions } from '../../../electron/control-plane/controllers/nodelifecycle/health.ts';
import { evictionTime } from '../../../electron/control-plane/controllers/nodelifecycle/taint-eviction.ts';
import { noScheduleTaints, withControllerTaints } from '../../../electron/control-plane/controllers/nodelifecycle/taints.ts';
import { EvictionLimiter, evictionQps, zoneState } from '../../../electron/control-plane/controllers/nodelifecycle/zones.ts';

const nodeWith = (conditions: Record<string, string>, extra: Partial<Node> = {}): Node => ({
  metadata: { name: 'n' },
  ...extra,
  status: { conditions: Object.entries(conditions).map(([type, status]) => ({ type, status })) },
});

describe('zones', () => {
  it('are fully disrupted with no ready node, partially with more than 2 and at least 55% not ready', () => {
    const ready = nodeWith({ Ready: 'True' });
    const down = nodeWith({ Ready: 'Unknown' });
    expect(zoneState([down, down])).toBe('FullDisruption');
    expect(zoneState([ready, down, down])).toBe('Normal');
    expect(zoneState([ready, ready, down, down, down])).toBe('PartialDisruption');
    expect(zoneState([ready, ready, ready, down, down, down])).toBe('Normal');
  });

  it('evict at 0.1 nodes/s, slower in large partially disrupted zones, not at all in small ones', () => {
    expect(evictionQps('Normal', 3)).toBe(0.1);
    expect(evictionQps('PartialDisruption', 51)).toBe(0.01);
    expect(evictionQps('PartialDisruption', 10)).toBe(0);
    const limiter = new EvictionLimiter(0.1, 0);
    expect([limiter.tryAccept(0), limiter.tryAccept(5_000), limiter.tryAccept(10_000)]).toEqual([true, false, true]);
    const stopped = new EvictionLimiter(0, 0);
    expect([stopped.tryAccept(0), stopped.tryAccept(60_000)]).toEqual([false, false]);
  });
});

describe('taints', () => {
  it('follow the conditions and keep the time an unchanged taint was added', () => {
    const node = nodeWith({ Ready: 'False', MemoryPressure: 'True', DiskPressure: 'False' }, {
      spec: { unschedulable: true, taints: [{ key: 'user', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'then' }] },
    });
    expect(noScheduleTaints(node).map((t) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/unschedulable']);
    const kept = withControllerTaints(node, noScheduleTaints(node), 'node.kubernetes.io/not-ready', 'now');
    expect(kept[0]).toEqual({ key: 'user', effect: 'NoSchedule' });
    expect(kept.find((t) => t.effect === 'NoExecute')).toEqual({ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: 'then' });
    const swapped = withControllerTaints(node, [], 'node.kubernetes.io/unreachable', 'now');
    expect(swapped).toEqual([{ key: 'user', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'now' }]);
  });

  it('a silent node gets every kubelet condition Unknown once', () => {
    const node = nodeWith({ Ready: 'True', MemoryPressure: 'False' });
    const conditions = unknownConditions(node, 'now')!;
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'Unknown', 'NodeStatusUnknown'], ['MemoryPressure', 'Unknown', 'NodeStatusUnknown'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated'], ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated'],
    ]);
    expect(unknownConditions({ ...node, status: { conditions } }, 'later')).toBeUndefined();
  });
});

describe('eviction time', () => {
  const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: new Date(10_000).toISOString() };
  it('is now without a matching toleration, after the shortest tolerationSeconds otherwise, never without one', () => {
    expect(evictionTime([taint], [{ key: 'other', operator: 'Exists' }], 50_000)).toBe(0);
    expect(evictionTime([taint], [{ key: taint.key, operator: 'Equal', value: 'x' }], 50_000)).toBe(0);
    expect(evictionTime([taint], [{ key: taint.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], 50_000)).toBe(15_000);
    expect(evictionTime([taint], [{ operator: 'Exists' }], 50_000)).toBe(Infinity);
  });
});
