// What the host says about processes: whether a pid is still the process we
// started (pids are reused), and the CPU and memory of a process group. Linux
// reads /proc; elsewhere `ps` answers.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const onLinux = process.platform === 'linux';

interface ProcStat {
  pid: number;
  state: string;
  pgrp: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** cutime + cstime: children already waited for. */
  childTicks: number;
  startTime: string;
  rssPages: number;
}

/** /proc/PID/stat; the command name may hold spaces and parentheses, so fields count from its last `)`. */
async function procStat(pid: number | string): Promise<ProcStat | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields 3… of proc(5); fields[n - 3] is field n.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid: Number(pid),
    state: f[0],
    pgrp: Number(f[2]),
    ticks: Number(f[11]) + Number(f[12]),
    childTicks: Number(f[13]) + Number(f[14]),
    startTime: f[19],
    rssPages: Number(f[21]),
  };
}

/** An identity of the process now holding `pid` that a reused pid would not share; undefined when none runs. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  if (onLinux) {
    const stat = await procStat(pid);
    return stat && stat.state !== 'Z' ? stat.startTime : undefined;
  }
  try {
    const { stdout } = await run('ps', ['-o', 'lstart=', '-p', String(pid)]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The process that had `startTime` as `pid` still runs; without a start time (it was gone when we looked), no. */
export async function isAlive(pid: number, startTime: string | undefined): Promise<boolean> {
  return startTime !== undefined && (await processStartTime(pid)) === startTime;
}

export interface GroupUsage {
  cpuNanoSeconds: number;
  rssBytes: number;
}

let hostUnits: Promise<{ ticksPerSecond: number; pageSize: number }> | undefined;

function units() {
  hostUnits ??= (async () => {
    const conf = async (name: string, fallback: number) => {
      try {
        return Number((await run('getconf', [name])).stdout.trim()) || fallback;
      } catch {
        return fallback;
      }
    };
    return { ticksPerSecond: await conf('CLK_TCK', 100), pageSize: await conf('PAGESIZE', 4096) };
  })();
  return hostUnits;
}

/** CPU time and RSS summed over each process group (a container's whole process tree). */
export async function groupUsage(pgids: number[]): Promise<Map<number, GroupUsage>> {
  const usage = new Map<number, GroupUsage>(pgids.map((g) => [g, { cpuNanoSeconds: 0, rssBytes: 0 }]));
  if (pgids.length === 0) return usage;
  return onLinux ? procUsage(usage) : psUsage(usage);
}

async function procUsage(usage: Map<number, GroupUsage>): Promise<Map<number, GroupUsage>> {
  const { ticksPerSecond, pageSize } = await units();
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const stats = await Promise.all(pids.map((pid) => procStat(pid)));
  for (const s of stats) {
    const group = s && usage.get(s.pgrp);
    if (!group) continue;
    // The leader's reaped children count too: their CPU time is the container's.
    const ticks = s.ticks + (s.pid === s.pgrp ? s.childTicks : 0);
    group.cpuNanoSeconds += (ticks * 1e9) / ticksPerSecond;
    group.rssBytes += s.rssPages * pageSize;
  }
  return usage;
}

async function psUsage(usage: Map<number, GroupUsage>): Promise<Map<number, GroupUsage>> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,pgid=,rss=,time=']);
  for (const row of parsePs(stdout)) {
    const group = usage.get(row.pgid);
    if (!group) continue;
    group.cpuNanoSeconds += row.cpuSeconds * 1e9;
    group.rssBytes += row.rssKiB * 1024;
  }
  return usage;
}

/** Rows of `ps -o pid=,pgid=,rss=,time=`; time is `[[dd-]hh:]mm:ss[.ss]`. */
export function parsePs(output: string): { pid: number; pgid: number; rssKiB: number; cpuSeconds: number }[] {
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length === 4 && /^\d+$/.test(cols[0]))
    .map(([pid, pgid, rss, time]) => {
      const [days, clock] = time.includes('-') ? [Number(time.split('-')[0]), time.split('-')[1]] : [0, time];
      const seconds = clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
      return { pid: Number(pid), pgid: Number(pgid), rssKiB: Number(rss), cpuSeconds: days * 86_400 + seconds };
    });
}
