// The last N minutes of samples for the dashboard's charts, bounded so the agent's
// memory does not grow with uptime or with pods that came and went.
import type { HistoryPoint, StatsHistory } from '../../api/stats.ts';

export class History {
  private node: HistoryPoint[] = [];
  private readonly pods = new Map<string, { uid: string; points: HistoryPoint[] }>();

  constructor(
    private readonly nodeName: string,
    private readonly intervalSeconds: number,
    private readonly windowMs: number,
  ) {}

  add(node: HistoryPoint, pods: { key: string; uid: string; point: HistoryPoint }[]): void {
    const oldest = node.t - this.windowMs;
    this.node = trim(this.node, oldest);
    this.node.push(node);
    for (const p of pods) {
      let entry = this.pods.get(p.key);
      // A pod recreated under the same name is a different pod: its chart starts over.
      if (!entry || entry.uid !== p.uid) this.pods.set(p.key, (entry = { uid: p.uid, points: [] }));
      entry.points.push(p.point);
    }
    for (const [key, entry] of this.pods) {
      entry.points = trim(entry.points, oldest);
      if (entry.points.length === 0) this.pods.delete(key);
    }
  }

  snapshot(): StatsHistory {
    const pods: StatsHistory['pods'] = {};
    for (const [key, entry] of this.pods) pods[key] = { uid: entry.uid, points: entry.points.slice() };
    return { nodeName: this.nodeName, intervalSeconds: this.intervalSeconds, node: this.node.slice(), pods };
  }
}

function trim(points: HistoryPoint[], oldest: number): HistoryPoint[] {
  let i = 0;
  while (i < points.length && points[i]!.t <= oldest) i++;
  return i === 0 ? points : points.slice(i);
}
