// The pod status the kubelet reports (generateAPIPodStatus): container statuses
// from the runtime's newest two attempts per container, waiting reasons the sync
// recorded, the phase from upstream's getPhase, and the kubelet's conditions with
// lastTransitionTime moving only on a transition.
import { formatTime } from '../../api/meta.ts';
import type { Container, ContainerState, ContainerStatus as ApiContainerStatus, Pod, PodCondition, PodStatus } from '../../api/types.ts';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/types.ts';
import { qosClass } from '../../api/qos.ts';

export interface WaitingReason {
  reason: string;
  message?: string;
}

export interface StatusInput {
  pod: Pod;
  /** The pod's status as the API has it (a static pod's: its mirror's). */
  previous: PodStatus | undefined;
  sandbox: PodSandboxStatus | undefined;
  /** This pod's containers, any order. */
  containers: ContainerStatus[];
  /** Why a container is waiting (ErrImagePull, CrashLoopBackOff…), by container name. */
  reasons: Map<string, WaitingReason>;
  ready(containerId: string): boolean;
  started(containerId: string): boolean;
  runtimeName: string;
  nodeIP: string;
  /** Containers that will be started again (restartPolicy and exit code allow it). */
  willRestart(container: Container, latest: ContainerStatus | undefined): boolean;
}

const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

const time = (ms: number) => formatTime(new Date(ms));

function byNewest(containers: ContainerStatus[], name: string): ContainerStatus[] {
  return containers.filter((c) => c.name === name).sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
}

function stateOf(c: ContainerStatus, cid: string): ContainerState {
  switch (c.state) {
    case 'running':
      return { running: { startedAt: time(c.startedAt) } };
    case 'exited': {
      const terminated: NonNullable<ContainerState['terminated']> = { exitCode: c.exitCode, reason: c.reason ?? (c.exitCode === 0 ? 'Completed' : 'Error') };
      if (c.message) terminated.message = c.message;
      if (c.startedAt) terminated.startedAt = time(c.startedAt);
      terminated.finishedAt = time(c.finishedAt || Date.now());
      terminated.containerID = cid;
      return { terminated };
    }
    default:
      return { waiting: {} };
  }
}

