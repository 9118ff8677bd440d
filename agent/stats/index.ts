// The agent's cAdvisor: samples the machine and the runtime's containers every
// interval, serves the newest as /stats/summary and keeps a short history in memory.
import os from 'node:os';
import type { PodSummary, StatsHistory, StatsSummary } from '../../api/stats.ts';
import type { Runtime } from '../runtime/types.ts';
import { History } from './history.ts';
import { defaultInterface, readHost, type HostReading } from './host.ts';
import { CpuRates, podSummaries } from './pods.ts';

export { defaultInterface } from './host.ts';

export interface NodeReadings extends HostReading {
  /** Average over the last sampling window. */
  cpuUsageNanoCores: number;
}

export interface StatsOptions {
  runtime: Runtime;
  nodeName: string;
  /** Whose filesystem is the node's (ephemeral storage lives there). */
  dataDir: string;
  intervalSeconds?: number;
  historyMinutes?: number;
  log: (line: string) => void;
}

export interface Stats {
  summary(): Promise<StatsSummary>;
  history(): StatsHistory;
  latestNode(): NodeReadings;
  stop(): void;
}

/** How long the first CPU window is, so the first reading already has a rate. */
const FIRST_WINDOW_MS = 250;
/** The default route rarely moves; looking it up each sample would cost more than the sample. */
const INTERFACE_REFRESH_MS = 60_000;

export async function startStats(opts: StatsOptions): Promise<Stats> {
  const intervalSeconds = opts.intervalSeconds ?? 10;
  const history = new History(opts.nodeName, intervalSeconds, (opts.historyMinutes ?? 15) * 60_000);
  const rates = new CpuRates();
  const bootTime = new Date(Date.now() - os.uptime() * 1000).toISOString();
  let iface = await defaultInterface();
  let ifaceCheckedAt = Date.now();
  let previous = await readHost(opts.dataDir, iface);
  await new Promise((resolve) => setTimeout(resolve, FIRST_WINDOW_MS));
  let latest: NodeReadings = { ...previous, cpuUsageNanoCores: 0 };
  let pods: PodSummary[] = [];
  let lastError = '';
  let stopped = false;

  async function sample(): Promise<void> {
    if (Date.now() - ifaceCheckedAt > INTERFACE_REFRESH_MS) {
      iface = await defaultInterface();
      ifaceCheckedAt = Date.now();
    }
    const host = await readHost(opts.dataDir, iface);
    const elapsed = host.time - previous.time;
    const busy = host.cpuUsageCoreNanoSeconds - previous.cpuUsageCoreNanoSeconds;
    latest = { ...host, cpuUsageNanoCores: elapsed > 0 && busy >= 0 ? Math.round((busy * 1000) / elapsed) : latest.cpuUsageNanoCores };
    previous = host;
    try {
      const [containers, readings] = await Promise.all([opts.runtime.listContainers(), opts.runtime.stats()]);
      pods = podSummaries(containers, readings, rates);
      lastError = '';
    } catch (err) {
      // The runtime being down is the node status's business; here it only means no pod readings.
      const message = (err as Error).message;
      if (message !== lastError) opts.log(`stats: cannot read container stats: ${message}`);
      lastError = message;
      pods = [];
    }
    history.add(
      { t: host.time, cpuNanoCores: latest.cpuUsageNanoCores, memoryWorkingSetBytes: host.memoryWorkingSetBytes },
      pods.map((p) => ({
        key: `${p.podRef.namespace}/${p.podRef.name}`,
        uid: p.podRef.uid,
        point: { t: host.time, cpuNanoCores: p.cpu?.usageNanoCores ?? 0, memoryWorkingSetBytes: p.memory?.workingSetBytes ?? 0 },
      })),
    );
  }

  let running: Promise<void> | undefined;
  const tick = () => {
    // A sample slower than the interval (a busy engine) is not stacked on by the next one.
    if (running || stopped) return;
    running = sample()
      .catch((err: Error) => opts.log(`stats: sampling failed: ${err.message}`))
      .finally(() => (running = undefined));
  };
  await sample();
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();

  return {
    async summary(): Promise<StatsSummary> {
      const time = new Date(latest.time).toISOString();
      const node: StatsSummary['node'] = {
        nodeName: opts.nodeName,
        startTime: bootTime,
        cpu: { time, usageNanoCores: latest.cpuUsageNanoCores, usageCoreNanoSeconds: latest.cpuUsageCoreNanoSeconds },
        memory: { time, workingSetBytes: latest.memoryWorkingSetBytes, usageBytes: latest.memoryUsageBytes, availableBytes: latest.memoryAvailableBytes },
        fs: { time, ...latest.fs },
      };
      if (latest.network) node.network = { time, rxBytes: latest.network.rxBytes, txBytes: latest.network.txBytes };
      return { node, pods, window: `${intervalSeconds}s` };
    },
    history: () => history.snapshot(),
    latestNode: () => latest,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
