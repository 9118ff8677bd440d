// Hostile and broken bodies must fail fast with MalformedProtobufError (a 400),
// never hang, crash, or surface as another kind of error.
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, MalformedProtobufError, UnsupportedKindError } from '../../api/protobuf/decode.ts';
import { checkSchema, parseSchema } from '../../api/protobuf/schema.ts';
import type { FieldSpec } from '../../api/protobuf/schema.ts';
import { body, encode, msg, num, str } from './encode.ts';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const withMagic = (...bytes: number[]): Uint8Array => Uint8Array.from([...MAGIC, ...bytes]);

const configMap = body('v1', 'ConfigMap', [
  [1, msg([1, str('settings')])],
  [2, msg([1, str('key')], [2, str('value')])],
]);

/** `depth` messages each holding the next as field 1, written back to front in one buffer. */
function nestedField1(depth: number): Uint8Array {
  const varintLength = (n: number): number => (n < 0x80 ? 1 : 1 + varintLength(Math.floor(n / 0x80)));
  const lengths = [0];
  for (let i = 0; i < depth; i++) lengths.push(1 + varintLength(lengths[i]!) + lengths[i]!);
  const out = new Uint8Array(lengths[depth]!);
  let pos = 0;
  for (let i = depth; i > 0; i--) {
    out[pos++] = 0x0a;
    for (let n = lengths[i - 1]!; ; n = Math.floor(n / 0x80)) {
      out[pos++] = n < 0x80 ? n : (n & 0x7f) | 0x80;
      if (n < 0x80) break;
    }
  }
  return out;
}

function decodeError(bytes: Uint8Array): unknown {
  try {
    decodeKubernetesProtobuf(bytes);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('malformed protobuf bodies', () => {
  it('refuses a body without the k8s\\0 prefix', () => {
    expect(decodeError(new TextEncoder().encode('{"kind":"ConfigMap"}'))).toBeInstanceOf(MalformedProtobufError);
    expect(decodeError(new Uint8Array(0))).toBeInstanceOf(MalformedProtobufError);
  });

  it('fails on every truncation that cuts into the object', () => {
    // The object's bytes are the last field of the envelope, so any cut after the
    // envelope's typeMeta leaves a length that runs past the end.
    const rawStart = configMap.length - encode([[1, msg([1, str('settings')])], [2, msg([1, str('key')], [2, str('value')])]]).length;
    for (let cut = rawStart - 1; cut < configMap.length; cut++) {
      expect(decodeError(configMap.subarray(0, cut)), `cut at ${cut}`).toBeInstanceOf(MalformedProtobufError);
    }
  });

  it('refuses lengths past the end, over-long varints, field number 0 and groups', () => {
    const huge = withMagic(0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f);
    expect(decodeError(huge)).toBeInstanceOf(MalformedProtobufError);
    expect(decodeError(withMagic(0x08, ...Array<number>(11).fill(0xff)))).toBeInstanceOf(MalformedProtobufError);
    expect(decodeError(withMagic(0x00, 0x01))).toBeInstanceOf(MalformedProtobufError);
    expect(decodeError(withMagic(0x0b))).toBeInstanceOf(MalformedProtobufError);
  });

  it('refuses a known field sent with the wrong wire type', () => {
    const nameAsNumber = body('v1', 'ConfigMap', [[1, msg([1, num(7)])]]);
    expect(decodeError(nameAsNumber)).toBeInstanceOf(MalformedProtobufError);
  });

  it('refuses compressed or non-protobuf envelopes and an envelope without a kind', () => {
    const gzip = Uint8Array.from([...MAGIC, ...encode([[1, msg([1, str('v1')], [2, str('ConfigMap')])], [3, str('gzip')]])]);
    expect(decodeError(gzip)).toBeInstanceOf(MalformedProtobufError);
    const json = Uint8Array.from([...MAGIC, ...encode([[1, msg([1, str('v1')], [2, str('ConfigMap')])], [4, str('application/json')]])]);
    expect(decodeError(json)).toBeInstanceOf(MalformedProtobufError);
    expect(decodeError(Uint8Array.from([...MAGIC, ...encode([[1, msg([1, str('v1')])]])]))).toBeInstanceOf(MalformedProtobufError);
  });

  it('refuses a RawExtension that is not JSON', () => {
    const revision = body('apps/v1', 'ControllerRevision', [[2, msg([1, str('{not json')])]]);
    expect(decodeError(revision)).toBeInstanceOf(MalformedProtobufError);
  });

  it('reports a kind it has no schema for as unsupported, not malformed', () => {
    const widget = body('example.com/v1', 'Widget', [[1, msg([1, str('w')])]]);
    const err = decodeError(widget);
    expect(err).toBeInstanceOf(UnsupportedKindError);
    expect((err as Error).message).toContain('Widget');
  });

  it('skips a deeply nested unknown field without walking it', () => {
    const nested = nestedField1(20_000);
    const started = performance.now();
    const decoded = decodeKubernetesProtobuf(body('v1', 'ConfigMap', [[1, msg([1, str('deep')])], [42, { bytes: nested }]]));
    expect(decoded.object).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' } });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers random bytes with a decoding error or a value, quickly', () => {
    // A fixed-seed generator keeps failures reproducible.
    let seed = 0x2545f491;
    const next = (): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      return (seed >>> 0) & 0xff;
    };
    const started = performance.now();
    for (let i = 0; i < 3000; i++) {
      const noise = Array.from({ length: 1 + (next() % 64) }, next);
      // Half the cases keep a valid envelope so the noise reaches the object decoder.
      const bytes = i % 2 === 0 ? withMagic(...noise)
        : Uint8Array.from([...MAGIC, ...encode([[1, msg([1, str('v1')], [2, str('Pod')])], [2, { bytes: Uint8Array.from(noise) }]])]);
      const err = decodeError(bytes);
      if (err !== undefined) expect(err).toBeInstanceOf(MalformedProtobufError);
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('schema checks', () => {
  const load = (text: string): Map<string, Map<number, FieldSpec>> => {
    const registry = new Map<string, Map<number, FieldSpec>>();
    parseSchema('t', text, registry);
    return registry;
  };

  it('refuses a message that contains itself, which would let input nest the decoder without bound', () => {
    expect(() => checkSchema(load('A\n b 1 B\nB\n a 1 A\n'))).toThrow(/contains itself/);
  });

  it('refuses references to unknown messages, reused field numbers and bad field lines', () => {
    expect(() => checkSchema(load('A\n b 1 Missing\n'))).toThrow(/unknown message t.Missing/);
    expect(() => load('A\n x 1 s\n y 1 s\n')).toThrow(/used twice/);
    expect(() => load('A\n x one s\n')).toThrow(/bad field number/);
    expect(() => load('A\n ^ 1 s\n')).toThrow(/only messages can be inline/);
  });
});
