// The pure parts of the replica controller: deletion ranking, expectations,
// slow-start batches and status.
import { describe, expect, it } from 'vitest';
import { EXPECTATIONS_TIMEOUT_MS, Expectations } from '../../../electron/control-plane/controllers/replicaset/expectations.ts';
import type { ReplicaOwner } from '../../../electron/control-plane/controllers/replicaset/kind.ts';
import type { Pod } from '../../../electron/control-plane/controllers/replicaset/pod.ts';
import { podsToDelete } from '../../../electron/control-plane/controllers/replicaset/ranking.ts';
import { slowStartBatch } from '../../../electron/control-plane/controllers/replicaset/slow-start.ts';
import { calculateStatus, nextAvailableAt, statusIsCurrent } from '../../../electron/control-plane/controllers/replicaset/status.ts';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodShape {
  name: string;
  node?: string;
  phase?: string;
  readySecondsAgo?: number;
  createdSecondsAgo?: number;
  restarts?: number;
  cost?: string;
  labels?: Record<string, string>;
}

function pod(p: PodShape): Pod {
  return {
    metadata: {
      name: p.name,
      namespace: 'default',
      uid: `uid-${p.name}`,
      creationTimestamp: ago(p.createdSecondsAgo ?? 1000),
      labels: p.labels ?? { app: 'web' },
      ...(p.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': p.cost } } : {}),
    },
    spec: { containers: [{ name: 'c' }], ...(p.node ? { nodeName: p.node } : {}) },
    status: {
      phase: p.phase ?? 'Running',
      conditions: p.readySecondsAgo === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(p.readySecondsAgo) }],
      containerStatuses: [{ name: 'c', restartCount: p.restarts ?? 0, image: 'x', imageID: '', ready: p.readySecondsAgo !== undefined }],
    },
  };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('deletion ranking', () => {
  it('removes unscheduled, then pending, then not ready pods first', () => {
    const pods = [
      pod({ name: 'ready', node: 'n1', readySecondsAgo: 500 }),
      pod({ name: 'running-not-ready', node: 'n2' }),
      pod({ name: 'pending', node: 'n3', phase: 'Pending' }),
      pod({ name: 'unknown', node: 'n4', phase: 'Unknown' }),
      pod({ name: 'unscheduled', phase: 'Pending' }),
    ];
    expect(names(podsToDelete(pods, pods, 4, NOW))).toEqual(['unscheduled', 'pending', 'unknown', 'running-not-ready']);
  });

  it('honours pod-deletion-cost before node doubling', () => {
    const pods = [
      pod({ name: 'cheap', node: 'n1', readySecondsAgo: 500, cost: '-5' }),
      pod({ name: 'dear', node: 'n2', readySecondsAgo: 500, cost: '10' }),
      pod({ name: 'plain', node: 'n2', readySecondsAgo: 500 }),
    ];
    expect(names(podsToDelete(pods, pods, 2, NOW))).toEqual(['cheap', 'plain']);
  });

  it('prefers pods doubled up on a node, counting related pods of sibling owners', () => {
    const pods = [pod({ name: 'a', node: 'n1', readySecondsAgo: 500 }), pod({ name: 'b', node: 'n2', readySecondsAgo: 500 })];
    const sibling = pod({ name: 'sibling', node: 'n2', readySecondsAgo: 500 });
    expect(names(podsToDelete(pods, [...pods, sibling], 1, NOW))).toEqual(['b']);
    expect(names(podsToDelete(pods, pods, 1, NOW))).toEqual(['a']); // same bucket: uid order
  });

  it('removes the most recently ready, then the most restarted, then the newest', () => {
    const pods = [
      pod({ name: 'old-ready', node: 'n1', readySecondsAgo: 4000 }),
      pod({ name: 'new-ready', node: 'n2', readySecondsAgo: 10 }),
    ];
    expect(names(podsToDelete(pods, pods, 1, NOW))).toEqual(['new-ready']);
    const restarts = [pod({ name: 'calm', node: 'n1', restarts: 0 }), pod({ name: 'flappy', node: 'n2', restarts: 7 })];
    expect(names(podsToDelete(restarts, restarts, 1, NOW))).toEqual(['flappy']);
    const ages = [pod({ name: 'older', node: 'n1', createdSecondsAgo: 5000 }), pod({ name: 'newer', node: 'n2', createdSecondsAgo: 3 })];
    expect(names(podsToDelete(ages, ages, 1, NOW))).toEqual(['newer']);
  });

  it('treats times in the same power-of-two age bucket as equal (logarithmic scale-down)', () => {
    // 1100 s and 1200 s ago are both in [2^40, 2^41) ns: the UID decides, not the second.
    const pods = [pod({ name: 'z-newer', node: 'n1', createdSecondsAgo: 1100 }), pod({ name: 'a-older', node: 'n2', createdSecondsAgo: 1200 })];
    expect(names(podsToDelete(pods, pods, 1, NOW))).toEqual(['a-older']);
  });

  it('returns every pod when asked for as many', () => {
    const pods = [pod({ name: 'a' }), pod({ name: 'b' })];
    expect(names(podsToDelete(pods, pods, 5, NOW)).sort()).toEqual(['a', 'b']);
  });
});

