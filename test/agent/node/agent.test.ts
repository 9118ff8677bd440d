// startAgent against a real control plane with the fake runtime: the first start joins
// and registers a Ready node, a restart needs only the data dir, and the flags of
// `flotilla agent` are checked before anything starts.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject, Lease, Node } from '../../../api/types.ts';
import { startAgent, type Agent } from '../../../agent/index.ts';
import { parseAgentFlags } from '../../../cli/agent.ts';
import { bootstrapTokenSecret, formatBootstrapToken, generateBootstrapToken } from '../../../electron/control-plane/join/index.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { eventually } from '../../helpers/eventually.ts';

const NODE = 'agent-test';

describe('startAgent', () => {
  let c: TestCluster;
  let dataDir: string;
  let token: string;
  let agent: Agent | undefined;
  const logs: string[] = [];
  const log = (l: string) => logs.push(l);

  const ready = () => eventually(`node ${NODE} Ready`, async () => {
    const n = (await c.api('GET', `/api/v1/nodes/${NODE}`)).body as unknown as Node & KubeObject;
    return n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ? n : undefined;
  });

  beforeAll(async () => {
    c = await startTestCluster();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-agent-'));
    const t = generateBootstrapToken();
    const r = await c.api('POST', '/api/v1/namespaces/kube-system/secrets', bootstrapTokenSecret({ token: t, ttlMs: 600_000 }));
    expect(r.status).toBe(201);
    token = formatBootstrapToken(t);
  }, 60_000);

  afterAll(async () => {
    await agent?.stop();
    await c?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('joins on its first start and registers a Ready node with a Lease', async () => {
    agent = await startAgent({ server: c.cp.url, token, caCertHash: c.cp.caCertHash, nodeName: NODE, runtime: 'fake', dataDir, log });
    expect(agent.nodeName).toBe(NODE);
    const node = await ready();
    expect(node.status?.nodeInfo?.containerRuntimeVersion).toBe('fake://1.0.0');
    expect((await stat(path.join(dataDir, 'node.json'))).mode & 0o777).toBe(0o600);
    const lease = (await c.api('GET', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${NODE}`)).body as unknown as Lease;
    expect(lease.spec?.holderIdentity).toBe(NODE);
    expect(logs).toEqual(expect.arrayContaining([`verifying the CA of ${c.cp.url}`, `joined as node ${NODE}`, `registered node ${NODE}`]));
  }, 60_000);

  it('restarts from the data dir alone, without the bootstrap token', async () => {
    await agent!.stop();
    agent = undefined;
    // The token is gone: a restart that tried to join again would fail.
    await c.api('DELETE', `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${token.split('.')[0]}`);
    logs.length = 0;
    agent = await startAgent({ runtime: 'fake', dataDir, log });
    expect(agent.nodeName).toBe(NODE);
    expect(logs[0]).toBe(`node ${NODE} of ${c.cp.url}, with the credential in ${path.join(dataDir, 'node.json')}`);
    await ready();
  }, 60_000);

  it('says what is missing when the data dir holds another node', async () => {
    await expect(startAgent({ nodeName: 'someone-else', runtime: 'fake', dataDir, log }))
      .rejects.toThrow(`${path.join(dataDir, 'node.json')} is node ${NODE} of ${c.cp.url}; to join another cluster as someone-else, pass --server, --token and --ca-cert-hash`);
    const empty = await mkdtemp(path.join(os.tmpdir(), 'flotilla-agent-empty-'));
    try {
      await expect(startAgent({ runtime: 'fake', dataDir: empty, log })).rejects.toThrow(/has not joined a cluster yet/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('flotilla agent flags', () => {
  it('reads the join command as `flotilla token create` prints it', () => {
    const f = parseAgentFlags(['--server', 'https://10.0.0.1:6443', '--token=abcdef.0123456789abcdef', '--ca-cert-hash', 'sha256:00', '--runtime', 'process', '--data-dir', '/tmp/x', '--name', 'n1']);
    expect(f).toEqual({ server: 'https://10.0.0.1:6443', token: 'abcdef.0123456789abcdef', caCertHash: 'sha256:00', runtime: 'process', dataDir: '/tmp/x', nodeName: 'n1' });
    expect(parseAgentFlags([]).dataDir).toBe(path.join(os.homedir(), '.flotilla-agent'));
  });

  it('refuses what cannot work, in one line', () => {
    expect(() => parseAgentFlags(['--runtime', 'podman'])).toThrow('--runtime must be one of docker, process, fake, got "podman"');
    expect(() => parseAgentFlags(['--server', 'https://x', '--token', 'abcdef.0123456789abcdef'])).toThrow(/--token and --ca-cert-hash go together/);
    expect(() => parseAgentFlags(['--token', 't', '--ca-cert-hash', 'h'])).toThrow('--token needs --server');
    expect(() => parseAgentFlags(['--verbose'])).toThrow(/^unknown flag for agent: --verbose/);
    expect(() => parseAgentFlags(['--server'])).toThrow('--server needs a value');
  });
});
