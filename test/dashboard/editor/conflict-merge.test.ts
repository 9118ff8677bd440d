// The three-way merge behind "merge" in the edit conflict: mine onto theirs,
// conflicts listed, and mine winning them only when asked.
import { describe, expect, it } from 'vitest';
import { threeWayMerge } from '../../../renderer/src/model/conflict-merge.ts';

function deployment(replicas: number, image: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', resourceVersion: '1', labels: { app: 'web' } },
    spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } }, ...extra },
  };
}

describe('threeWayMerge', () => {
  it('keeps changes made on one side only, from either side', () => {
    const base = deployment(1, 'nginx:1');
    const mine = deployment(1, 'nginx:2');
    const theirs = { ...deployment(3, 'nginx:1'), metadata: { ...base.metadata, resourceVersion: '7' } };
    const { merged, conflicts } = threeWayMerge(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.spec.replicas).toBe(3);
    expect(merged.spec.template.spec.containers[0].image).toBe('nginx:2');
    expect(merged.metadata.resourceVersion).toBe('7');
  });

  it('lists a field both sides changed differently and keeps theirs unless mine is chosen', () => {
    const base = deployment(1, 'nginx:1');
    const mine = deployment(2, 'nginx:1');
    const theirs = deployment(5, 'nginx:1');
    const theirsWins = threeWayMerge(base, mine, theirs);
    expect(theirsWins.conflicts).toEqual([{ path: 'spec.replicas', base: 1, mine: 2, theirs: 5 }]);
    expect(theirsWins.merged.spec.replicas).toBe(5);
    const mineWins = threeWayMerge(base, mine, theirs, true);
    expect(mineWins.conflicts).toHaveLength(1);
    expect(mineWins.merged.spec.replicas).toBe(2);
  });

  it('does not call the same change on both sides a conflict', () => {
    const { merged, conflicts } = threeWayMerge(deployment(1, 'a'), deployment(4, 'a'), deployment(4, 'a'));
    expect(conflicts).toEqual([]);
    expect(merged.spec.replicas).toBe(4);
  });

  it('merges named list items by name: added, removed and changed on different sides', () => {
    const base = { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] };
    const mine = { containers: [{ name: 'a', image: 'a:2' }, { name: 'b', image: 'b:1' }, { name: 'c', image: 'c:1' }] };
    const theirs = { containers: [{ name: 'a', image: 'a:1' }, { name: 'd', image: 'd:1' }] };
    const { merged, conflicts } = threeWayMerge(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.containers).toEqual([{ name: 'a', image: 'a:2' }, { name: 'd', image: 'd:1' }, { name: 'c', image: 'c:1' }]);
  });

  it('names the list item in a conflict path', () => {
    const base = { containers: [{ name: 'web', image: 'x:1' }] };
    const { conflicts } = threeWayMerge(base, { containers: [{ name: 'web', image: 'x:2' }] }, { containers: [{ name: 'web', image: 'x:3' }] });
    expect(conflicts.map((c) => c.path)).toEqual(['containers[name=web].image']);
  });

  it('removes a field mine deleted, and keeps a field theirs added', () => {
    const base = { metadata: { labels: { app: 'web', tier: 'front' } } };
    const mine = { metadata: { labels: { app: 'web' } } };
    const theirs = { metadata: { labels: { app: 'web', tier: 'front' }, annotations: { note: 'x' } } };
    expect(threeWayMerge(base, mine, theirs).merged).toEqual({ metadata: { labels: { app: 'web' }, annotations: { note: 'x' } } });
  });

  it('treats a deletion against a change as a conflict', () => {
    const { merged, conflicts } = threeWayMerge({ data: { a: '1' } }, { data: {} }, { data: { a: '2' } });
    expect(conflicts).toEqual([{ path: 'data.a', base: '1', mine: undefined, theirs: '2' }]);
    expect(merged).toEqual({ data: { a: '2' } });
    expect(threeWayMerge({ data: { a: '1' } }, { data: {} }, { data: { a: '2' } }, true).merged).toEqual({ data: {} });
  });

  it('treats unnamed lists changed on both sides as one conflict', () => {
    const { merged, conflicts } = threeWayMerge({ args: ['a'] }, { args: ['a', 'b'] }, { args: ['c'] });
    expect(conflicts.map((c) => c.path)).toEqual(['args']);
    expect(merged.args).toEqual(['c']);
  });
});
