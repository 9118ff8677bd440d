import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StreamSession } from '../../../agent/runtime/types.ts';
import { eventually } from '../../helpers/eventually.ts';
import { containerConfig, runPod, sandboxConfig, startFixture, type Fixture } from './fixture.ts';

interface Session {
  ws: WebSocket;
  protocol: string;
  /** Raw messages, in order. */
  messages: Buffer[];
  /** Everything received on one channel. */
  channel(n: number): string;
  closed: Promise<number>;
  send(channel: number, data: string | Buffer): void;
}

function query(command: string[], flags: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const c of command) q.append('command', c);
  for (const [k, v] of Object.entries(flags)) q.set(k, v);
  return q.toString();
}

async function connect(url: string, protocols: string[]): Promise<Session> {
  const ws = new WebSocket(url, protocols);
  const messages: Buffer[] = [];
  ws.on('message', (data: Buffer) => messages.push(data));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
  return {
    ws,
    protocol: ws.protocol,
    messages,
    channel: (n) => Buffer.concat(messages.filter((m) => m[0] === n).map((m) => m.subarray(1))).toString(),
    closed,
    send: (channel, data) => ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)])),
  };
}

describe('exec and attach over WebSocket', () => {
  let f: Fixture;
  let ws: (path: string) => string;
  beforeEach(async () => {
    f = await startFixture();
    ws = (path) => `${f.base.replace('http', 'ws')}${path}`;
    await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo started; sleep infinity']);
  });
  afterEach(async () => {
    await f.close();
  });

  const exec = (command: string[], flags: Record<string, string>, protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io']) =>
    connect(ws(`/exec/default/web/app?${query(command, flags)}`), protocols);

  it('runs a command on v5: output, then a Success status on channel 3, then a normal close', async () => {
    const s = await exec(['sh', '-c', 'echo hello; echo oops >&2'], { stdout: 'true', stderr: 'true' });
    expect(s.protocol).toBe('v5.channel.k8s.io');
    expect(await s.closed).toBe(1000);
    // the first message is the empty one on stdout that tells the client the streams are ready
    expect(s.messages[0]).toEqual(Buffer.from([1]));
    expect(s.channel(1)).toBe('hello\n');
    expect(s.channel(2)).toBe('oops\n');
    expect(s.messages.at(-1)![0]).toBe(3);
    expect(s.channel(3)).toBe('{"metadata":{},"status":"Success"}');
  });

  it('reports a non-zero exit code in the kubelet\'s exact Status', async () => {
    const s = await exec(['sh', '-c', 'exit 3'], { stdout: '1', stderr: '1' });
    expect(await s.closed).toBe(1000);
    expect(s.channel(3)).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",' +
      '"reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
  });

  it('passes stdin through, and the v5 close signal ends it', async () => {
    const s = await exec(['cat'], { stdin: 'true', stdout: 'true', stderr: 'true' });
    s.send(0, 'line one\n');
    await eventually('the echoed line', () => s.channel(1) === 'line one\n');
    s.ws.send(Buffer.from([255, 0]));
    expect(await s.closed).toBe(1000);
    expect(s.channel(3)).toBe('{"metadata":{},"status":"Success"}');
  });

  it('speaks v4 when the client offers only v4', async () => {
    const s = await exec(['sh', '-c', 'echo four; exit 2'], { stdout: 'true' }, ['v4.channel.k8s.io']);
    expect(s.protocol).toBe('v4.channel.k8s.io');
    expect(await s.closed).toBe(1000);
    expect(s.channel(1)).toBe('four\n');
    expect(JSON.parse(s.channel(3))).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } });
  });

  it('writes only the failure text on the error channel for channel.k8s.io (v1)', async () => {
    const s = await exec(['sh', '-c', 'exit 4'], { stdout: 'true' }, ['channel.k8s.io']);
    expect(s.protocol).toBe('channel.k8s.io');
    expect(await s.closed).toBe(1000);
    expect(s.channel(3)).toBe('command terminated with non-zero exit code: error executing command [sh -c exit 4], exit code 4');
  });

  it('frames base64.channel.k8s.io as text with a channel digit', async () => {
    const socket = new WebSocket(ws(`/exec/default/web/app?${query(['echo', 'hi'], { stdout: 'true' })}`), ['v4.base64.channel.k8s.io']);
    const texts: string[] = [];
    socket.on('message', (data: Buffer, isBinary) => texts.push(isBinary ? 'binary!' : data.toString()));
    const code = await new Promise((resolve) => socket.on('close', resolve));
    expect(code).toBe(1000);
    expect(texts[0]).toBe('1');
    expect(texts).toContain(`1${Buffer.from('hi\n').toString('base64')}`);
    expect(texts.at(-1)).toBe(`3${Buffer.from('{"metadata":{},"status":"Success"}').toString('base64')}`);
  });

  it('merges stderr into stdout with a TTY and hands resize messages to the session', async () => {
    const resized: { cols: number; rows: number }[] = [];
    const exec = f.runtime.exec.bind(f.runtime);
    f.runtime.exec = async (id, command, options): Promise<StreamSession> => {
      expect(options).toEqual({ stdin: true, stdout: true, stderr: false, tty: true });
      const session = await exec(id, command, options);
      return { ...session, resize: async (size) => void resized.push(size) };
    };
    const s = await connectTty();
    s.send(4, '{"Width":120,"Height":40}\n');
    await eventually('the resize', () => resized.length === 1);
    expect(resized).toEqual([{ cols: 120, rows: 40 }]);
    s.send(0, 'echo to-stderr >&2\n');
    await eventually('the merged output', () => s.channel(1).includes('to-stderr'));
    expect(s.channel(2)).toBe('');
    s.send(0, 'exit 0\n');
    expect(await s.closed).toBe(1000);

    function connectTty(): Promise<Session> {
      return connect(ws(`/exec/default/web/app?${query(['sh'], { stdin: 'true', stdout: 'true', stderr: 'true', tty: 'true' })}`), ['v5.channel.k8s.io']);
    }
  });

  it('ends the runtime session when the client goes away', async () => {
    const sessions: StreamSession[] = [];
    let closedByServer = 0;
    const exec = f.runtime.exec.bind(f.runtime);
    f.runtime.exec = async (id, command, options) => {
      const session = await exec(id, command, options);
      sessions.push(session);
      return { ...session, close: () => { closedByServer++; session.close(); } };
    };
    const s = await exec2(['sleep', 'infinity']);
    await eventually('the session to start', () => sessions.length === 1);
    s.ws.terminate();
    await eventually('the session to be closed', () => closedByServer === 1);

    function exec2(command: string[]) {
      return connect(ws(`/exec/default/web/app?${query(command, { stdout: 'true' })}`), ['v5.channel.k8s.io']);
    }
  });

  it('refuses the upgrade for a container that is not running, with the kubelet\'s message', async () => {
    const sandbox = sandboxConfig('default', 'idle');
    const sandboxId = await f.runtime.runPodSandbox(sandbox);
    await f.runtime.createContainer(sandboxId, containerConfig('app', ['sleep', 'infinity']), sandbox);
    const refused = await connect(ws(`/exec/default/idle/app?${query(['true'], { stdout: '1' })}`), ['v5.channel.k8s.io']).catch((e: Error & { status: number; body: string }) => e);
    expect(refused).toMatchObject({ status: 404 });
    expect(JSON.parse((refused as unknown as { body: string }).body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'container not found ("app")' });
  });

  it('rejects a request with no stream, or offering no protocol it speaks', async () => {
    const none = await exec(['true'], {}).catch((e: { status: number; body: string }) => e);
    expect(none).toMatchObject({ status: 400 });
    expect(JSON.parse((none as { body: string }).body).message).toBe('you must specify at least 1 of stdin, stdout, stderr');
    const wrong = await exec(['true'], { stdout: '1' }, ['v9.channel.k8s.io']).catch((e: { status: number }) => e);
    expect(wrong).toMatchObject({ status: 400 });
  });

  it('attaches to the container: its output from now on, and Success when it exits', async () => {
    const sandbox = sandboxConfig('default', 'talk');
    const sandboxId = await f.runtime.runPodSandbox(sandbox);
    const id = await f.runtime.createContainer(sandboxId, containerConfig('app', ['cat'], 0, { stdin: true, stdinOnce: true }), sandbox);
    await f.runtime.startContainer(id);
    const s = await connect(ws('/attach/default/talk/app?stdin=true&stdout=true&stderr=true'), ['v5.channel.k8s.io']);
    s.send(0, 'ping\n');
    await eventually('the container to echo', () => s.channel(1) === 'ping\n');
    s.ws.send(Buffer.from([255, 0]));
    expect(await s.closed).toBe(1000);
    expect(s.channel(3)).toBe('{"metadata":{},"status":"Success"}');
  });
});
