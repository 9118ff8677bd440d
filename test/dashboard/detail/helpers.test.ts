// The detail pages' pure helpers: chart axes, secret values, and how objects relate.
import { describe, expect, it } from 'vitest';
import type { Event, KubeObject, Pod, Service } from '../../../api/types.ts';
import { clockLabel, nearest, timeTicks, valueTicks } from '../../../renderer/src/components/charts/scale.ts';
import { base64Size, decodeSecretValue } from '../../../renderer/src/components/detail/secret-values.ts';
import { eventsAbout, ownedBy, ownersOf, podsSelectedBy, selectorText } from '../../../renderer/src/model/relations.ts';

describe('chart axes', () => {
  it('puts value ticks on 1, 2, 2.5 and 5 steps up to a bound at or above the maximum', () => {
    expect(valueTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(valueTicks(7.3)).toEqual([0, 2, 4, 6, 8]);
    expect(valueTicks(0.03)).toEqual([0, 0.01, 0.02, 0.03]);
    expect(valueTicks(0)).toEqual([0, 1]);
    const gib = 1024 ** 3;
    expect(valueTicks(23.4 * gib, 4, true)).toEqual([0, 10, 20, 30].map((n) => n * gib));
    expect(valueTicks(300 * 1024 ** 2, 4, true)).toEqual([0, 100, 200, 300].map((n) => n * 1024 ** 2));
  });

  it('puts time ticks on whole five minutes inside the window', () => {
    const start = new Date(2026, 0, 1, 10, 2, 30).getTime();
    const ticks = timeTicks(start, start + 15 * 60_000, 5 * 60_000);
    expect(ticks.map(clockLabel)).toEqual(['10:05', '10:10', '10:15']);
  });

  it('finds the sample nearest the pointer', () => {
    const points = [{ t: 0, v: 1 }, { t: 10, v: 2 }, { t: 20, v: 3 }];
    expect(nearest(points, 14)).toEqual({ t: 10, v: 2 });
    expect(nearest(points, 99)).toEqual({ t: 20, v: 3 });
    expect(nearest([], 5)).toBeUndefined();
  });
});

describe('secret values', () => {
  it('decodes text and only sizes binary data', () => {
    expect(decodeSecretValue(btoa('s3cret\n'))).toEqual({ text: 's3cret\n', bytes: 7 });
    expect(decodeSecretValue(Buffer.from('été').toString('base64'))).toEqual({ text: 'été', bytes: 5 });
    expect(decodeSecretValue(btoa(String.fromCharCode(0, 1, 255, 254)))).toEqual({ bytes: 4 });
    expect(decodeSecretValue('not base64!')).toEqual({ bytes: base64Size('not base64!') });
    expect(base64Size(btoa('12345'))).toBe(5);
    expect(base64Size(btoa('123456'))).toBe(6);
  });
});

describe('relations', () => {
  const object = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({ metadata: { name, namespace: 'default', ...extra } });

  it('follows owner references both ways', () => {
    const rs = object('web-1', { uid: 'rs1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] });
    expect(ownersOf(rs)).toEqual([{ kind: 'Deployment', name: 'web', namespace: 'default', info: expect.objectContaining({ plural: 'deployments' }) }]);
    const crd = object('x', { ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'w1' }] });
    expect(ownersOf(crd)[0]!.info).toBeUndefined();
    const pods = [object('b', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs1' }] }), object('a', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs1' }] }), object('c')];
    expect(ownedBy('rs1', pods).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(ownedBy(undefined, pods)).toEqual([]);
  });

  it("selects a Service's pods by every selector label in its namespace, and none without a selector", () => {
    const pod = (name: string, namespace: string, labels: Record<string, string>): Pod => ({ metadata: { name, namespace, labels } });
    const pods = [pod('match', 'default', { app: 'web', tier: 'front' }), pod('partial', 'default', { app: 'web' }), pod('other-ns', 'prod', { app: 'web', tier: 'front' })];
    const service: Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web', tier: 'front' } } };
    expect(podsSelectedBy(service, pods).map((p) => p.metadata!.name)).toEqual(['match']);
    expect(podsSelectedBy({ metadata: { name: 'ext', namespace: 'default' }, spec: {} }, pods)).toEqual([]);
  });

  it('lists the events about an object, newest first', () => {
    const event = (name: string, uid: string, lastTimestamp: string) => ({ metadata: { name }, involvedObject: { uid }, lastTimestamp }) as Event;
    const events = [event('old', 'p1', '2026-01-01T00:00:00Z'), event('new', 'p1', '2026-01-01T00:05:00Z'), event('else', 'p2', '2026-01-01T00:09:00Z')];
    expect(eventsAbout('p1', events).map((e) => e.metadata.name)).toEqual(['new', 'old']);
  });

  it('writes a workload selector as a label selector, from either form', () => {
    expect(selectorText({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] })).toBe('app=web,tier in (a,b)');
    expect(selectorText({ app: 'web', tier: 'front' })).toBe('app=web,tier=front');
    expect(selectorText(undefined)).toBe('');
  });
});
