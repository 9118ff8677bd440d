import { describe, expect, it } from 'vitest';
import { SchedulerCache } from '../../electron/control-plane/scheduler/cache/cache.ts';
import { makeNode, makePod } from './fixtures.ts';

describe('SchedulerCache', () => {
  it('counts an assumed pod on its node at once, and keeps it once the binding is seen', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('n'));
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n');
    expect(cache.get('n')!.requested.milliCPU).toBe(1000);
    expect(cache.isAssumed(pod)).toBe(true);
    cache.addPod({ ...pod, spec: { ...pod.spec!, nodeName: 'n' } });
    expect(cache.isAssumed(pod)).toBe(false);
    expect(cache.get('n')!.pods).toHaveLength(1);
    expect(cache.get('n')!.requested.milliCPU).toBe(1000);
  });

  it('forgets an assumption whose binding failed', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('n'));
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n');
    cache.forgetPod(pod);
    expect(cache.get('n')!.pods).toHaveLength(0);
    expect(cache.get('n')!.requested.milliCPU).toBe(0);
  });

  it('keeps pods of a deleted node until they go, without listing the node', () => {
    const cache = new SchedulerCache();
    const node = makeNode('n');
    cache.setNode(node);
    const pod = makePod('p', { nodeName: 'n' });
    cache.addPod(pod);
    cache.removeNode(node);
    expect(cache.nodes).toHaveLength(0);
    cache.setNode(node);
    expect(cache.get('n')!.pods).toHaveLength(1);
    cache.removePod(pod);
    expect(cache.get('n')!.pods).toHaveLength(0);
  });

  it('counts the nodes holding each image', () => {
    const cache = new SchedulerCache();
    const images = [{ names: ['nginx:1'], sizeBytes: 1 }];
    cache.setNode(makeNode('a', { images }));
    cache.setNode(makeNode('b', { images }));
    expect(cache.nodesWithImage('nginx:1')).toBe(2);
    cache.removeNode(makeNode('a'));
    expect(cache.nodesWithImage('nginx:1')).toBe(1);
  });
});