function containerStatuses(input: StatusInput, specs: Container[], isInit: boolean, hasInit: boolean, initialized: boolean): ApiContainerStatus[] {
  const out: ApiContainerStatus[] = [];
  for (const spec of specs) {
    const [latest, previous] = byNewest(input.containers, spec.name);
    const status: ApiContainerStatus = {
      name: spec.name,
      state: { waiting: { reason: hasInit && !isInit && !initialized ? 'PodInitializing' : 'ContainerCreating' } },
      ready: false,
      restartCount: 0,
      image: spec.image ?? '',
      imageID: '',
      started: false,
    };
    if (latest) {
      const cid = `${input.runtimeName}://${latest.id}`;
      status.state = stateOf(latest, cid);
      status.restartCount = latest.attempt;
      status.imageID = latest.imageRef;
      status.containerID = cid;
      status.ready = latest.state === 'running' && input.ready(latest.id);
      status.started = latest.state === 'running' && input.started(latest.id);
      if (previous) status.lastState = stateOf(previous, `${input.runtimeName}://${previous.id}`);
    }
    const reason = input.reasons.get(spec.name);
    const doneInit = isInit && latest?.state === 'exited' && latest.exitCode === 0;
    if (reason && !doneInit && (!latest || latest.state !== 'running') && input.willRestart(spec, latest)) {
      if (status.state?.terminated) status.lastState = status.state;
      status.state = { waiting: reason.message ? { reason: reason.reason, message: reason.message } : { reason: reason.reason } };
    }
    if (!status.lastState) status.lastState = {};
    out.push(status);
  }
  // Upstream sorts app container statuses by name; init containers keep their order.
  if (!isInit) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

/** Upstream's getPhase (without the sidecar and restart-rule feature gates). */
function phaseOf(pod: Pod, init: ApiContainerStatus[], app: ApiContainerStatus[], initialized: boolean): NonNullable<PodStatus['phase']> {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  if (!initialized) {
    for (const s of init) {
      if (s.state?.running) pendingInit++;
      else if (s.state?.terminated) {
        if (s.state.terminated.exitCode !== 0) failedInit++;
      } else if (s.state?.waiting) {
        if (s.lastState?.terminated) {
          if (s.lastState.terminated.exitCode !== 0) failedInit++;
        } else pendingInit++;
      } else pendingInit++;
    }
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of app) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(previous: PodStatus | undefined, type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const now = formatTime(new Date());
  const status = ok ? 'True' : 'False';
  const old = previous?.conditions?.find((c) => c.type === type);
  const c: PodCondition = { type, status, lastProbeTime: null as unknown as string, lastTransitionTime: old && old.status === status ? old.lastTransitionTime ?? now : now };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function buildPodStatus(input: StatusInput): PodStatus {
  const { pod, previous } = input;
  const initSpecs = pod.spec?.initContainers ?? [];
  const appSpecs = pod.spec?.containers ?? [];
  // Once an app container exists the pod has initialized, even if init containers were since removed.
  const appCreated = appSpecs.some((c) => input.containers.some((s) => s.name === c.name));
  const initComplete = initSpecs.every((c) => {
    const latest = byNewest(input.containers, c.name)[0];
    return latest?.state === 'exited' && latest.exitCode === 0;
  });
  const initialized = appCreated || initComplete;

  const initStatuses = containerStatuses(input, initSpecs, true, initSpecs.length > 0, initialized);
  const appStatuses = containerStatuses(input, appSpecs, false, initSpecs.length > 0, initialized);
  if (appCreated) {
    // Init containers the runtime no longer has, once the pod ran: completed, as upstream infers.
    for (const s of initStatuses) if (s.state?.waiting && !s.containerID) s.state = { terminated: { exitCode: 0, reason: 'Completed' } };
  }
  let phase = phaseOf(pod, initStatuses, appStatuses, initialized);
  const before = pod.status?.phase;
  if (before === 'Succeeded' || before === 'Failed') phase = before;

  const status: PodStatus = { phase };
  const conditions: PodCondition[] = (previous?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const sandboxReady = input.sandbox?.state === 'ready';
  conditions.push(condition(previous, 'PodReadyToStartContainers', sandboxReady));
  const incomplete = initStatuses.filter((s) => !(s.state?.terminated?.exitCode === 0)).map((s) => s.name);
  conditions.push(
    initialized || incomplete.length === 0
      ? condition(previous, 'Initialized', true)
      : condition(previous, 'Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`),
  );
  const unready = appStatuses.filter((s) => !s.ready).map((s) => s.name);
  const gates = (pod.spec?.readinessGates ?? []).filter((g) => previous?.conditions?.find((c) => c.type === g.conditionType)?.status !== 'True').map((g) => g.conditionType);
  let containersReady: PodCondition;
  let ready: PodCondition;
  if (phase === 'Succeeded') {
    containersReady = condition(previous, 'ContainersReady', false, 'PodCompleted');
    ready = condition(previous, 'Ready', false, 'PodCompleted');
  } else if (unready.length > 0) {
    const message = `containers with unready status: [${unready.join(' ')}]`;
    containersReady = condition(previous, 'ContainersReady', false, 'ContainersNotReady', message);
    ready = condition(previous, 'Ready', false, 'ContainersNotReady', message);
  } else {
    containersReady = condition(previous, 'ContainersReady', true);
    ready = gates.length > 0
      ? condition(previous, 'Ready', false, 'ReadinessGatesNotReady', `corresponding condition of pod readiness gate "${gates[0]}" does not exist.`)
      : condition(previous, 'Ready', true);
  }
  conditions.push(ready, containersReady, condition(previous, 'PodScheduled', true));
  status.conditions = conditions;

  status.hostIP = input.nodeIP;
  status.hostIPs = [{ ip: input.nodeIP }];
  const podIP = input.sandbox?.ip ?? (pod.spec?.hostNetwork ? input.nodeIP : previous?.podIP);
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.startTime = previous?.startTime ?? formatTime(new Date());
  if (initSpecs.length > 0) status.initContainerStatuses = initStatuses;
  status.containerStatuses = appStatuses;
  status.qosClass = previous?.qosClass ?? qosClass(pod);
  if (previous?.phase === phase) {
    if (previous.reason) status.reason = previous.reason;
    if (previous.message) status.message = previous.message;
  }
  return status;
}
