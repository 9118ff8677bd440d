// The browser's side of the exec channel protocols, checked against the agent's
// own framing (agent/server/channel.ts), which kubectl interoperates with.
import { describe, expect, it } from 'vitest';
import { decodeChannelMessage as agentDecode, encodeChannelMessage as agentEncode, selectChannelProtocol } from '../../../agent/server/channel.ts';
import { exitCodeStatus, internalErrorStatus, successStatus } from '../../../agent/server/remote-command.ts';
import {
  CLOSE, decodeChannelMessage, encodeClose, encodeResize, encodeStdin, ERROR, RESIZE, STDERR, STDIN, STDOUT,
} from '../../../renderer/src/api/exec-channel.ts';

const v5 = selectChannelProtocol(['v5.channel.k8s.io'])!;
const v4 = selectChannelProtocol(['v4.channel.k8s.io'])!;

describe('exec channel framing', () => {
  it('frames stdin as the agent reads it, UTF-8 included', () => {
    expect(agentDecode(v5, Buffer.from(encodeStdin('echo hé\r')))).toEqual({ kind: 'data', channel: STDIN, data: Buffer.from('echo hé\r') });
    expect(agentDecode(v4, Buffer.from(encodeStdin(Uint8Array.of(3))))).toEqual({ kind: 'data', channel: STDIN, data: Buffer.of(3) });
  });

  it('sends the terminal size as remotecommand TerminalSize JSON on channel 4', () => {
    const message = agentDecode(v5, Buffer.from(encodeResize({ cols: 120, rows: 40 })));
    expect(message).toMatchObject({ kind: 'data', channel: RESIZE });
    expect(JSON.parse((message as { data: Buffer }).data.toString())).toEqual({ Width: 120, Height: 40 });
  });

  it('half-closes stdin only on v5, which older servers would take for input', () => {
    expect(agentDecode(v5, Buffer.from(encodeClose('v5.channel.k8s.io', STDIN)!))).toEqual({ kind: 'close', channel: STDIN });
    expect(encodeClose('v4.channel.k8s.io', STDIN)).toBeUndefined();
  });

  it('reads stdout and stderr, and skips the empty "streams ready" frame', () => {
    const out = decodeChannelMessage('v5.channel.k8s.io', agentEncode(v5, STDOUT, Buffer.from('hi-5\n')) as Buffer);
    expect(out).toMatchObject({ kind: 'output', channel: STDOUT });
    expect(new TextDecoder().decode((out as { data: Uint8Array }).data)).toBe('hi-5\n');
    expect(decodeChannelMessage('v4.channel.k8s.io', agentEncode(v4, STDERR, Buffer.from('oops')) as Buffer)).toMatchObject({ channel: STDERR });
    expect(decodeChannelMessage('v5.channel.k8s.io', agentEncode(v5, STDOUT, Buffer.alloc(0)) as Buffer)).toBeUndefined();
    expect(decodeChannelMessage('v5.channel.k8s.io', new ArrayBuffer(0))).toBeUndefined();
  });

  it('reads how the session ended from the Status on the error channel', () => {
    const end = (status: unknown) => decodeChannelMessage('v4.channel.k8s.io', agentEncode(v4, ERROR, Buffer.from(JSON.stringify(status))) as Buffer);
    expect(end(successStatus())).toEqual({ kind: 'end', end: { success: true, exitCode: 0 } });
    expect(end(exitCodeStatus(['sh'], 3))).toEqual({ kind: 'end', end: { success: false, exitCode: 3, message: 'command terminated with non-zero exit code: error executing command [sh], exit code 3' } });
    expect(end(internalErrorStatus('no such container'))).toEqual({ kind: 'end', end: { success: false, exitCode: undefined, message: 'Internal error occurred: no such container' } });
    expect(decodeChannelMessage('v4.channel.k8s.io', Uint8Array.of(ERROR, ...Buffer.from('plain failure')))).toEqual({ kind: 'end', end: { success: false, message: 'plain failure' } });
  });

  it('knows the v5 close signal, and takes byte 255 for nothing on v4', () => {
    expect(decodeChannelMessage('v5.channel.k8s.io', Uint8Array.of(CLOSE, STDOUT))).toEqual({ kind: 'close', channel: STDOUT });
    expect(decodeChannelMessage('v4.channel.k8s.io', Uint8Array.of(CLOSE, STDOUT))).toBeUndefined();
  });
});
