// The event recorder against a real control plane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types.ts';
import { createEventRecorder } from '../../client/event-recorder.ts';
import { createHttpClient } from '../../client/http-client.ts';
import { R } from '../../client/types.ts';
import type { Client } from '../../client/types.ts';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

type Event = KubeObject & {
  involvedObject: Record<string, string>;
  reason: string;
  message: string;
  type: string;
  count: number;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
};

let c: TestCluster;
let client: Client;
beforeAll(async () => {
  c = await startTestCluster();
  client = createHttpClient(c.cp.loopback);
});
afterAll(() => c.stop());

async function eventsAbout(namespace: string, name: string, want: (events: Event[]) => boolean): Promise<Event[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { items } = await client.list<Event>(R.events, namespace);
    const about = items.filter((e) => e.involvedObject.name === name);
    if (want(about)) return about;
    if (Date.now() > deadline) throw new Error(`events about ${name}: ${JSON.stringify(about)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('event recorder', () => {
  it('records an Event with the object reference, source and timestamps', async () => {
    const cm = await client.create<KubeObject>(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ev1' } });
    const recorder = createEventRecorder(client, 'test-controller', 'host-1');
    expect(recorder.event(cm, 'Normal', 'Synced', 'synced ok')).toBeUndefined();
    const [event] = await eventsAbout('default', 'ev1', (e) => e.length === 1);
    expect(event!.metadata.name).toMatch(/^ev1\.[0-9a-f]{16}$/);
    expect(event!.involvedObject).toEqual({
      kind: 'ConfigMap', namespace: 'default', name: 'ev1', uid: cm.metadata.uid, apiVersion: 'v1', resourceVersion: cm.metadata.resourceVersion,
    });
    expect([event!.type, event!.reason, event!.message, event!.count]).toEqual(['Normal', 'Synced', 'synced ok', 1]);
    expect(event!.source).toEqual({ component: 'test-controller', host: 'host-1' });
    expect(event!.firstTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event!.lastTimestamp).toBe(event!.firstTimestamp);
  });

  it('counts repeats in one Event and keeps different messages apart', async () => {
    const cm = await client.create(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ev2' } });
    const recorder = createEventRecorder(client, 'test-controller');
    recorder.event(cm, 'Warning', 'Failed', 'boom');
    // Let the first be written, so the repeat is an update of the stored Event.
    await eventsAbout('default', 'ev2', (e) => e.length === 1);
    recorder.event(cm, 'Warning', 'Failed', 'boom');
    const counted = await eventsAbout('default', 'ev2', (e) => e.length === 1 && e[0]!.count === 2);
    expect(counted[0]!.type).toBe('Warning');

    // Repeats while the first write is in flight end up in the same Event.
    recorder.event(cm, 'Warning', 'Failed', 'other');
    recorder.event(cm, 'Warning', 'Failed', 'other');
    recorder.event(cm, 'Warning', 'Failed', 'other');
    const all = await eventsAbout('default', 'ev2', (e) => e.length === 2 && e.every((x) => x.count >= 2));
    expect(all.map((e) => [e.message, e.count]).sort()).toEqual([['boom', 2], ['other', 3]]);
  });

  it('puts Events about cluster-scoped objects (listed ones too) in default', async () => {
    const { items } = await client.list(R.namespaces, undefined);
    const ns = items.find((n) => n.metadata.name === 'kube-system')!;
    createEventRecorder(client, 'test-controller').event(ns, 'Normal', 'Seen', 'listed');
    const [event] = await eventsAbout('default', 'kube-system', (e) => e.length === 1);
    expect(event!.involvedObject).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', name: 'kube-system' });
    expect(event!.involvedObject.namespace).toBeUndefined();
  });

  it('logs and drops failed writes without throwing to the caller', async () => {
    const logs: string[] = [];
    const recorder = createEventRecorder(client, 'test-controller', undefined, (l) => logs.push(l));
    // Namespace "missing" does not exist, so the create is refused.
    recorder.event({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'missing', uid: 'u' } }, 'Normal', 'R', 'm');
    const deadline = Date.now() + 5_000;
    while (logs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(logs[0]).toMatch(/event recorder test-controller: .*missing/);
  });
});
