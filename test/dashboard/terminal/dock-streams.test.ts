// The dock's streams against a real control plane and agent: the same code the
// browser runs, given the `ws` package's WebSocket (with the cluster's CA) where
// the browser has its own. Pod exec, the bash→sh fallback, refusals explained,
// the node shell with and without --node-shell, and a log followed from before
// its pod was scheduled.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPinia, setActivePinia } from 'pinia';
import { watch } from 'vue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NODE_SHELL_ANNOTATION, nodeShellPath } from '../../../api/node-shell.ts';
import type { Pod } from '../../../api/types.ts';
import { startAgent, type Agent, type AgentOptions } from '../../../agent/index.ts';
import { LABEL_AGENT_ID } from '../../../agent/runtime/types.ts';
import type { SessionEnd } from '../../../renderer/src/api/exec-channel.ts';
import { ApiClient } from '../../../renderer/src/api/client.ts';
import { openApiSession, type TerminalSession } from '../../../renderer/src/api/terminal-session.ts';
import type { SocketFactory } from '../../../renderer/src/api/socket.ts';
import { LogBuffer } from '../../../renderer/src/components/dock/log-buffer.ts';
import { containerPhase, followLog, type FollowState } from '../../../renderer/src/components/dock/log-follower.ts';
import { withFallback } from '../../../renderer/src/components/terminal/shell-fallback.ts';
import { useResources } from '../../../renderer/src/stores/resources.ts';
import { useSessionStore } from '../../../renderer/src/stores/session.ts';
import { browserTransport, type BrowserTransport } from '../../helpers/browser-transport.ts';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.ts';
import { dockerAvailable, ensureTestImage, removeContainersLabelled, TEST_IMAGE } from '../../helpers/docker.ts';
import { eventually } from '../../helpers/eventually.ts';

const NODE = 'terminal-node';
const SIZE = { cols: 100, rows: 30 };
/** busybox has no bash, which the fallback needs; the process runtime's host likely has one. */
const runtime = (await dockerAvailable()) ? 'docker' : 'process';
const TTY = new URLSearchParams({ stdin: 'true', stdout: 'true', stderr: 'true', tty: 'true' });

/** What a session printed, and how it ended, once it has. */
function record(session: TerminalSession): { text(): string; ended: Promise<SessionEnd> } {
  let text = '';
  const decoder = new TextDecoder();
  session.onOutput((data) => (text += typeof data === 'string' ? data : decoder.decode(data, { stream: true })));
  return { text: () => text, ended: new Promise((resolve) => session.onEnd(resolve)) };
}

