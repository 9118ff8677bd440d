// The pure parts of the Deployment controller: the template hash, fenceposts,
// rollout sizes, proportional scaling, revision annotations and conditions.
import { describe, expect, it } from 'vitest';
import { setNewReplicaSetAnnotations } from '../../../electron/control-plane/controllers/deployment/annotations.ts';
import { computeTemplateHash, safeEncode } from '../../../electron/control-plane/controllers/deployment/hash.ts';
import { deploymentTimedOut, rolloutStatus } from '../../../electron/control-plane/controllers/deployment/progress.ts';
import { fenceposts, maxUnavailable, templatesEqual } from '../../../electron/control-plane/controllers/deployment/replicasets.ts';
import { findActiveOrLatest, newReplicaSetReplicas, proportionalSizes } from '../../../electron/control-plane/controllers/deployment/scaling.ts';
import type { DeploymentObject, ReplicaSetObject } from '../../../electron/control-plane/controllers/deployment/types.ts';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }] } };

function deployment(replicas: number, rolling: { maxSurge?: number | string; maxUnavailable?: number | string } = { maxSurge: '25%', maxUnavailable: '25%' }, status = {}): DeploymentObject {
  return {
    metadata: { name: 'web', namespace: 'default', generation: 1, uid: 'd1' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template, strategy: { type: 'RollingUpdate', rollingUpdate: rolling }, progressDeadlineSeconds: 600 },
    status,
  };
}

function rs(name: string, replicas: number, opts: { created?: string; maxReplicas?: number; available?: number; revision?: string } = {}): ReplicaSetObject {
  const annotations: Record<string, string> = {};
  if (opts.maxReplicas !== undefined) annotations['deployment.kubernetes.io/max-replicas'] = String(opts.maxReplicas);
  if (opts.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = opts.revision;
  return {
    metadata: { name, uid: name, creationTimestamp: opts.created ?? '2024-01-01T00:00:00Z', annotations },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template },
    status: { replicas, availableReplicas: opts.available ?? replicas },
  };
}

describe('template hash', () => {
  it('is stable, insensitive to key order and nulls, and moved by collisionCount', () => {
    const h = computeTemplateHash(template);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeTemplateHash({ spec: template.spec, metadata: { labels: { app: 'web' }, creationTimestamp: null } } as never)).toBe(h);
    expect(computeTemplateHash({ ...template, spec: { containers: [{ name: 'web', image: 'nginx:2' }] } })).not.toBe(h);
    expect(computeTemplateHash(template, 0)).not.toBe(h);
    expect(computeTemplateHash(template, 1)).not.toBe(computeTemplateHash(template, 0));
  });

  it('spells decimal digits with the safe alphabet', () => {
    // As upstream's hashes look: only 4-9 and b, c, d, f ever appear.
    expect(safeEncode('0123456789')).toBe('456789bcdf');
  });

  it('compares templates ignoring only the pod-template-hash label', () => {
    const withHash = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(templatesEqual(template, withHash)).toBe(true);
    expect(templatesEqual(template, { ...template, metadata: { labels: { app: 'api' } } })).toBe(false);
  });
});

describe('rollout math', () => {
  it('resolves fenceposts as upstream: surge up, unavailable down, never both zero', () => {
    expect(fenceposts(deployment(10))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(fenceposts(deployment(1))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(fenceposts(deployment(3, { maxSurge: 0, maxUnavailable: '10%' }))).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(maxUnavailable(deployment(2, { maxSurge: 0, maxUnavailable: 5 }))).toBe(2);
  });

  it('grows the new ReplicaSet up to replicas + maxSurge in all', () => {
    const d = deployment(10);
    const old = rs('old', 10);
    const fresh = rs('new', 0);
    expect(newReplicaSetReplicas(d, [old, fresh], fresh)).toBe(3);
    expect(newReplicaSetReplicas(d, [rs('old', 8), rs('new', 3)], rs('new', 3))).toBe(5);
    expect(newReplicaSetReplicas(d, [rs('old', 10), rs('new', 3)], rs('new', 3))).toBe(3);
  });

  it('splits a resize across the ReplicaSets of a rollout in proportion', () => {
    const d = deployment(20, undefined, { replicas: 13 });
    const old = rs('old', 8, { maxReplicas: 13, created: '2024-01-01T00:00:00Z' });
    const fresh = rs('new', 5, { maxReplicas: 13, created: '2024-01-02T00:00:00Z' });
    const sizes = proportionalSizes(d, fresh, [old]).map((s) => [s.rs.metadata.name, s.size]);
    expect(sizes).toEqual([['old', 15], ['new', 10]]);
    // Down to 5 (+2 surge = 7): old 8→4, new 5→3 (7·8/13 = 4.3, 7·5/13 = 2.7).
    const down = proportionalSizes(deployment(5, undefined, { replicas: 13 }), fresh, [old]).map((s) => [s.rs.metadata.name, s.size]);
    expect(down).toEqual([['old', 4], ['new', 3]]);
  });

  it('finds the one active ReplicaSet, or the newest when none is active', () => {
    const a = rs('a', 0, { created: '2024-01-01T00:00:00Z' });
    const b = rs('b', 0, { created: '2024-01-02T00:00:00Z' });
    expect(findActiveOrLatest(undefined, [a, b])?.metadata.name).toBe('b');
    expect(findActiveOrLatest(rs('n', 0), [a, rs('c', 2)])?.metadata.name).toBe('c');
    expect(findActiveOrLatest(rs('n', 1), [rs('c', 2)])).toBeUndefined();
  });
});

describe('revision annotations', () => {
  it('moves a reused ReplicaSet to the new revision and keeps the old one in its history', () => {
    const d = deployment(3);
    d.metadata.annotations = { team: 'blue', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const reused = rs('old', 0, { revision: '1' });
    expect(setNewReplicaSetAnnotations(d, reused, 3, true)).toBe(true);
    expect(reused.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', team: 'blue' });
    expect(setNewReplicaSetAnnotations(d, reused, 3, true)).toBe(false);
    const created = rs('new', 0);
    setNewReplicaSetAnnotations(d, created, 1, false);
    expect(created.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4',
    });
  });
});

describe('progress conditions', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');

  it('reports progress, completion and an exceeded deadline', () => {
    const started = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: '', lastUpdateTime: '2024-06-01T11:00:00Z', lastTransitionTime: '2024-06-01T11:00:00Z' };
    const d = deployment(2, undefined, { replicas: 2, updatedReplicas: 0, availableReplicas: 2, conditions: [started] });
    const fresh = rs('web-new', 1, { available: 0 });
    const progressing = rolloutStatus(d, [rs('web-old', 2), fresh], fresh, now);
    expect(progressing.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated', lastTransitionTime: '2024-06-01T11:00:00Z', lastUpdateTime: '2024-06-01T12:00:00Z' });

    // No movement for longer than the deadline: timed out.
    const stuck = deployment(2, undefined, { replicas: 3, updatedReplicas: 1, availableReplicas: 2, conditions: [started] });
    expect(deploymentTimedOut(stuck, stuck.status!, now)).toBe(true);
    const timedOut = rolloutStatus(stuck, [rs('web-old', 2), fresh], fresh, now);
    expect(timedOut.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });

    const done = rs('web-new', 2);
    const complete = rolloutStatus(d, [rs('web-old', 0), done], done, now);
    expect(complete.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-new" has successfully progressed.' });
    expect(complete.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(complete).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2, unavailableReplicas: 0, observedGeneration: 1 });
  });
});
