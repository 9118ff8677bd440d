// Watches and logs over a WebSocket, the way browsers read them (a browser has
// only six HTTP/1.1 connections per host, and each watch would hold one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestCluster, type TestCluster } from '../helpers/cluster.ts';

const BEARER = 'base64url.bearer.authorization.k8s.io.';

interface Frames {
  socket: WebSocket;
  frames: { text: boolean; data: string }[];
  protocol: Promise<string>;
  closed: Promise<number>;
  next(predicate: (frame: { text: boolean; data: string }) => boolean): Promise<{ text: boolean; data: string }>;
}

function open(cluster: TestCluster, path: string, token = cluster.cp.adminToken, protocols = ['binary.k8s.io']): Frames {
  const url = cluster.cp.url.replace(/^https/, 'wss') + path;
  const socket = new WebSocket(url, [...protocols, `${BEARER}${Buffer.from(token).toString('base64url')}`], { ca: cluster.cp.caCertPem });
  const frames: Frames['frames'] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    frames.push({ text: !isBinary, data: data.toString('utf8') });
    for (const wake of waiters.splice(0)) wake();
  });
  const protocol = new Promise<string>((resolve, reject) => {
    socket.once('open', () => resolve(socket.protocol));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  async function next(predicate: (frame: { text: boolean; data: string }) => boolean) {
    for (;;) {
      const found = frames.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such frame; got ${JSON.stringify(frames)}`)), 10_000);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  return { socket, frames, protocol, closed, next };
}

describe('watch and log over a WebSocket', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('sends each watch event as a text frame of JSON, from the version asked for', async () => {
    const listed = await cluster.api('GET', '/api/v1/namespaces/default/configmaps');
    const rv = listed.body.metadata.resourceVersion!;
    const watch = open(cluster, `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`);
    expect(await watch.protocol).toBe('binary.k8s.io');
    expect((await cluster.api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'over-ws' } })).status).toBe(201);
    const frame = await watch.next((f) => f.data.includes('over-ws'));
    expect(frame.text).toBe(true);
    const event = JSON.parse(frame.data) as { type: string; object: { metadata: { name: string } } };
    expect(event.type).toBe('ADDED');
    expect(event.object.metadata.name).toBe('over-ws');
    watch.socket.close();
    expect(await watch.closed).toBe(1005);
  });

  it('answers a refused watch with one Status frame and a normal close', async () => {
    const watch = open(cluster, '/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=not-a-number');
    await watch.protocol;
    expect(await watch.closed).toBe(1000);
    expect(watch.frames).toHaveLength(1);
    expect(JSON.parse(watch.frames[0]!.data)).toMatchObject({ kind: 'Status', code: 400, message: 'invalid resource version: not-a-number' });
  });

  it('refuses a token it does not know before switching protocols', async () => {
    const watch = open(cluster, '/api/v1/configmaps?watch=1', 'wrong');
    await expect(watch.protocol).rejects.toThrow('HTTP 401');
  });

  it('ends the log of a pod not yet on a node at once, with no frames, as plain HTTP answers it empty', async () => {
    const pod = { metadata: { name: 'unscheduled' }, spec: { containers: [{ name: 'main', image: 'busybox' }] } };
    expect((await cluster.api('POST', '/api/v1/namespaces/default/pods', pod)).status).toBe(201);
    const log = open(cluster, '/api/v1/namespaces/default/pods/unscheduled/log?follow=true&container=main');
    expect(await log.closed).toBe(1000);
    expect(log.frames).toEqual([]);
  });

  it('answers the log of a pod that does not exist with a 404 Status frame', async () => {
    const log = open(cluster, '/api/v1/namespaces/default/pods/missing/log?follow=true', cluster.cp.adminToken, ['base64.binary.k8s.io']);
    expect(await log.protocol).toBe('base64.binary.k8s.io');
    expect(await log.closed).toBe(1000);
    expect(JSON.parse(log.frames[0]!.data)).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
  });
});
