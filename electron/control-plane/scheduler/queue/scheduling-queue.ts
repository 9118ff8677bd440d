// Pods waiting to be scheduled (upstream's internal/queue PriorityQueue, with
// queueing hints simplified): activeQ ordered by priority then arrival, backoffQ
// for pods that failed recently, and unschedulable pods that wait for a cluster
// change (or 5 minutes) before they are tried again.
import type { Pod } from '../framework/types.ts';
import { KeyedHeap } from './heap.ts';

export interface QueuedPod {
  pod: Pod;
  readonly key: string;
  /** When the pod entered the queue (or was last moved back to active): ties on priority go to the oldest. */
  timestamp: number;
  /** Scheduling attempts so far; each doubles the backoff. */
  attempts: number;
  /** When it last failed, for its backoff and the unschedulable timeout. */
  failedAt: number;
  /** The scheduling cycle that popped it, compared with the last cluster change. */
  cycle: number;
}

export interface QueueOptions {
  priorityOf(pod: Pod): number;
  now?: () => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Unschedulable pods are retried after this long even if nothing changed. */
  unschedulableTimeoutMs?: number;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

export class SchedulingQueue {
  private readonly active: KeyedHeap<QueuedPod>;
  private readonly backoff: KeyedHeap<QueuedPod>;
  private readonly unschedulable = new Map<string, QueuedPod>();
  /** Popped and not yet back: the latest version of the pod, or null once deleted. */
  private readonly inFlight = new Map<string, Pod | null>();
  private readonly waiters: ((qp: QueuedPod | undefined) => void)[] = [];
  private readonly now: () => number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly unschedulableTimeoutMs: number;
  private schedulingCycle = 0;
  /** The cycle of the last cluster change: pods in flight then may fit now. */
  private moveRequestCycle = -1;
  private closed = false;

  constructor(private readonly opts: QueueOptions) {
    this.now = opts.now ?? Date.now;
    this.initialBackoffMs = opts.initialBackoffMs ?? 1_000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.unschedulableTimeoutMs = opts.unschedulableTimeoutMs ?? 5 * 60_000;
    this.active = new KeyedHeap((q) => q.key, (a, b) => {
      const pa = opts.priorityOf(a.pod);
      const pb = opts.priorityOf(b.pod);
      return pa !== pb ? pa > pb : a.timestamp < b.timestamp;
    });
    this.backoff = new KeyedHeap((q) => q.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  backoffExpiry(qp: QueuedPod): number {
    const duration = Math.min(this.initialBackoffMs * 2 ** Math.max(qp.attempts - 1, 0), this.maxBackoffMs);
    return qp.failedAt + duration;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.inFlight.has(key)) {
      this.inFlight.set(key, pod);
      return;
    }
    const existing = this.find(key);
    if (existing) {
      this.update(pod);
      return;
    }
    this.pushActive({ pod, key, timestamp: this.now(), attempts: 0, failedAt: 0, cycle: 0 });
  }

  /** A pending pod changed: it may fit now, so an unschedulable one is retried. */
  update(pod: Pod): void {
    const key = podKey(pod);
    if (this.inFlight.has(key)) {
      this.inFlight.set(key, pod);
      return;
    }
    const inActive = this.active.get(key);
    if (inActive) {
      this.active.push({ ...inActive, pod });
      return;
    }
    const inBackoff = this.backoff.get(key);
    if (inBackoff) {
      this.backoff.push({ ...inBackoff, pod });
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (waiting) {
      this.unschedulable.delete(key);
      this.requeue({ ...waiting, pod });
      return;
    }
    this.add(pod);
  }

  /** A pending pod's status changed (nothing that affects where it fits): keep it where it waits. */
  refresh(pod: Pod): void {
    const key = podKey(pod);
    if (this.inFlight.has(key)) this.inFlight.set(key, pod);
    for (const heap of [this.active, this.backoff]) {
      const qp = heap.get(key);
      if (qp) heap.push({ ...qp, pod });
    }
    const waiting = this.unschedulable.get(key);
    if (waiting) this.unschedulable.set(key, { ...waiting, pod });
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    if (this.inFlight.has(key)) this.inFlight.set(key, null);
    this.active.remove(key);
    this.backoff.remove(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to schedule, waiting for one; undefined once closed. */
  pop(): Promise<QueuedPod | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const qp = this.active.pop();
    if (qp) return Promise.resolve(this.take(qp));
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Returns a pod that did not get scheduled. Unschedulable pods wait for a cluster
   * change unless one happened while they were being scheduled; errors back off.
   */
  addUnschedulable(qp: QueuedPod, unschedulable: boolean): void {
    const latest = this.inFlight.get(qp.key);
    this.inFlight.delete(qp.key);
    if (latest === null) return;
    const back: QueuedPod = { ...qp, pod: latest ?? qp.pod, failedAt: this.now() };
    if (unschedulable && this.moveRequestCycle < qp.cycle) this.unschedulable.set(back.key, back);
    else this.backoff.push(back);
  }

  /** The pod was scheduled (or dropped): forget it. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** A node or pod changed: every unschedulable pod gets another try (after its backoff). */
  moveAllToActiveOrBackoff(): void {
    this.moveRequestCycle = this.schedulingCycle;
    const waiting = [...this.unschedulable.values()];
    this.unschedulable.clear();
    for (const qp of waiting) this.requeue(qp);
  }

  /** Moves pods whose backoff has expired to activeQ. */
  flushBackoffCompleted(): void {
    const now = this.now();
    for (let qp = this.backoff.peek(); qp && this.backoffExpiry(qp) <= now; qp = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive({ ...qp, timestamp: now });
    }
  }

  /** Retries pods that have been unschedulable for longer than the timeout. */
  flushUnschedulableLeftover(): void {
    const now = this.now();
    for (const [key, qp] of this.unschedulable) {
      if (now - qp.failedAt < this.unschedulableTimeoutMs) continue;
      this.unschedulable.delete(key);
      this.requeue(qp);
    }
  }

  /** Counts per sub-queue, for tests and logs. */
  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private find(key: string): QueuedPod | undefined {
    return this.active.get(key) ?? this.backoff.get(key) ?? this.unschedulable.get(key);
  }

  private requeue(qp: QueuedPod): void {
    if (this.backoffExpiry(qp) > this.now()) this.backoff.push(qp);
    else this.pushActive({ ...qp, timestamp: this.now() });
  }

  private pushActive(qp: QueuedPod): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.take(qp));
    else this.active.push(qp);
  }

  private take(qp: QueuedPod): QueuedPod {
    this.schedulingCycle++;
    this.inFlight.set(qp.key, qp.pod);
    return { ...qp, attempts: qp.attempts + 1, cycle: this.schedulingCycle };
  }
}