describe('expectations', () => {
  it('holds a key until every create and delete was observed', () => {
    const now = 0;
    const e = new Expectations(() => now);
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);

    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a'); // seen twice (deletionTimestamp, then gone): counted once
    expect(e.satisfied('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs', 'ns/unrelated');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.deletionObserved('ns/rs', 'ns/b');
    expect(e.satisfied('ns/rs')).toBe(true);
  });

  it('gives up waiting after the timeout, and forgets deleted owners', () => {
    let now = 0;
    const e = new Expectations(() => now);
    e.expectCreations('ns/rs', 3);
    now = EXPECTATIONS_TIMEOUT_MS;
    expect(e.satisfied('ns/rs')).toBe(false);
    now = EXPECTATIONS_TIMEOUT_MS + 1;
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectCreations('ns/other', 1);
    e.forget('ns/other');
    expect(e.satisfied('ns/other')).toBe(true);
  });
});

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, … and stops after the first failing batch', async () => {
    let calls = 0;
    const ok = await slowStartBatch(10, 1, async () => void calls++);
    expect(ok).toEqual({ successes: 10 });
    expect(calls).toBe(10);

    calls = 0;
    const failing = await slowStartBatch(20, 1, async () => {
      calls++;
      if (calls === 5) throw new Error('quota');
    });
    // Batches 1 and 2 succeed (3 calls); the batch of 4 has a failure; nothing after it runs.
    expect(calls).toBe(7);
    expect(failing.successes).toBe(6);
    expect((failing.error as Error).message).toBe('quota');
  });
});

describe('replica status', () => {
  const owner = (extra: Partial<ReplicaOwner['spec']> = {}, status?: ReplicaOwner['status']): ReplicaOwner => ({
    metadata: { name: 'rs', namespace: 'default', generation: 2 },
    spec: { replicas: 3, template: { metadata: { labels: { app: 'web', tier: 'front' } } }, ...extra },
    ...(status ? { status } : {}),
  });

  it('counts fully labelled, ready and available pods', () => {
    const pods = [
      pod({ name: 'a', readySecondsAgo: 100, labels: { app: 'web', tier: 'front' } }),
      pod({ name: 'b', readySecondsAgo: 5, labels: { app: 'web', tier: 'front' } }),
      pod({ name: 'c', labels: { app: 'web' } }),
    ];
    const status = calculateStatus(owner({ minReadySeconds: 30 }), pods, undefined, NOW);
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 });
    expect(nextAvailableAt(owner({ minReadySeconds: 30 }), pods, NOW)).toBe(NOW + 25_000);
    expect(nextAvailableAt(owner(), pods, NOW)).toBeUndefined();
  });

  it('reports create failures as ReplicaFailure and clears it once a sync succeeds', () => {
    const failed = calculateStatus(owner(), [], new Error('pods "x" is forbidden: exceeded quota'), NOW);
    expect(failed.conditions).toEqual([{
      type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "x" is forbidden: exceeded quota', lastTransitionTime: ago(0),
    }]);
    const recovered = calculateStatus(owner({}, { ...failed, observedGeneration: 2 }), [], undefined, NOW);
    expect(recovered.conditions).toBeUndefined();
  });

  it('is current only when counts, conditions and observedGeneration all match', () => {
    const status = { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 0, availableReplicas: 0 };
    expect(statusIsCurrent(owner({}, { ...status, observedGeneration: 2 }), status)).toBe(true);
    expect(statusIsCurrent(owner({}, { ...status, observedGeneration: 1 }), status)).toBe(false);
    expect(statusIsCurrent(owner({}, { ...status, observedGeneration: 2 }), { ...status, readyReplicas: 1 })).toBe(false);
  });
});
