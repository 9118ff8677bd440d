// kubectl port-forward's protocol (portforward.k8s.io, kubelet's httpstream
// handler) on a SPDY session tunnelled through a WebSocket: per forwarded
// connection the client opens an error stream and a data stream carrying the
// same `port` and `requestID` headers; once both are there the data stream is
// joined to the port inside the pod, and a failure is written on the error stream.
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { Runtime } from '../runtime/types.ts';
import type { SpdyHeaders } from './spdy/headers.ts';
import { SpdySession, type SpdyStream } from './spdy/session.ts';

/** Subprotocols kubectl's tunnelling dialer offers (prefix + protocol); the bare one for clients that skip the prefix. */
export const PORT_FORWARD_PROTOCOLS: readonly string[] = ['SPDY/3.1+portforward.k8s.io', 'portforward.k8s.io'];

/** How long the second stream of a pair may take (kubelet's stream creation timeout). */
const STREAM_PAIR_TIMEOUT_MS = 30_000;
/** Once one direction ends, how long the other gets to finish (containerd's port forward grace). */
const HALF_CLOSE_GRACE_MS = 1_000;

export interface PortForwardTarget {
  runtime: Runtime;
  sandboxId: string;
  /** `name_namespace`, as the kubelet names the pod in its messages. */
  podFullName: string;
  podUid: string;
  log: (line: string) => void;
}

interface StreamPair {
  data?: SpdyStream;
  error?: SpdyStream;
  timer: NodeJS.Timeout;
}

/** Mirrors the kubelet's checks: a stream without a usable port or type is refused. */
function acceptStream(headers: SpdyHeaders): boolean {
  const port = Number(headers.port);
  const type = headers.streamtype;
  return /^\d+$/.test(headers.port ?? '') && port >= 1 && port <= 65535 && (type === 'data' || type === 'error');
}

/** Old clients sent no requestID: the pair is then told apart by stream ids (error first, data two after). */
function requestIdOf(stream: SpdyStream): string {
  const id = stream.headers.requestid;
  if (id !== undefined) return id;
  return String(stream.headers.streamtype === 'error' ? stream.id : stream.id - 2);
}

export function servePortForward(ws: WebSocket, target: PortForwardTarget): void {
  const pairs = new Map<string, StreamPair>();

  const session = new SpdySession(
    {
      send: (bytes, done) => ws.send(bytes, { binary: true }, done),
      close: () => ws.close(1000),
    },
    {
      role: 'server',
      accept: acceptStream,
      onStream: (stream) => addStream(stream),
      onError: (err) => target.log(`port-forward to ${target.podFullName}: ${err.message}`),
    },
  );
  ws.on('message', (data: Buffer) => session.receive(data));
  ws.on('close', () => {
    for (const pair of pairs.values()) clearTimeout(pair.timer);
    pairs.clear();
    session.transportClosed();
  });
  ws.on('error', () => ws.terminate());

  function addStream(stream: SpdyStream): void {
    stream.on('error', () => {});
    const requestId = requestIdOf(stream);
    let pair = pairs.get(requestId);
    if (!pair) {
      const created: StreamPair = {
        timer: setTimeout(() => {
          pairs.delete(requestId);
          created.error?.end(`timed out waiting for streams for request ${requestId}`);
          created.data?.reset();
        }, STREAM_PAIR_TIMEOUT_MS),
      };
      pair = created;
      pairs.set(requestId, pair);
    }
    const kind = stream.headers.streamtype as 'data' | 'error';
    if (pair[kind]) {
      pair.error?.write(`error processing stream for request ${requestId}: ${kind} stream already assigned`);
      stream.reset();
      return;
    }
    pair[kind] = stream;
    if (pair.data && pair.error) {
      clearTimeout(pair.timer);
      pairs.delete(requestId);
      void forward(pair.data, pair.error);
    }
  }

  async function forward(data: SpdyStream, error: SpdyStream): Promise<void> {
    // The client half-closes the error stream at once and only reads it.
    error.resume();
    const port = Number(data.headers.port);
    const fail = (err: Error): void => {
      const message = `error forwarding port ${port} to pod ${target.podFullName}, uid ${target.podUid}: ${err.message}`;
      target.log(message);
      if (!error.writableEnded) error.write(message);
    };
    let conn: Duplex;
    try {
      conn = await target.runtime.portForward(target.sandboxId, port);
    } catch (err) {
      fail(err as Error);
      error.end();
      data.end();
      return;
    }
    if (data.destroyed) {
      conn.destroy();
      return;
    }
    join(data, conn, fail, () => {
      if (!error.writableEnded) error.end();
      if (!data.writableEnded) data.end();
    });
    // kubectl closes its local connection only once the error stream ends: once
    // the pod's side has said all it will, waiting longer would only delay the client
    conn.once('end', () => {
      if (!error.writableEnded) error.end();
    });
  }
}

/** Copies both ways; half-closes follow through; `done` once both directions ended (or the grace after the first ran out). */
function join(data: SpdyStream, conn: Duplex, fail: (err: Error) => void, done: () => void): void {
  let finished = false;
  let grace: NodeJS.Timeout | undefined;
  const ended = { fromPod: false, fromClient: false };
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(grace);
    conn.destroy();
    done();
  };
  const directionEnded = (direction: keyof typeof ended): void => {
    if (finished || ended[direction]) return;
    ended[direction] = true;
    if (ended.fromPod && ended.fromClient) return finish();
    grace ??= setTimeout(finish, HALF_CLOSE_GRACE_MS);
  };
  conn.on('error', (err) => {
    if (!finished) fail(err);
    finish();
  });
  conn.on('end', () => {
    if (!data.writableEnded) data.end();
    directionEnded('fromPod');
  });
  conn.on('close', () => directionEnded('fromPod'));
  data.on('end', () => {
    conn.end();
    directionEnded('fromClient');
  });
  // reset by the client, or the session went away
  data.on('close', finish);
  data.pipe(conn, { end: false });
  conn.pipe(data, { end: false });
}
