// Readings of the machine itself (cAdvisor's root container): cumulative CPU, memory,
// the data dir's filesystem, the default interface's traffic and the PID count.
// Each is what the kubelet would read, taken the cheapest portable way: on Linux from
// /proc and /sys; elsewhere through systeminformation, loaded only there (it costs
// about 10 MB of the agent's 60 MB budget).
import { promises as fs } from 'node:fs';
import os from 'node:os';

export interface HostReading {
  /** Unix milliseconds. */
  time: number;
  cpuCores: number;
  /** Busy time of all cores since boot. */
  cpuUsageCoreNanoSeconds: number;
  memoryTotalBytes: number;
  memoryAvailableBytes: number;
  /** total − free: page cache included, like the root cgroup's usage. */
  memoryUsageBytes: number;
  /** total − available: what the kubelet's memory.available eviction signal is made of. */
  memoryWorkingSetBytes: number;
  fs: { capacityBytes: number; usedBytes: number; availableBytes: number };
  network?: { interface: string; rxBytes: number; txBytes: number };
  /** Linux only: scheduling entities in use and the kernel's limit. */
  pids?: { running: number; max: number };
}

/** Busy CPU time of every core, from the same counters top reads (os.cpus() reports milliseconds). */
export function cpuUsageCoreNanoSeconds(): number {
  let busyMs = 0;
  for (const cpu of os.cpus()) busyMs += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  return busyMs * 1e6;
}

export async function filesystemOf(dir: string): Promise<HostReading['fs']> {
  const s = await fs.statfs(dir);
  return { capacityBytes: s.blocks * s.bsize, usedBytes: (s.blocks - s.bfree) * s.bsize, availableBytes: s.bavail * s.bsize };
}

/** The interface of the default route: the one the node's address and traffic are on. */
export async function defaultInterface(): Promise<string | undefined> {
  if (process.platform === 'linux') return linuxDefaultInterface();
  try {
    // Elsewhere systeminformation asks the OS's route tool; on Linux it would spawn a shell each call.
    const si = (await import('systeminformation')).default;
    return (await si.networkInterfaceDefault()) || undefined;
  } catch {
    return undefined;
  }
}

/** The up default route (destination 0.0.0.0) with the lowest metric, from /proc/net/route. */
async function linuxDefaultInterface(): Promise<string | undefined> {
  let table: string;
  try {
    table = await fs.readFile('/proc/net/route', 'utf8');
  } catch {
    return undefined;
  }
  let best: { iface: string; metric: number } | undefined;
  for (const line of table.split('\n').slice(1)) {
    const [iface, destination, , flags, , , metric] = line.trim().split(/\s+/);
    const up = (parseInt(flags ?? '0', 16) & 0x1) !== 0;
    if (!iface || destination !== '00000000' || !up) continue;
    if (!best || Number(metric) < best.metric) best = { iface, metric: Number(metric) };
  }
  return best?.iface;
}

async function networkOf(iface: string | undefined): Promise<HostReading['network']> {
  if (!iface) return undefined;
  if (process.platform === 'linux') {
    // The counters systeminformation would read through a spawned `cat`.
    try {
      const dir = `/sys/class/net/${iface}/statistics`;
      const [rx, tx] = await Promise.all([fs.readFile(`${dir}/rx_bytes`, 'utf8'), fs.readFile(`${dir}/tx_bytes`, 'utf8')]);
      return { interface: iface, rxBytes: Number(rx.trim()), txBytes: Number(tx.trim()) };
    } catch {
      return undefined;
    }
  }
  const si = (await import('systeminformation')).default;
  const [s] = await si.networkStats(iface).catch(() => []);
  return s && s.iface === iface ? { interface: iface, rxBytes: s.rx_bytes, txBytes: s.tx_bytes } : undefined;
}

async function pidsOf(): Promise<HostReading['pids']> {
  if (process.platform !== 'linux') return undefined;
  try {
    // /proc/loadavg's fourth field is running/total scheduling entities, the count pid_max limits.
    const [loadavg, pidMax] = await Promise.all([fs.readFile('/proc/loadavg', 'utf8'), fs.readFile('/proc/sys/kernel/pid_max', 'utf8')]);
    const total = Number(loadavg.split(' ')[3]?.split('/')[1]);
    const max = Number(pidMax.trim());
    return Number.isFinite(total) && max > 0 ? { running: total, max } : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes of memory: total, free, and available (free plus what the kernel can reclaim). */
async function memoryOf(): Promise<{ total: number; free: number; available: number }> {
  if (process.platform === 'linux') {
    const info = await fs.readFile('/proc/meminfo', 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? NaN) * 1024;
    const [total, free, available] = [kib('MemTotal'), kib('MemFree'), kib('MemAvailable')];
    if (Number.isFinite(total) && Number.isFinite(free)) return { total, free, available: Number.isFinite(available) ? available : free };
  }
  const si = (await import('systeminformation')).default;
  const m = await si.mem();
  return { total: m.total, free: m.free, available: m.available };
}

export async function readHost(dataDir: string, iface: string | undefined): Promise<HostReading> {
  const [mem, fsReading, network, pids] = await Promise.all([memoryOf(), filesystemOf(dataDir), networkOf(iface), pidsOf()]);
  const reading: HostReading = {
    time: Date.now(),
    cpuCores: os.cpus().length,
    cpuUsageCoreNanoSeconds: cpuUsageCoreNanoSeconds(),
    memoryTotalBytes: mem.total,
    memoryAvailableBytes: mem.available,
    memoryUsageBytes: mem.total - mem.free,
    memoryWorkingSetBytes: mem.total - mem.available,
    fs: fsReading,
  };
  if (network) reading.network = network;
  if (pids) reading.pids = pids;
  return reading;
}
