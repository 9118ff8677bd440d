// Work queue semantics, with fake timers for the delays.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkQueue } from '../../client/work-queue.ts';

/** Whether a get() promise has settled, without waiting for it. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  const marker = Symbol('pending');
  const value = await Promise.race([p, Promise.resolve(marker)]);
  return value === marker ? { done: false } : { done: true, value: value as T };
}

describe('work queue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands keys out in order and keeps a waiting key once', async () => {
    const q = createWorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.len()).toBe(0);
  });

  it('never hands a key being processed to a second worker, and re-queues it after done()', async () => {
    const q = createWorkQueue();
    q.add('a');
    expect(await q.get()).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    const second = q.get();
    expect((await settled(second)).done).toBe(false);
    q.done('a');
    expect(await second).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('wakes a waiting worker on add', async () => {
    const q = createWorkQueue();
    const waiting = q.get();
    q.add('x');
    expect(await waiting).toBe('x');
  });

  it('adds after a delay, keeping the earliest time for a key', async () => {
    const q = createWorkQueue();
    q.addAfter('a', 100);
    q.addAfter('a', 500);
    q.addAfter('b', 200);
    q.addAfter('b', 50);
    vi.advanceTimersByTime(60);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('b');
    vi.advanceTimersByTime(50);
    expect(await q.get()).toBe('a');
    vi.advanceTimersByTime(1_000);
    expect(q.len()).toBe(0);
  });

  it('backs off exponentially per key until forgotten', async () => {
    const q = createWorkQueue({ baseDelayMs: 10, maxDelayMs: 40 });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = Date.now();
      q.addRateLimited('k');
      while (q.len() === 0) vi.advanceTimersByTime(1);
      delays.push(Date.now() - start);
      expect(await q.get()).toBe('k');
      q.done('k');
    }
    expect(delays).toEqual([10, 20, 40, 40]);
    q.forget('k');
    q.addRateLimited('k');
    vi.advanceTimersByTime(10);
    expect(q.len()).toBe(1);
  });

  it('shutDown wakes waiters with undefined, drops pending delays and ignores later adds', async () => {
    const q = createWorkQueue();
    const waiters = [q.get(), q.get()];
    q.addAfter('later', 10);
    q.shutDown();
    expect(await Promise.all(waiters)).toEqual([undefined, undefined]);
    vi.advanceTimersByTime(100);
    q.add('after');
    expect(q.len()).toBe(0);
    expect(await q.get()).toBeUndefined();
  });

  it('does not keep the process alive for a delayed key', () => {
    vi.useRealTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const q = createWorkQueue();
    q.addAfter('a', 60_000);
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    q.shutDown();
    spy.mockRestore();
  });
});
