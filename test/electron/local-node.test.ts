// The "join as a node" switch and the tray's node count, against a real control
// plane and a real agent (its fake runtime: no containers are needed here).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../electron/control-plane/index.ts';
import { healthLabel, watchNodeHealth, type NodeHealth } from '../../electron/main/cluster-health.ts';
import { applyJoinAsNode, localNode } from '../../electron/main/local-node.ts';
import { apiCaller } from '../helpers/cluster.ts';
import { startFakeLocalAgent } from './fake-local-agent.ts';

const NODE = 'desk';
const until = (check: () => void | Promise<void>): Promise<void> => vi.waitFor(check, { timeout: 20_000, interval: 50 });

describe('local node switch and node health', () => {
  let dir: string;
  let cp: ControlPlane;
  let health: { stop(): void };
  const seen: NodeHealth[] = [];
  let starts = 0;
  const log = (): void => undefined;

  const startLocal = () => {
    starts++;
    return startFakeLocalAgent(cp, NODE, dir);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-local-node-'));
    cp = await startControlPlane({ dataDir: path.join(dir, 'data'), listen: '127.0.0.1:0', controllers: false });
    health = watchNodeHealth(cp.loopback, log, (h) => seen.push(h));
  });

  afterAll(async () => {
    health.stop();
    await cp.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the nodes once listed, then each change of the count', async () => {
    await until(() => expect(seen).toEqual([{ ready: 0, total: 0 }]));
    expect(healthLabel({ ready: 2, total: 3 })).toBe('Nodes ready 2/3');
  });

  it('starts the agent when switched on and stops it when switched off', async () => {
    const node = localNode(startLocal);
    await node.set(true);
    expect(node.isRunning()).toBe(true);
    await until(() => expect(cp.tunnels.isConnected(NODE)).toBe(true));
    await until(() => expect(seen.at(-1)).toEqual({ ready: 1, total: 1 }));

    await node.set(false);
    expect(node.isRunning()).toBe(false);
    await until(() => expect(cp.tunnels.isConnected(NODE)).toBe(false));
  });

  it('applies quick toggles in order, ending with one agent', async () => {
    const node = localNode(startLocal);
    starts = 0;
    await Promise.all([node.set(true), node.set(false), node.set(true), node.set(true)]);
    expect(starts).toBe(2);
    expect(node.isRunning()).toBe(true);
    await until(() => expect(cp.tunnels.isConnected(NODE)).toBe(true));
    await node.set(false);
  });

  it('rejects with the reason when the agent cannot start, and takes the next toggle', async () => {
    const node = localNode(() => Promise.reject(new Error('no container engine answers')));
    await expect(node.set(true)).rejects.toThrow('no container engine answers');
    expect(node.isRunning()).toBe(false);
    await expect(node.set(false)).resolves.toBeUndefined();
  });

  it('tells the settings page why the setting did not take', async () => {
    const failing = localNode(() => Promise.reject(new Error('no container engine answers')));
    await expect(applyJoinAsNode(failing, true, true)).rejects.toThrow('This machine could not join as a node: no container engine answers');
    const node = localNode(startLocal);
    starts = 0;
    await expect(applyJoinAsNode(node, true, false)).rejects.toThrow('started with --no-agent');
    await expect(applyJoinAsNode(node, false, false)).resolves.toBeUndefined();
    expect(starts).toBe(0);
  });

  it('counts a node that goes away', async () => {
    const api = apiCaller(cp.url, cp.adminToken, cp.caCertPem);
    // Writes of the agents stopped above may still be landing, and a delete conflicts with them.
    await until(async () => {
      const deleted = await api('DELETE', `/api/v1/nodes/${NODE}`);
      expect(deleted.status, deleted.body.message).toBe(200);
    });
    await until(() => expect(seen.at(-1)).toEqual({ ready: 0, total: 0 }));
  });
});
