// The agents' /stats/summary, fetched through their tunnels with a short timeout and
// kept for a while: kubectl top and the dashboard ask often, the agents sample every
// few seconds anyway, and one slow agent must not slow every request.
import type { StatsSummary } from '../../../api/stats.ts';
import { getNodeJson, type NodeDialer } from '../tunnel/node-request.ts';

export interface StatsSourceOptions {
  /** How long one agent may take to answer. Default 5 s. */
  timeoutMs?: number;
  /** How long an answer (or a failure) is reused. Default 10 s. */
  ttlMs?: number;
  log?: (line: string) => void;
}

export class StatsSource {
  private readonly cache = new Map<string, { at: number; summary: Promise<StatsSummary | undefined> }>();
  readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly log: (line: string) => void;

  constructor(private readonly tunnels: NodeDialer, opts: StatsSourceOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.ttlMs = opts.ttlMs ?? 10_000;
    this.log = opts.log ?? (() => undefined);
  }

  /** The node's summary, or undefined when it has no tunnel or its agent failed to answer. */
  summary(node: string): Promise<StatsSummary | undefined> {
    if (!this.tunnels.isConnected(node)) return Promise.resolve(undefined);
    const now = Date.now();
    const hit = this.cache.get(node);
    if (hit && now - hit.at < this.ttlMs) return hit.summary;
    const summary = getNodeJson<StatsSummary>(this.tunnels, node, '/stats/summary', this.timeoutMs).catch((err: Error) => {
      this.log(`stats of node ${node}: ${err.message}`);
      return undefined;
    });
    this.cache.set(node, { at: now, summary });
    // Nodes come and go; drop entries nobody will reuse.
    for (const [name, entry] of this.cache) if (now - entry.at >= this.ttlMs) this.cache.delete(name);
    return summary;
  }
}
