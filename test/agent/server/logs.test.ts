import http from 'node:http';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/eventually.ts';
import { containerConfig, runPod, sandboxConfig, startFixture, type Fixture } from './fixture.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

describe('GET /containerLogs', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  const logsOf = (query = '') => get(`${f.base}/containerLogs/default/web/app${query}`);

  it('answers the whole log as chunked text/plain', async () => {
    await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo one; echo two >&2; echo three; sleep infinity']);
    const reply = await logsOf();
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/plain');
    expect(reply.headers['transfer-encoding']).toBe('chunked');
    expect(reply.body).toBe('one\ntwo\nthree\n');
  });

  it('honours tailLines, the old tail parameter, timestamps and limitBytes', async () => {
    await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo one; echo two; echo three; sleep infinity']);
    expect((await logsOf('?tailLines=2')).body).toBe('two\nthree\n');
    expect((await logsOf('?tail=1')).body).toBe('three\n');
    expect((await logsOf('?tail=all')).body).toBe('one\ntwo\nthree\n');
    const stamped = (await logsOf('?timestamps=true&tailLines=1')).body;
    expect(stamped).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z three\n$/);
    expect((await logsOf('?limitBytes=6')).body).toBe('one\ntw');
  });

  it('honours sinceSeconds and sinceTime', async () => {
    await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo old; sleep infinity']);
    expect((await logsOf('?sinceSeconds=60')).body).toBe('old\n');
    expect((await logsOf(`?sinceTime=${new Date(Date.now() + 60_000).toISOString()}`)).body).toBe('');
    expect((await logsOf(`?sinceTime=${new Date(Date.now() - 60_000).toISOString()}`)).body).toBe('old\n');
  });

  it('rejects invalid options as the API server does', async () => {
    await runPod(f.runtime, 'default', 'web', 'app', ['sleep', 'infinity']);
    const negative = await logsOf('?tailLines=-1');
    expect(negative.status).toBe(422);
    expect(JSON.parse(negative.body)).toMatchObject({
      kind: 'Status', reason: 'Invalid',
      message: 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    });
    const both = await logsOf(`?sinceSeconds=5&sinceTime=${new Date().toISOString()}`);
    expect(both.status).toBe(422);
    expect(JSON.parse(both.body).message).toContain('at most one of `sinceTime` or `sinceSeconds` may be specified');
    const garbage = await logsOf('?limitBytes=lots');
    expect(garbage.status).toBe(400);
    expect((await logsOf('?sinceTime=yesterday')).status).toBe(400);
  });

  it('streams while following and ends when the container exits', async () => {
    const { containerId } = await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo first; trap-term']);
    const chunks: string[] = [];
    const ended = new Promise<number>((resolve, reject) => {
      http.get(`${f.base}/containerLogs/default/web/app?follow=true`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => chunks.push(c));
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject);
    });
    await eventually('the first line', () => chunks.join('') === 'first\n');
    f.runtime.kill(containerId, 0);
    expect(await ended).toBe(200);
    expect(chunks.join('')).toBe('first\n');
  });

  it('releases the runtime stream when a following client goes away', async () => {
    await runPod(f.runtime, 'default', 'web', 'app', ['sh', '-c', 'echo first; sleep infinity']);
    const handedOut: Readable[] = [];
    const logs = f.runtime.logs.bind(f.runtime);
    f.runtime.logs = async (id, options) => {
      const stream = await logs(id, options);
      handedOut.push(stream);
      return stream;
    };
    const req = http.get(`${f.base}/containerLogs/default/web/app?follow=1`);
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    await new Promise((resolve) => res.once('data', resolve));
    expect(handedOut).toHaveLength(1);
    expect(handedOut[0].destroyed).toBe(false);
    req.destroy();
    await eventually('the log stream to be released', () => handedOut[0].destroyed);
  });

  it('shows the previous container with previous=true, and the waiting message without one', async () => {
    const sandbox = sandboxConfig('default', 'web');
    const sandboxId = await f.runtime.runPodSandbox(sandbox);
    const first = await f.runtime.createContainer(sandboxId, containerConfig('app', ['sh', '-c', 'echo run one; exit 1']), sandbox);

    const waiting = await logsOf();
    expect(waiting.status).toBe(400);
    expect(JSON.parse(waiting.body)).toMatchObject({
      reason: 'BadRequest', message: 'container "app" in pod "web" is waiting to start: ContainerCreating',
    });
    const noPrevious = await logsOf('?previous=true');
    expect(JSON.parse(noPrevious.body).message).toBe('previous terminated container "app" in pod "web" not found');

    await f.runtime.startContainer(first);
    await eventually('the first run to exit', async () => (await f.runtime.containerStatus(first))?.state === 'exited');
    const second = await f.runtime.createContainer(sandboxId, containerConfig('app', ['sh', '-c', 'echo run two; sleep infinity'], 1), sandbox);
    // restarted but not yet started: the last run's log, as the kubelet shows it
    expect((await logsOf()).body).toBe('run one\n');
    await f.runtime.startContainer(second);
    expect((await logsOf()).body).toBe('run two\n');
    expect((await logsOf('?previous=true')).body).toBe('run one\n');
  });

  it('answers 404 for a pod this node does not run', async () => {
    const reply = await logsOf();
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "web" not found', code: 404 });
  });
});

describe('the node server', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it('answers healthz, stats summary and history', async () => {
    const { SUMMARY, HISTORY } = await import('./fixture.ts');
    expect(await get(`${f.base}/healthz`)).toMatchObject({ status: 200, body: 'ok' });
    const summary = await get(`${f.base}/stats/summary`);
    expect(summary.headers['content-type']).toBe('application/json');
    expect(JSON.parse(summary.body)).toEqual(SUMMARY);
    expect(JSON.parse((await get(`${f.base}/stats/history`)).body)).toEqual(HISTORY);
  });

  it('answers unknown paths with a NotFound Status', async () => {
    const reply = await get(`${f.base}/nope`);
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('serves connections handed to it as streams, as the tunnel does', async () => {
    const { PassThrough, Duplex } = await import('node:stream');
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    const socket = Duplex.from({ readable: toServer, writable: fromServer });
    f.node.acceptConnection(socket);
    let response = '';
    fromServer.on('data', (c: Buffer) => (response += c.toString()));
    toServer.write('GET /healthz HTTP/1.1\r\nHost: node\r\nConnection: close\r\n\r\n');
    await eventually('the healthz response', () => /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/.test(response));
  });
});
