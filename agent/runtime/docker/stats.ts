// One reading per running app container, taken the way cAdvisor reports it:
// cumulative CPU time, and memory working set = usage minus inactive file pages.
import type Docker from 'dockerode';
import type { ContainerStats } from '../types.ts';
import type { DriverContext } from './context.ts';
import { ownFilters, TYPE_CONTAINER } from './labels.ts';

interface MemoryStatsRaw {
  usage?: number;
  stats?: Record<string, number>;
}

/** cgroup v2 names the counters `inactive_file`/`anon`, v1 (hierarchical) `total_inactive_file`/`total_rss`. */
export function memoryReading(m: MemoryStatsRaw | undefined): { usage: number; workingSet: number; rss?: number } {
  const usage = m?.usage ?? 0;
  const s = m?.stats ?? {};
  const inactive = s.inactive_file ?? s.total_inactive_file ?? 0;
  const rss = s.anon ?? s.total_rss ?? s.rss;
  return { usage, workingSet: Math.max(0, usage - inactive), ...(rss !== undefined ? { rss } : {}) };
}

async function reading(docker: Docker, id: string): Promise<ContainerStats | undefined> {
  let raw: Docker.ContainerStats & { read?: string };
  try {
    // one-shot: no wait for a second sample, which would cost a second per container
    raw = (await docker.getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false })) as Docker.ContainerStats & { read?: string };
  } catch {
    // gone between the list and the reading
    return undefined;
  }
  const mem = memoryReading(raw.memory_stats as MemoryStatsRaw);
  const t = raw.read ? Date.parse(raw.read) : NaN;
  return {
    containerId: id,
    timestamp: Number.isNaN(t) || t <= 0 ? Date.now() : t,
    cpuUsageCoreNanoSeconds: raw.cpu_stats?.cpu_usage?.total_usage ?? 0,
    memoryWorkingSetBytes: mem.workingSet,
    memoryUsageBytes: mem.usage,
    ...(mem.rss !== undefined ? { memoryRssBytes: mem.rss } : {}),
  };
}

export async function stats(ctx: DriverContext): Promise<ContainerStats[]> {
  const running = await ctx.docker.listContainers({ filters: { ...ownFilters(ctx.agentId, TYPE_CONTAINER), status: ['running'] } });
  const readings = await Promise.all(running.map((c) => reading(ctx.docker, c.Id)));
  return readings.filter((r): r is ContainerStats => r !== undefined);
}
