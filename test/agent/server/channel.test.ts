import { describe, expect, it } from 'vitest';
import {
  CLOSE, ERROR, STDIN, STDOUT, decodeChannelMessage, encodeChannelMessage, offeredProtocols, selectChannelProtocol,
} from '../../../agent/server/channel.ts';

describe('remote command channel framing', () => {
  it('chooses the first protocol the client offered that the server speaks', () => {
    expect(selectChannelProtocol(['v5.channel.k8s.io', 'v4.channel.k8s.io'])?.name).toBe('v5.channel.k8s.io');
    expect(selectChannelProtocol(['bogus', 'v4.channel.k8s.io', 'v5.channel.k8s.io'])?.name).toBe('v4.channel.k8s.io');
    expect(selectChannelProtocol(['v4.base64.channel.k8s.io'])).toMatchObject({ base64: true, statusJson: true });
    expect(selectChannelProtocol(['SPDY/3.1+portforward.k8s.io'])).toBeUndefined();
    // no subprotocol at all: wsstream's v1 binary behaviour
    expect(selectChannelProtocol([])).toMatchObject({ name: '', base64: false, statusJson: false, closeSignal: false });
  });

  it('parses the Sec-WebSocket-Protocol list in order', () => {
    expect(offeredProtocols('v5.channel.k8s.io, v4.channel.k8s.io,,')).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    expect(offeredProtocols(undefined)).toEqual([]);
  });

  it('frames binary messages with a leading channel byte', () => {
    const v5 = selectChannelProtocol(['v5.channel.k8s.io'])!;
    expect(encodeChannelMessage(v5, STDOUT, Buffer.from('hi'))).toEqual(Buffer.from([1, 0x68, 0x69]));
    expect(encodeChannelMessage(v5, ERROR, Buffer.alloc(0))).toEqual(Buffer.from([3]));
    expect(decodeChannelMessage(v5, Buffer.from([0, 0x61]))).toEqual({ kind: 'data', channel: STDIN, data: Buffer.from('a') });
    expect(decodeChannelMessage(v5, Buffer.alloc(0))).toBeUndefined();
  });

  it('reads the v5 close signal, and only in v5', () => {
    const v5 = selectChannelProtocol(['v5.channel.k8s.io'])!;
    const v4 = selectChannelProtocol(['v4.channel.k8s.io'])!;
    expect(decodeChannelMessage(v5, Buffer.from([CLOSE, STDIN]))).toEqual({ kind: 'close', channel: STDIN });
    expect(() => decodeChannelMessage(v5, Buffer.from([CLOSE, 0, 0]))).toThrow(/2 bytes/);
    expect(decodeChannelMessage(v4, Buffer.from([CLOSE, STDIN]))).toMatchObject({ kind: 'data', channel: CLOSE });
  });

  it('frames base64 text messages with an ASCII channel digit', () => {
    const b64 = selectChannelProtocol(['base64.channel.k8s.io'])!;
    expect(encodeChannelMessage(b64, STDOUT, Buffer.from('hello'))).toBe('1aGVsbG8=');
    expect(decodeChannelMessage(b64, '0aGVsbG8=')).toEqual({ kind: 'data', channel: STDIN, data: Buffer.from('hello') });
  });
});
