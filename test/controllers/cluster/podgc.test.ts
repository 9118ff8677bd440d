// Pod GC: pods of nodes that are gone, and finished pods over the threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { R } from '../../../client/types.ts';
import type { Pod } from '../../../electron/control-plane/controllers/namespace/objects.ts';
import { podGCController } from '../../../electron/control-plane/controllers/podgc/index.ts';
import { eventually, readyNode, startControllers, type ControllerHarness } from './harness.ts';

let h: ControllerHarness;
beforeAll(async () => {
  h = await startControllers([podGCController(2)], { resyncPeriodMs: 200 });
  await h.client.create(R.nodes, undefined, readyNode('present'));
});
afterAll(() => h.stop());

async function createPod(name: string, nodeName: string, phase?: 'Succeeded' | 'Running'): Promise<void> {
  const pod = await h.client.create<Pod>(R.pods, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }] },
  });
  if (phase) await h.client.updateStatus(R.pods, 'default', { ...pod, status: { phase } });
}

const podNames = async () => (await h.client.list(R.pods, 'default')).items.map((p) => p.metadata.name).sort();

describe('pod GC', () => {
  it('deletes pods bound to nodes that do not exist, and the oldest finished pods over the threshold', async () => {
    await createPod('on-present', 'present', 'Running');
    await createPod('on-vanished', 'vanished', 'Running');
    for (const name of ['done-1', 'done-2', 'done-3']) {
      await createPod(name, 'present', 'Succeeded');
      // creationTimestamp has whole seconds: space them so "oldest" is well defined.
      await new Promise((r) => setTimeout(r, 1000));
    }
    await eventually('orphaned and oldest finished pods deleted', async () => (await podNames()).join() === 'done-2,done-3,on-present');
    await new Promise((r) => setTimeout(r, 500));
    expect(await podNames()).toEqual(['done-2', 'done-3', 'on-present']);
  }, 20_000);
});
