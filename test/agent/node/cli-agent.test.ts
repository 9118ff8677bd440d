// `flotilla agent` as a process against a real control plane (fake runtime): the
// progress lines a user reads, a clean exit on SIGTERM, and a restart from the data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../../../api/types.ts';
import { bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken } from '../../../electron/control-plane/join/index.ts';
import { startAgentProcess, type AgentProcess } from '../../helpers/agent-process.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

const NODE = 'cli-agent-test';

describe('flotilla agent', () => {
  let c: TestCluster;
  let dataDir: string;
  let agent: AgentProcess | undefined;

  beforeAll(async () => {
    c = await startTestCluster();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-cli-agent-'));
  }, 60_000);

  afterAll(async () => {
    await agent?.stop();
    await c?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const registered = (a: AgentProcess) => eventually('registered', () => a.output().includes(`registered node ${NODE}`), 60_000)
    .catch((err: Error) => {
      throw new Error(`${err.message}\nagent output:\n${a.output()}`);
    });

  it('joins, says so line by line, and stops cleanly on SIGTERM', async () => {
    const t = generateBootstrapToken();
    expect((await c.api('POST', '/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret({ token: t, ttlMs: 600_000 }))).status).toBe(201);
    agent = startAgentProcess(['--server', c.cp.url, '--token', formatBootstrapToken(t), '--ca-cert-hash', c.cp.caCertHash, '--name', NODE, '--runtime', 'fake', '--data-dir', dataDir]);
    await registered(agent);
    // Other parts (tunnel, pods) log too; the progress lines come in this order among them.
    const lines = agent.output().split('\n');
    const progress = [
      `verifying the CA of ${c.cp.url}`,
      `joined as node ${NODE}`,
      `node ${NODE} is running with the fake runtime; Ctrl-C stops the agent (containers keep running)`,
      `registered node ${NODE}`,
    ];
    expect(lines.filter((l) => progress.includes(l))).toEqual(progress);
    const node = (await c.api('GET', `/api/v1/nodes/${NODE}`)).body as unknown as Node;
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toBe('fake://1.0.0');
    expect(await agent.stop()).toBe(0);
    expect(agent.output()).toContain('stopping the agent');
  }, 90_000);

  it('restarts with the data dir alone', async () => {
    agent = startAgentProcess(['--runtime', 'fake', '--data-dir', dataDir]);
    await registered(agent);
    expect(agent.output().split('\n')[0]).toBe(`node ${NODE} of ${c.cp.url}, with the credential in ${path.join(dataDir, 'node.json')}`);
    expect(await agent.stop()).toBe(0);
  }, 90_000);

  it('fails in one line when the CA hash does not match', async () => {
    agent = startAgentProcess(['--server', c.cp.url, '--token', 'abcdef.0123456789abcdef', '--ca-cert-hash', `sha256:${'0'.repeat(64)}`, '--runtime', 'fake', '--data-dir', path.join(dataDir, 'other')]);
    expect(await agent.exited).toBe(1);
    expect(agent.output()).toBe(`verifying the CA of ${c.cp.url}\nflotilla: the server's CA does not match --ca-cert-hash: got ${c.cp.caCertHash}, expected sha256:${'0'.repeat(64)}\n`);
  }, 60_000);
});
