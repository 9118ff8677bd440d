// Port-forward where the agent cannot route to the sandbox's address (Docker
// Desktop, Colima, a remote engine: the bridge lives inside a VM). A throwaway
// container joins the sandbox's network namespace and runs the relay program
// (elf.ts), which connects to 127.0.0.1:port there; its attached stdin and stdout
// become the connection.
import { Duplex } from 'node:stream';
import { LABEL_AGENT_ID } from '../types.ts';
import type { DriverContext } from './context.ts';
import { FrameDemuxer } from './demux.ts';
import { relayElf } from './elf.ts';
import { isNotFound } from './errors.ts';
import { importRootfs } from './import.ts';
import { LABEL_SANDBOX_ID, LABEL_TYPE, TYPE_PORTFORWARD } from './labels.ts';

export const RELAY_IMAGE = 'flotilla.local/portforward:1';
/** What the relay writes on stderr once its connection inside the pod stands. */
const CONNECTED = 0x2b;

async function ensureRelayImage(ctx: DriverContext): Promise<void> {
  try {
    await ctx.docker.getImage(RELAY_IMAGE).inspect();
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await importRootfs(ctx.docker, [{ type: 'file', path: 'relay', data: relayElf(), mode: 0o755 }], RELAY_IMAGE);
  }
}

export async function relayConnection(ctx: DriverContext, sandboxId: string, port: number): Promise<Duplex> {
  await ensureRelayImage(ctx);
  const container = await ctx.docker.createContainer({
    Image: RELAY_IMAGE,
    Cmd: ['/relay', String(port)],
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Labels: { [LABEL_AGENT_ID]: ctx.agentId, [LABEL_TYPE]: TYPE_PORTFORWARD, [LABEL_SANDBOX_ID]: sandboxId },
    HostConfig: { NetworkMode: `container:${sandboxId}`, AutoRemove: true },
  });
  const discard = () => void container.remove({ force: true }).catch(() => {});
  let socket: Duplex;
  try {
    // attached before the start, so not a byte of the relay's output is missed
    socket = (await container.attach({ stream: true, hijack: true, stdin: true, stdout: true, stderr: true })) as Duplex;
    await container.start();
  } catch (err) {
    discard();
    throw err;
  }

  return new Promise((resolve, reject) => {
    let connected = false;
    const conn = new Duplex({
      read() {
        socket.resume();
      },
      write(chunk: Buffer, _enc, cb) {
        socket.write(chunk, cb);
      },
      // end of our writes: the relay half-closes its connection in the pod
      final(cb) {
        socket.end();
        cb();
      },
      destroy(err, cb) {
        socket.destroy();
        discard();
        cb(err);
      },
    });
    const demuxer = new FrameDemuxer((kind, payload) => {
      if (kind === 'stderr') {
        if (!connected && payload.includes(CONNECTED)) {
          connected = true;
          resolve(conn);
        }
        return;
      }
      if (!conn.push(Buffer.from(payload))) socket.pause();
    });
    socket.on('data', (chunk: Buffer) => demuxer.push(chunk));
    const ended = () => {
      if (connected) conn.push(null);
      else reject(new Error(`connection refused: nothing listens on port ${port} in sandbox ${sandboxId}`));
    };
    socket.once('end', ended);
    socket.once('close', ended);
    socket.once('error', (err: Error) => (connected ? conn.destroy(err) : reject(err)));
  });
}
