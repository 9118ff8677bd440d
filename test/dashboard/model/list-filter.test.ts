// Label and text filters and sorting of a list, and the one shared clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import type { KubeObject } from '../../../api/types.ts';
import { columnsFor } from '../../../renderer/src/model/columns.ts';
import { labelFilter, sortObjects, textFilter } from '../../../renderer/src/model/list-filter.ts';
import { TICK_MS, useNow } from '../../../renderer/src/model/clock.ts';

const NOW = Date.parse('2026-01-10T12:00:00Z');

function configMap(name: string, namespace: string, labels: Record<string, string>, ageMinutes: number, keys = 0): KubeObject {
  return {
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name, namespace, labels, creationTimestamp: new Date(NOW - ageMinutes * 60_000).toISOString() },
    data: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 'v'])),
  } as KubeObject;
}

const objects = [
  configMap('web-10', 'default', { app: 'web', tier: 'front' }, 5, 2),
  configMap('web-9', 'default', { app: 'web' }, 50, 10),
  configMap('db', 'prod', { app: 'db' }, 1, 1),
];
const columns = columnsFor('configmaps', true);

describe('label filter', () => {
  it('matches with the API selector syntax', () => {
    const { matcher } = labelFilter('app=web,tier notin (back)');
    expect(objects.filter((o) => matcher!.matches(o.metadata.labels)).map((o) => o.metadata.name)).toEqual(['web-10', 'web-9']);
    expect(labelFilter('').matcher!.empty).toBe(true);
  });

  it('says what is wrong with a bad selector instead of throwing', () => {
    expect(labelFilter('app in (web').error).toMatch(/expected/);
  });
});

describe('text filter', () => {
  it('needs every word somewhere in the row', () => {
    expect(objects.filter(textFilter('WEB default', columns, NOW)).length).toBe(2);
    expect(objects.filter(textFilter('prod', columns, NOW)).map((o) => o.metadata.name)).toEqual(['db']);
    expect(objects.filter(textFilter('  ', columns, NOW)).length).toBe(3);
  });
});

describe('sorting', () => {
  const names = (list: KubeObject[]) => list.map((o) => o.metadata.name);

  it('sorts names naturally and numbers as numbers, either way', () => {
    expect(names(sortObjects(objects, columns, { column: 'Name', descending: false }, NOW))).toEqual(['db', 'web-9', 'web-10']);
    expect(names(sortObjects(objects, columns, { column: 'Data', descending: true }, NOW))).toEqual(['web-9', 'web-10', 'db']);
    expect(names(sortObjects(objects, columns, { column: 'Age', descending: false }, NOW))).toEqual(['db', 'web-10', 'web-9']);
  });

  it('leaves the input alone', () => {
    const before = names(objects);
    sortObjects(objects, columns, { column: 'Name', descending: true }, NOW);
    expect(names(objects)).toEqual(before);
  });
});

describe('clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks one timer for all users and stops when the last one goes', () => {
    vi.useFakeTimers({ now: NOW });
    const first = effectScope();
    const second = effectScope();
    const a = first.run(useNow)!;
    const b = second.run(useNow)!;
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(TICK_MS);
    expect(a.value).toBe(NOW + TICK_MS);
    expect(b.value).toBe(a.value);
    first.stop();
    expect(vi.getTimerCount()).toBe(1);
    second.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
