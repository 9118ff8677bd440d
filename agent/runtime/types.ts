// The one interface every runtime driver implements, shaped like the CRI
// (RuntimeService + ImageService): the pod workers speak only this, so docker,
// process and fake drivers are interchangeable under them.
import type { Duplex, Readable, Writable } from 'node:stream';

/** Labels every sandbox and container carries, so an agent finds its own after a restart. */
export const LABEL_POD_UID = 'io.kubernetes.pod.uid';
export const LABEL_POD_NAMESPACE = 'io.kubernetes.pod.namespace';
export const LABEL_POD_NAME = 'io.kubernetes.pod.name';
export const LABEL_CONTAINER_NAME = 'io.kubernetes.container.name';
export const LABEL_NODE_NAME = 'dev.flotilla.node';
/** Which agent owns it: two agents sharing one engine never touch each other's containers. */
export const LABEL_AGENT_ID = 'dev.flotilla.agent';

export interface PodSandboxMetadata {
  uid: string;
  namespace: string;
  name: string;
  /** Bumped each time the sandbox is recreated. */
  attempt: number;
}

export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  /** 0 or absent: not published on the node. */
  hostPort?: number;
  hostIP?: string;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname: string;
  hostNetwork: boolean;
  portMappings: PortMapping[];
  /** The LABEL_* identity labels, plus the pod's own labels. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  dns?: { servers: string[]; searches: string[]; options: string[] };
}

export type SandboxState = 'ready' | 'notready';

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: SandboxState;
  /** Unix milliseconds. */
  createdAt: number;
  /** The pod's IP as the runtime sees it (the node's for hostNetwork and for the process driver). */
  ip?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Mount {
  /** A volumeMount's subPath is already joined onto it by the pod worker. */
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerConfig {
  name: string;
  /** Restart count of this container in the pod; the runtime keeps it in a label. */
  attempt: number;
  image: string;
  /** The image's entrypoint is used when empty (Kubernetes `command`). */
  command: string[];
  /** The image's cmd is used when empty and command is empty too (Kubernetes `args`). */
  args: string[];
  workingDir?: string;
  env: { name: string; value: string }[];
  mounts: Mount[];
  /** Only for ports of the process driver, which has no sandbox to publish them. */
  ports: PortMapping[];
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  resources: {
    /** CPU limit in millicores. */
    cpuLimitMillis?: number;
    /** CPU request in millicores (cpu shares). */
    cpuRequestMillis?: number;
    memoryLimitBytes?: number;
  };
  securityContext: { runAsUser?: number; runAsGroup?: number; privileged?: boolean; readOnlyRootFilesystem?: boolean };
  labels: Record<string, string>;
  /** Kept verbatim: the pod worker stores its container hash, restart count and grace period here. */
  annotations: Record<string, string>;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  /** The image as the spec named it. */
  image: string;
  /** `docker-pullable://repo@sha256:…` or the image id, as upstream fills imageID. */
  imageRef: string;
  state: ContainerState;
  /** Unix milliseconds; 0 when not yet. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** For exited containers: `Completed`, `Error`, `OOMKilled`, `ContainerCannotRun`… */
  reason?: string;
  message?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ImageStatus {
  /** The image id (`sha256:…`). */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  sizeBytes: number;
}

export interface PullProgress {
  /** Engine's status line, e.g. `Downloading`, and how far. */
  status: string;
  current?: number;
  total?: number;
}

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  /** Unix milliseconds: only lines at or after it. */
  since?: number;
  /** Prefix each line with its RFC 3339 (nanosecond) timestamp and a space, as `kubectl logs --timestamps`. */
  timestamps: boolean;
}

export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** An exec or attach in progress. With a TTY, stderr is merged into stdout and absent. */
export interface StreamSession {
  stdin?: Writable;
  stdout?: Readable;
  stderr?: Readable;
  resize(size: { cols: number; rows: number }): Promise<void>;
  /** Resolves with the exit code once the process ends (attach: once the container's stream ends; code then is the container's if known). */
  exit: Promise<number>;
  /** Ends the session from this side (the client went away). */
  close(): void;
}

export interface ContainerStats {
  containerId: string;
  /** Unix milliseconds of the reading. */
  timestamp: number;
  /** Cumulative CPU time used, in nanoseconds; rates are the caller's job. */
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
  memoryUsageBytes: number;
  memoryRssBytes?: number;
}

export interface RuntimeEvent {
  /** A container started, died, or was removed outside the pod worker (e.g. its process was killed). */
  type: 'container-started' | 'container-died' | 'container-removed';
  containerId: string;
  podUid?: string;
}

export interface RuntimeVersion {
  /** `docker`, `process` or `fake`: what nodeInfo.containerRuntimeVersion is made of (`docker://27.5.1`). */
  runtimeName: string;
  runtimeVersion: string;
}

export interface Runtime {
  version(): Promise<RuntimeVersion>;

  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** Stops every container of the sandbox too; idempotent. */
  stopPodSandbox(id: string): Promise<void>;
  removePodSandbox(id: string): Promise<void>;
  podSandboxStatus(id: string): Promise<PodSandboxStatus | undefined>;
  /** Only this agent's sandboxes (LABEL_AGENT_ID). */
  listPodSandboxes(): Promise<PodSandboxStatus[]>;

  createContainer(sandboxId: string, config: ContainerConfig, sandbox: PodSandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), SIGKILL after timeoutSeconds; idempotent. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerStatus(id: string): Promise<ContainerStatus | undefined>;
  /** Only this agent's containers, of one sandbox when given. */
  listContainers(filter?: { sandboxId?: string }): Promise<ContainerStatus[]>;

  imageStatus(image: string): Promise<ImageStatus | undefined>;
  /** Rejects with the engine's message (which becomes the ErrImagePull message). */
  pullImage(image: string, onProgress?: (p: PullProgress) => void): Promise<ImageStatus>;

  /** stdout and stderr of the container, interleaved in order, ending when the container's log ends (or, with follow, when it exits). */
  logs(containerId: string, options: LogOptions): Promise<Readable>;
  exec(containerId: string, command: string[], options: StreamOptions): Promise<StreamSession>;
  attach(containerId: string, options: StreamOptions): Promise<StreamSession>;
  /** A connection to `port` inside the sandbox's network namespace (kubectl port-forward). */
  portForward(sandboxId: string, port: number): Promise<Duplex>;

  /** One reading per running container of this agent. */
  stats(): Promise<ContainerStats[]>;
  /** Pushes container lifecycle changes so the pod worker reacts without waiting for its resync. Returns an unsubscribe. */
  onEvent(listener: (event: RuntimeEvent) => void): () => void;

  close(): Promise<void>;
}
