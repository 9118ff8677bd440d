import { describe, expect, it } from 'vitest';
import { SchedulingQueue } from '../../electron/control-plane/scheduler/queue/scheduling-queue.ts';
import { makePod } from './fixtures.ts';

function setup() {
  const clock = { t: 0 };
  const queue = new SchedulingQueue({ priorityOf: (p) => p.spec?.priority ?? 0, now: () => clock.t });
  return { clock, queue };
}

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival', async () => {
    const { clock, queue } = setup();
    queue.add(makePod('low-old', { priority: 1 }));
    clock.t = 1;
    queue.add(makePod('high', { priority: 10 }));
    clock.t = 2;
    queue.add(makePod('low-new', { priority: 1 }));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await queue.pop())!.pod.metadata.name);
    expect(order).toEqual(['high', 'low-old', 'low-new']);
  });

  it('keeps unschedulable pods until a cluster change, then backs them off 1 s, 2 s, … up to 10 s', async () => {
    const { clock, queue } = setup();
    queue.add(makePod('p'));
    let qp = (await queue.pop())!;
    queue.addUnschedulable(qp, true);
    expect(queue.stats()).toMatchObject({ active: 0, unschedulable: 1 });
    queue.moveAllToActiveOrBackoff();
    expect(queue.stats()).toMatchObject({ backoff: 1, unschedulable: 0 });
    clock.t = 999;
    queue.flushBackoffCompleted();
    expect(queue.stats().active).toBe(0);
    clock.t = 1000;
    queue.flushBackoffCompleted();
    expect(queue.stats().active).toBe(1);
    qp = (await queue.pop())!;
    expect(queue.backoffExpiry({ ...qp, failedAt: 0 })).toBe(2000);
    expect(queue.backoffExpiry({ ...qp, attempts: 10, failedAt: 0 })).toBe(10_000);
  });

  it('sends a pod to backoff when the cluster changed while it was being scheduled', async () => {
    const { queue } = setup();
    queue.add(makePod('p'));
    const qp = (await queue.pop())!;
    queue.moveAllToActiveOrBackoff();
    queue.addUnschedulable(qp, true);
    expect(queue.stats()).toMatchObject({ backoff: 1, unschedulable: 0 });
  });

  it('retries unschedulable pods after five minutes without any change', async () => {
    const { clock, queue } = setup();
    queue.add(makePod('p'));
    queue.addUnschedulable((await queue.pop())!, true);
    clock.t = 5 * 60_000 - 1;
    queue.flushUnschedulableLeftover();
    expect(queue.stats().unschedulable).toBe(1);
    clock.t = 5 * 60_000;
    queue.flushUnschedulableLeftover();
    expect(queue.stats()).toMatchObject({ unschedulable: 0, active: 1 });
  });

  it('drops a pod deleted while in flight, and an update moves an unschedulable pod back', async () => {
    const { queue } = setup();
    const pod = makePod('p');
    queue.add(pod);
    const qp = (await queue.pop())!;
    queue.delete(pod);
    queue.addUnschedulable(qp, true);
    expect(queue.stats()).toEqual({ active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });

    const other = makePod('q');
    queue.add(other);
    queue.addUnschedulable((await queue.pop())!, true);
    queue.update({ ...other, metadata: { ...other.metadata, labels: { changed: 'yes' } } });
    expect(queue.stats().unschedulable).toBe(0);
  });

  it('wakes a waiting pop when a pod arrives, and resolves undefined when closed', async () => {
    const { queue } = setup();
    const waiting = queue.pop();
    queue.add(makePod('p'));
    expect((await waiting)?.pod.metadata.name).toBe('p');
    const idle = queue.pop();
    queue.close();
    expect(await idle).toBeUndefined();
  });
});
