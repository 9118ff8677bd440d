// The agents' summaries are fetched through the tunnel and reused for a while.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSummary } from '../../api/stats.ts';
import { StatsSource } from '../../electron/control-plane/metrics/source.ts';
import { TunnelRegistry } from '../../electron/control-plane/tunnel/registry.ts';
import { connectTestTunnel, type TestTunnel } from '../helpers/tunnel.ts';

const tunnels = new TunnelRegistry();
const server = http.createServer();
let connected: TestTunnel;
let asked = 0;
let answer: () => { status: number; body: string };

const summary = (nanoCores: number): StatsSummary => ({
  node: { nodeName: 'n1', startTime: '2026-01-01T00:00:00Z', cpu: { time: '2026-01-01T00:00:10Z', usageNanoCores: nanoCores, usageCoreNanoSeconds: 0 } },
  pods: [],
  window: '10s',
});

const node = http.createServer((req, res) => {
  asked++;
  const { status, body } = answer();
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
});

beforeAll(async () => {
  server.on('upgrade', (req, socket, head) => tunnels.accept(req, socket, head, 'n1'));
  connected = await connectTestTunnel(server, node, tunnels, 'n1');
});

afterAll(() => connected.close());

describe('stats source', () => {
  it('reuses an answer within its lifetime and asks again after it', async () => {
    answer = () => ({ status: 200, body: JSON.stringify(summary(asked)) });
    const source = new StatsSource(tunnels, { ttlMs: 200 });
    asked = 0;
    const [a, b] = await Promise.all([source.summary('n1'), source.summary('n1')]);
    expect(a).toEqual(summary(1));
    expect(b).toBe(a);
    expect(asked).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    expect(await source.summary('n1')).toEqual(summary(2));
  });

  it('an agent answering an error or garbage counts as no stats, and is logged', async () => {
    const log: string[] = [];
    const source = new StatsSource(tunnels, { ttlMs: 0, log: (l) => log.push(l) });
    answer = () => ({ status: 500, body: JSON.stringify({ kind: 'Status', message: 'stats are not ready' }) });
    expect(await source.summary('n1')).toBeUndefined();
    answer = () => ({ status: 200, body: 'not json' });
    expect(await source.summary('n1')).toBeUndefined();
    expect(log).toEqual([
      'stats of node n1: error talking to the agent of node "n1": /stats/summary: stats are not ready',
      'stats of node n1: error talking to the agent of node "n1": /stats/summary answered 200 with a body that is not JSON',
    ]);
  });
});
