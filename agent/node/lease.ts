// The node's heartbeat: a Lease in kube-node-lease renewed every 10 s (a quarter of its
// 40 s duration, as upstream), cheap enough that the full status is posted rarely.
import type { KubeObject, Lease } from '../../api/types.ts';
import { StatusError } from '../../api/status.ts';
import type { Client, ResourceRef } from '../../client/types.ts';

export const LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

type LeaseObject = Lease & KubeObject;

/** MicroTime: RFC 3339 with microseconds, as the Lease's renewTime is serialized upstream. */
export function microTime(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface LeaseOptions {
  client: Client;
  nodeName: string;
  /** The Node's uid once it is registered: the Lease is owned by it, so deleting the Node deletes the Lease. */
  nodeUid(): string | undefined;
  log: (line: string) => void;
  renewIntervalMs?: number;
  /** Told after each attempt, so a node back from a partition posts its status at once. */
  onRenew?(ok: boolean): void;
}

export interface LeaseHeartbeat {
  stop(): void;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 7_000;

export function startLease(opts: LeaseOptions): LeaseHeartbeat {
  const interval = opts.renewIntervalMs ?? (LEASE_DURATION_SECONDS * 1000) / 4;
  let latest: LeaseObject | undefined;
  let failures = 0;
  let lastError = '';
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const desired = (base: LeaseObject | undefined): LeaseObject => {
    const uid = opts.nodeUid();
    const lease: LeaseObject = base ? structuredClone(base) : { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: opts.nodeName, namespace: LEASE_NAMESPACE } };
    if (uid && !lease.metadata.ownerReferences?.some((r) => r.uid === uid)) {
      lease.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: opts.nodeName, uid }];
    }
    lease.spec = { ...lease.spec, holderIdentity: opts.nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime() };
    return lease;
  };

  async function renew(): Promise<void> {
    const c = opts.client;
    if (latest) {
      latest = await c.update(LEASES, LEASE_NAMESPACE, desired(latest));
      return;
    }
    // No lease in hand (first time, or the last update failed): read it fresh, or make it.
    try {
      latest = await c.update(LEASES, LEASE_NAMESPACE, desired(await c.get<LeaseObject>(LEASES, LEASE_NAMESPACE, opts.nodeName)));
    } catch (err) {
      if (!(err instanceof StatusError && err.code === 404)) throw err;
      latest = await c.create(LEASES, LEASE_NAMESPACE, desired(undefined));
    }
  }

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms);
  };
  function tick(): void {
    renew().then(() => {
      if (failures > 0) opts.log(`lease renewed again after ${failures} failed attempt${failures === 1 ? '' : 's'}`);
      failures = 0;
      lastError = '';
      opts.onRenew?.(true);
      schedule(interval);
    }, (err: Error) => {
      latest = undefined;
      failures++;
      if (err.message !== lastError) opts.log(`lease: cannot renew: ${err.message}`);
      lastError = err.message;
      opts.onRenew?.(false);
      schedule(Math.min(RETRY_MIN_MS * 2 ** (failures - 1), RETRY_MAX_MS, interval));
    });
  }
  tick();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
