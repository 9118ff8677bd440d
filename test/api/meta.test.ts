import { describe, expect, it } from 'vitest';
import {
  addFinalizer, ageSince, controllerRef, formatTime, getCondition, hasFinalizer, humanDuration, isControlledBy,
  namespacedName, removeFinalizer, setCondition,
} from '../../api/meta.ts';
import type { KubeObject, PodCondition } from '../../api/types.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (upstream duration.HumanDuration)', () => {
  it.each([
    // upstream's own table
    [s, '1s'],
    [70 * s, '70s'],
    [190 * s, '3m10s'],
    [70 * m, '70m'],
    [47 * h, '47h'],
    [49 * h, '2d1h'],
    [(8 * 24 + 2) * h, '8d'],
    [367 * d, '367d'],
    [(365 * 2 * 24 + 25) * h, '2y1d'],
    [(365 * 8 * 24 + 2) * h, '8y'],
    // boundaries of every branch
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1 * s, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [120 * s, '2m'],
    [121 * s, '2m1s'],
    [5 * m + 3 * s, '5m3s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [3 * d, '3d'],
    [7 * d + 23 * h + 59 * m, '7d23h'],
    [8 * d, '8d'],
    [729 * d + 23 * h, '729d'],
    [730 * d, '2y'],
    [(730 + 45) * d, '2y45d'],
    [(365 * 8 - 1) * d, '7y364d'],
    [365 * 8 * d, '8y'],
    [365 * 20 * d + 100 * d, '20y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('ageSince', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');
  it('measures from the timestamp to now', () => {
    expect(ageSince('2024-06-01T11:54:57Z', now)).toBe('5m3s');
    expect(ageSince('2024-05-29T09:00:00Z', new Date(now))).toBe('3d3h');
    expect(ageSince('2024-06-01T12:00:01Z', now)).toBe('0s');
    expect(ageSince('2024-06-01T12:00:05Z', now)).toBe('<invalid>');
  });

  it('has no age without a timestamp', () => {
    expect(ageSince(undefined, now)).toBe('<unknown>');
    expect(ageSince('', now)).toBe('<unknown>');
    expect(ageSince('not a time', now)).toBe('<unknown>');
  });

  it('defaults to the current time', () => {
    expect(ageSince(new Date(Date.now() - 90 * s).toISOString())).toBe('90s');
  });
});

describe('identity and ownership', () => {
  const rs: KubeObject = { metadata: { name: 'web-abc', namespace: 'prod', uid: 'rs-uid' } };
  const pod: KubeObject = {
    metadata: {
      name: 'web-abc-x1', namespace: 'prod',
      ownerReferences: [
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'cm-uid' },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-uid', controller: true },
      ],
    },
  };

  it('keys objects like client-go caches', () => {
    expect(namespacedName(pod)).toBe('prod/web-abc-x1');
    expect(namespacedName({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(namespacedName({})).toBe('');
  });

  it('finds the controller among the owners', () => {
    expect(controllerRef(pod)?.kind).toBe('ReplicaSet');
    expect(controllerRef({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u', controller: false }] } })).toBeUndefined();
    expect(controllerRef({ metadata: {} })).toBeUndefined();
  });

  it('compares controllers by UID', () => {
    expect(isControlledBy(pod, rs)).toBe(true);
    expect(isControlledBy(pod, { metadata: { name: 'web-abc', namespace: 'prod', uid: 'recreated' } })).toBe(false);
    expect(isControlledBy(pod, { metadata: { name: 'cm', uid: 'cm-uid' } })).toBe(false);
    expect(isControlledBy({ metadata: { name: 'x' } }, { metadata: {} })).toBe(false);
  });
});

describe('finalizers', () => {
  it('adds once and removes every copy, saying whether anything changed', () => {
    const obj: KubeObject = { metadata: { name: 'a' } };
    expect(hasFinalizer(obj, 'a.io/x')).toBe(false);
    expect(addFinalizer(obj, 'a.io/x')).toBe(true);
    expect(addFinalizer(obj, 'a.io/x')).toBe(false);
    expect(addFinalizer(obj, 'b.io/y')).toBe(true);
    expect(obj.metadata.finalizers).toEqual(['a.io/x', 'b.io/y']);
    expect(hasFinalizer(obj, 'a.io/x')).toBe(true);
    obj.metadata.finalizers = ['a.io/x', 'b.io/y', 'a.io/x'];
    expect(removeFinalizer(obj, 'a.io/x')).toBe(true);
    expect(obj.metadata.finalizers).toEqual(['b.io/y']);
    expect(removeFinalizer(obj, 'a.io/x')).toBe(false);
  });

  it('creates metadata when a typed object has none', () => {
    const obj: { metadata?: KubeObject['metadata'] } = {};
    expect(addFinalizer(obj, 'a.io/x')).toBe(true);
    expect(obj.metadata?.finalizers).toEqual(['a.io/x']);
    expect(removeFinalizer({}, 'a.io/x')).toBe(false);
  });
});

describe('conditions', () => {
  const t0 = '2024-01-01T00:00:00Z';
  const t1 = '2024-01-01T00:05:00Z';

  it('adds a new condition stamped now unless it carries its own time', () => {
    const conditions: PodCondition[] = [];
    expect(setCondition(conditions, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }, t0)).toBe(true);
    expect(setCondition(conditions, { type: 'Scheduled', status: 'True', lastTransitionTime: '2023-12-31T00:00:00Z' }, t0)).toBe(true);
    expect(conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: t0 },
      { type: 'Scheduled', status: 'True', lastTransitionTime: '2023-12-31T00:00:00Z' },
    ]);
    expect(getCondition(conditions, 'Scheduled')?.status).toBe('True');
    expect(getCondition(conditions, 'Initialized')).toBeUndefined();
    expect(getCondition(undefined, 'Ready')).toBeUndefined();
  });

  it('moves lastTransitionTime only when the status changes', () => {
    const conditions: PodCondition[] = [{ type: 'Ready', status: 'False', reason: 'A', lastTransitionTime: t0 }];
    expect(setCondition(conditions, { type: 'Ready', status: 'False', reason: 'A' }, t1)).toBe(false);
    expect(setCondition(conditions, { type: 'Ready', status: 'False', reason: 'B', lastTransitionTime: t1 }, t1)).toBe(true);
    expect(conditions[0]).toEqual({ type: 'Ready', status: 'False', reason: 'B', lastTransitionTime: t0 });
    expect(setCondition(conditions, { type: 'Ready', status: 'True' }, t1)).toBe(true);
    expect(conditions[0]).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: t1 });
  });

  it('keeps a missing lastTransitionTime missing when the status holds', () => {
    const conditions: PodCondition[] = [{ type: 'Ready', status: 'True' }];
    expect(setCondition(conditions, { type: 'Ready', status: 'True' }, t1)).toBe(false);
    expect(conditions[0]).toEqual({ type: 'Ready', status: 'True' });
  });
});

describe('formatTime', () => {
  it('drops milliseconds like metav1.Time', () => {
    expect(formatTime(new Date('2024-06-01T12:34:56.789Z'))).toBe('2024-06-01T12:34:56Z');
  });
});