describe('dock streams through the control plane', () => {
  let cluster: TestCluster;
  let agent: Agent | undefined;
  let agentOptions: AgentOptions;
  let agentDir: string;
  let client: ApiClient;
  let browser: BrowserTransport;
  let socket: SocketFactory;

  const execPath = (command: string): string =>
    `/api/v1/namespaces/default/pods/shell-pod/exec?${new URLSearchParams([...TTY, ['command', command]]).toString()}`;

  beforeAll(async () => {
    cluster = await startTestCluster();
    if (runtime === 'docker') await ensureTestImage();
    const issued = await cluster.cp.issueNodeCredential(NODE);
    agentDir = path.join(cluster.dir, 'agent');
    agentOptions = {
      credential: { server: cluster.cp.url, caCertPem: cluster.cp.caCertPem, nodeName: issued.nodeName, token: issued.token },
      runtime, dataDir: agentDir, nodeShell: true, log: () => {},
    };
    agent = await startAgent(agentOptions);
    browser = browserTransport(cluster.cp.caCertPem);
    socket = browser.sockets;
    const connection = { apiUrl: cluster.cp.url, token: cluster.cp.adminToken, embedded: false };
    client = new ApiClient(connection, browser.transport, browser.sockets);
    setActivePinia(createPinia());
    useSessionStore().connect(connection, browser.transport, browser.sockets);
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shell-pod', namespace: 'default' },
      spec: { nodeName: NODE, terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'sleep 3600'] }] },
    };
    expect((await cluster.api('POST', '/api/v1/namespaces/default/pods', pod)).status).toBe(201);
    await eventually('the pod running', async () => ((await cluster.api('GET', '/api/v1/namespaces/default/pods/shell-pod')).body as Pod).status?.phase === 'Running', 60_000);
  }, 120_000);

  afterAll(async () => {
    // The agent leaves containers running when it stops: the pods go first, through it.
    for (const name of ['shell-pod', 'log-pod']) {
      await cluster?.api('DELETE', `/api/v1/namespaces/default/pods/${name}`);
      await eventually(`${name} gone`, async () => (await cluster.api('GET', `/api/v1/namespaces/default/pods/${name}`)).status === 404, 30_000).catch(() => undefined);
    }
    await agent?.stop();
    if (runtime === 'docker' && agentDir) await removeContainersLabelled(LABEL_AGENT_ID, (await readFile(path.join(agentDir, 'agent-id'), 'utf8')).trim());
    useSessionStore().disconnect();
    await browser?.close();
    await cluster?.stop();
  }, 60_000);

  it('follows a log from before the pod is scheduled: waiting, then the container\'s lines as it runs', async () => {
    const pods = useResources('pods');
    const pod = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'log-pod', namespace: 'default' },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: TEST_IMAGE, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo first-line; sleep 1; echo second-line; exec sleep 3600'] }] },
    };
    expect((await cluster.api('POST', '/api/v1/namespaces/default/pods', pod)).status).toBe(201);
    const buffer = new LogBuffer(1000);
    const states: FollowState['phase'][] = [];
    const abort = new AbortController();
    const current = () => pods.get('default', 'log-pod') as Pod | undefined;
    // The log pane opens on a pod its store already has.
    await eventually('the pod in the store', () => current());
    const following = followLog(client, { namespace: 'default', pod: 'log-pod', container: 'main', previous: false, tailLines: 100 }, {
      chunk: (text, after) => buffer.append('log-pod', text, false, after),
      ended: () => buffer.flush('log-pod', false),
      state: (state) => void states.push(state.phase),
      phase: () => containerPhase(current(), 'main'),
      // the pod store's watch, as the log pane waits on it
      changed: () => new Promise((resolve) => {
        const stop = watch(current, () => (stop(), resolve()));
        abort.signal.addEventListener('abort', () => (stop(), resolve()), { once: true });
      }),
    }, abort.signal);
    try {
      await eventually('waiting for the unscheduled pod', () => states.includes('waiting'));
      const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'log-pod' }, target: { apiVersion: 'v1', kind: 'Node', name: NODE } };
      expect((await cluster.api('POST', '/api/v1/namespaces/default/pods/log-pod/binding', binding)).status).toBe(201);
      await eventually('both lines', () => [...buffer.lines()].map((l) => l.text).join(',') === 'first-line,second-line', 60_000);
      expect(states.at(-1)).toBe('streaming');
      expect([...buffer.lines()].every((l) => /^\d{4}-/.test(l.time))).toBe(true);
    } finally {
      abort.abort();
      await following;
      await cluster.api('DELETE', '/api/v1/namespaces/default/pods/log-pod');
    }
  }, 90_000);

  it('runs a shell in the pod, echoing through the TTY, and tells the exit code', async () => {
    const session = openApiSession(client, execPath('sh'), SIZE, socket);
    const out = record(session);
    session.write('echo flotilla-$((6*7)); exit 3\r');
    const end = await out.ended;
    expect(out.text()).toContain('flotilla-42');
    expect(end).toEqual({ success: false, exitCode: 3, message: expect.stringContaining('exit code 3') });
  });

  it('gives the TTY the size it was opened with and resized to', async () => {
    const session = openApiSession(client, execPath('sh'), SIZE, socket);
    const out = record(session);
    await eventually('the prompt', () => out.text().includes('#') || out.text().includes('$'));
    session.resize({ cols: 91, rows: 17 });
    session.write('stty size; exit\r');
    expect((await out.ended).exitCode).toBe(0);
    expect(out.text()).toContain('17 91');
  });

  it.skipIf(runtime !== 'docker')('falls back to sh when the image has no bash', async () => {
    const session = withFallback(SIZE, (s) => openApiSession(client, execPath('bash'), s, socket), (s) => openApiSession(client, execPath('sh'), s, socket), 'no bash; sh instead');
    const out = record(session);
    await eventually('the note and sh', () => out.text().includes('no bash; sh instead'));
    session.write('echo in-$((1+1))-sh; exit\r');
    expect((await out.ended).exitCode).toBe(0);
    expect(out.text()).toContain('in-2-sh');
  });

  it('explains a refused upgrade with the API\'s own message', async () => {
    const session = openApiSession(client, execPath('sh').replace('shell-pod', 'no-such-pod'), SIZE, socket);
    const end = await record(session).ended;
    expect(end).toEqual({ success: false, message: 'could not open the terminal: pods "no-such-pod" not found' });
  });

  it('opens a shell on the node whose agent allows it', async () => {
    const node = (await cluster.api('GET', `/api/v1/nodes/${NODE}`)).body;
    expect(node.metadata.annotations?.[NODE_SHELL_ANNOTATION]).toBe('enabled');
    const session = openApiSession(client, nodeShellPath(NODE, TTY), SIZE, socket);
    const out = record(session);
    session.write('echo hi-$((2+3)); exit\r');
    expect((await out.ended).exitCode).toBe(0);
    expect(out.text()).toContain('hi-5');
  });

  it('refuses the node shell to node credentials, and to nodes whose agent runs without --node-shell', async () => {
    const nodeToken = (await cluster.cp.issueNodeCredential('other-node')).token;
    expect(await upgradeRefusal(cluster, nodeShellPath(NODE, TTY), nodeToken)).toMatchObject({ code: 403 });

    // The same node again without the option: it takes its annotation back.
    await agent!.stop();
    agent = await startAgent({ ...agentOptions, nodeShell: false });
    await eventually('the annotation removed', async () => (await cluster.api('GET', `/api/v1/nodes/${NODE}`)).body.metadata.annotations?.[NODE_SHELL_ANNOTATION] === undefined);
    expect(await upgradeRefusal(cluster, nodeShellPath(NODE, TTY), cluster.cp.adminToken))
      .toEqual({ code: 403, message: `node "${NODE}" does not offer a node shell: its agent must be started with --node-shell` });

    // An admin's annotation does not open a shell the agent was not started with.
    const enable = { metadata: { annotations: { [NODE_SHELL_ANNOTATION]: 'enabled' } } };
    // (a patch racing the agent's own status writes may be told 409 Conflict)
    await eventually('the annotation set', async () => (await cluster.api('PATCH', `/api/v1/nodes/${NODE}`, enable, { 'Content-Type': 'application/merge-patch+json' })).status === 200);
    expect(await upgradeRefusal(cluster, nodeShellPath(NODE, TTY), cluster.cp.adminToken))
      .toEqual({ code: 403, message: `node "${NODE}" does not offer a node shell: its agent was started without --node-shell` });
  });
});

/** The Status a refused WebSocket upgrade answers, which only a non-browser client can read. */
function upgradeRefusal(cluster: TestCluster, apiPath: string, token: string): Promise<{ code: number; message?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(cluster.cp.url.replace('https:', 'wss:') + apiPath, ['v5.channel.k8s.io'], { ca: cluster.cp.caCertPem, headers: { Authorization: `Bearer ${token}` } });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, message: (JSON.parse(body) as { message?: string }).message }));
    });
    ws.on('error', () => undefined);
  });
}
