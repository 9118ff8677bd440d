// The kubelet's four node conditions, judged from real readings with upstream's
// thresholds (its default hard eviction signals) and upstream's reasons and messages.
import type { NodeCondition } from '../../api/types.ts';
import type { NodeReadings } from '../stats/index.ts';

/** memory.available<100Mi */
export const MEMORY_AVAILABLE_MIN_BYTES = 100 * 1024 * 1024;
/** nodefs.available<10% */
export const NODEFS_AVAILABLE_MIN_FRACTION = 0.1;
/** pid.available<10% (upstream has no default; this is its documented example) */
export const PID_USED_MAX_FRACTION = 0.9;

type Judgement = Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>;

function pressure(type: string, under: boolean, yes: [string, string], no: [string, string]): Judgement {
  const [reason, message] = under ? yes : no;
  return { type, status: under ? 'True' : 'False', reason, message };
}

/** In upstream's order; `runtimeDown` is why the runtime did not answer, if it did not. */
export function judgeConditions(readings: NodeReadings, runtimeDown: string | undefined): Judgement[] {
  const memory = readings.memoryAvailableBytes < MEMORY_AVAILABLE_MIN_BYTES;
  const disk = readings.fs.capacityBytes > 0 && readings.fs.availableBytes < readings.fs.capacityBytes * NODEFS_AVAILABLE_MIN_FRACTION;
  const pids = readings.pids !== undefined && readings.pids.running > readings.pids.max * PID_USED_MAX_FRACTION;
  return [
    pressure('MemoryPressure', memory, ['KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'], ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available']),
    pressure('DiskPressure', disk, ['KubeletHasDiskPressure', 'kubelet has disk pressure'], ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure']),
    pressure('PIDPressure', pids, ['KubeletHasInsufficientPID', 'kubelet has insufficient PID available'], ['KubeletHasSufficientPID', 'kubelet has sufficient PID available']),
    runtimeDown === undefined
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: `container runtime is down: ${runtimeDown}` },
  ];
}

/**
 * The conditions to post: ours with this heartbeat, a transition time that moves only when
 * the status does, and any condition someone else owns left as it is.
 */
export function nextConditions(previous: readonly NodeCondition[] | undefined, judged: Judgement[], now: string): NodeCondition[] {
  const ours = new Set(judged.map((j) => j.type));
  const before = new Map((previous ?? []).map((c) => [c.type, c]));
  return [
    ...(previous ?? []).filter((c) => !ours.has(c.type)),
    ...judged.map((j) => {
      const old = before.get(j.type);
      return { ...j, lastHeartbeatTime: now, lastTransitionTime: old && old.status === j.status && old.lastTransitionTime ? old.lastTransitionTime : now };
    }),
  ];
}
