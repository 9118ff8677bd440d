// What an agent measures (cAdvisor-like) and serves to the control plane over its
// tunnel: the newest readings, in the shape of the kubelet's /stats/summary, and
// the in-memory history behind the dashboard's charts. metrics.k8s.io is made from these.

export interface CpuReading {
  /** RFC 3339 time of the reading. */
  time: string;
  /** Average over the sampling window, in nanocores (1e9 = one core). */
  usageNanoCores: number;
  usageCoreNanoSeconds: number;
}

export interface MemoryReading {
  time: string;
  workingSetBytes: number;
  usageBytes: number;
  availableBytes?: number;
  rssBytes?: number;
}

export interface FsReading {
  time: string;
  capacityBytes: number;
  usedBytes: number;
  availableBytes: number;
}

export interface NetworkReading {
  time: string;
  rxBytes: number;
  txBytes: number;
}

export interface ContainerSummary {
  name: string;
  startTime: string;
  cpu?: CpuReading;
  memory?: MemoryReading;
}

export interface PodSummary {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerSummary[];
  cpu?: CpuReading;
  memory?: MemoryReading;
}

export interface NodeSummary {
  nodeName: string;
  startTime: string;
  cpu?: CpuReading;
  memory?: MemoryReading;
  fs?: FsReading;
  network?: NetworkReading;
}

/** GET /stats/summary on the agent. */
export interface StatsSummary {
  node: NodeSummary;
  pods: PodSummary[];
  /** Sampling period the rates were taken over, as a Go duration (`10s`). */
  window: string;
}

/** One sample of the history: unix milliseconds and values, oldest first. */
export interface HistoryPoint {
  t: number;
  cpuNanoCores: number;
  memoryWorkingSetBytes: number;
}

/** GET /stats/history on the agent: the last 15 minutes of samples, node and per pod. */
export interface StatsHistory {
  nodeName: string;
  intervalSeconds: number;
  node: HistoryPoint[];
  /** Keyed by `namespace/name`. */
  pods: Record<string, { uid: string; points: HistoryPoint[] }>;
}
