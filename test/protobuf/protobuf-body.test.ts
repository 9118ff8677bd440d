// The API server's entry point: decoded objects, 400 for broken bodies, 415 for kinds without a schema.
import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/status.ts';
import { decodeProtobufBody } from '../../electron/control-plane/apiserver/protobuf-body.ts';
import { body, msg, str } from './encode.ts';

function statusOf(run: () => unknown): StatusError {
  try {
    run();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('decodeProtobufBody', () => {
  it('returns the object a JSON body would have given', () => {
    const namespace = Buffer.from(body('v1', 'Namespace', [[1, msg([1, str('team-a')])]]));
    expect(decodeProtobufBody(namespace)).toStrictEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  });

  it('answers a malformed body with 400 BadRequest', () => {
    const err = statusOf(() => decodeProtobufBody(Buffer.from('k8s\0\x12\x7f')));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toMatch(/^unable to decode the protobuf body: /);
  });

  it('answers a kind without a schema with 415 UnsupportedMediaType', () => {
    const err = statusOf(() => decodeProtobufBody(Buffer.from(body('example.com/v1', 'Widget', []))));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toContain('application/json');
  });
});
