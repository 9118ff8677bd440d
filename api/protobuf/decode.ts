// Decodes Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf)
// into the plain JSON object the same client would have sent as JSON.
//
// A body is the magic "k8s\0" followed by a runtime.Unknown envelope
// {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType};
// raw is the object's own generated message, which carries no apiVersion/kind.
import { messageFor } from './kinds.ts';
import { MESSAGES } from './schema.ts';
import type { FieldSpec, FieldType, ValueType, WellKnown } from './schema.ts';
import { MalformedProtobufError, Reader, WireType, toInt32, toInt64 } from './wire.ts';

export { MalformedProtobufError } from './wire.ts';

/** The body names a kind we have no schema for (the server answers 415, not 400). */
export class UnsupportedKindError extends Error {}

export interface DecodedObject {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;
const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const utf8 = new TextDecoder('utf-8');

export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= MAGIC.length && MAGIC.every((byte, i) => body[i] === byte);
}

export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  if (!hasProtobufMagic(body)) throw new MalformedProtobufError('the body does not start with the Kubernetes protobuf prefix "k8s\\0"');
  const envelope = decodeUnknown(body.subarray(MAGIC.length));
  if (envelope.contentEncoding !== '') {
    throw new MalformedProtobufError(`unsupported contentEncoding "${envelope.contentEncoding}" in the protobuf envelope`);
  }
  if (envelope.contentType !== '' && envelope.contentType !== PROTOBUF_CONTENT_TYPE) {
    throw new MalformedProtobufError(`unsupported contentType "${envelope.contentType}" in the protobuf envelope`);
  }
  const { apiVersion, kind } = envelope;
  if (apiVersion === '' || kind === '') throw new MalformedProtobufError('the protobuf envelope does not name an apiVersion and kind');
  const message = messageFor(apiVersion, kind);
  if (!message) throw new UnsupportedKindError(`no protobuf schema for ${kind} in ${apiVersion}; send it as application/json`);
  const object = decodeMessage(envelope.raw, message);
  return { apiVersion, kind, object: { apiVersion, kind, ...object } };
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

function decodeUnknown(buf: Uint8Array): Envelope {
  const envelope: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const reader = new Reader(buf);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field > 4) {
      reader.skip(wireType);
      continue;
    }
    expectWireType(wireType, WireType.LengthDelimited, `runtime.Unknown field ${field}`);
    const value = reader.bytes();
    if (field === 1) Object.assign(envelope, decodeTypeMeta(value));
    else if (field === 2) envelope.raw = value;
    else if (field === 3) envelope.contentEncoding = utf8.decode(value);
    else envelope.contentType = utf8.decode(value);
  }
  return envelope;
}

function decodeTypeMeta(buf: Uint8Array): { apiVersion: string; kind: string } {
  const typeMeta = { apiVersion: '', kind: '' };
  const reader = new Reader(buf);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field !== 1 && field !== 2) {
      reader.skip(wireType);
      continue;
    }
    expectWireType(wireType, WireType.LengthDelimited, `runtime.TypeMeta field ${field}`);
    const value = utf8.decode(reader.bytes());
    if (field === 1) typeMeta.apiVersion = value;
    else typeMeta.kind = value;
  }
  return typeMeta;
}

function expectWireType(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new MalformedProtobufError(`${what}: wire type ${actual}, expected ${expected}`);
}

// Recursion follows the schema, which is acyclic (checked when it loads), so no
// input can nest the decoder deeper than the schema itself does.
function decodeMessage(buf: Uint8Array, name: string): Record<string, unknown> {
  const spec = MESSAGES.get(name);
  if (!spec) throw new Error(`protobuf schema has no message ${name}`);
  const out: Record<string, unknown> = {};
  const reader = new Reader(buf);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    const fieldSpec = spec.get(field);
    // Unknown fields come from newer clients; skipping them is protobuf's compatibility rule.
    if (!fieldSpec) reader.skip(wireType);
    else readField(reader, wireType, fieldSpec, out, `${name}.${fieldSpec.name || fieldSpec.number}`);
  }
  return out;
}

function readField(reader: Reader, wireType: number, spec: FieldSpec, out: Record<string, unknown>, path: string): void {
  const type: FieldType = spec.type;
  if (type.kind === 'map') {
    expectWireType(wireType, WireType.LengthDelimited, path);
    const [key, value] = decodeMapEntry(reader.bytes(), type.value, path);
    const map = (out[spec.name] ??= {}) as Record<string, unknown>;
    map[key] = value;
    return;
  }
  if (spec.repeated) {
    const list = (out[spec.name] ??= []) as unknown[];
    if (wireType === WireType.LengthDelimited && isPackable(type)) {
      // Packed encoding of a repeated number: one length-delimited run of values.
      const packed = new Reader(reader.bytes());
      while (!packed.done) list.push(readValue(packed, WireType.Varint, type, path));
    } else {
      list.push(readValue(reader, wireType, type, path) ?? null);
    }
    return;
  }
  const value = readValue(reader, wireType, type, path);
  if (spec.inline) {
    Object.assign(out, value);
    return;
  }
  // A zero-valued Time or an empty RawExtension is JSON null: leave the field out.
  if (value === undefined) return;
  if (!spec.keepZero && (value === false || value === 0 || value === '')) return;
  out[spec.name] = value;
}

function isPackable(type: ValueType): boolean {
  return type.kind === 'scalar' && type.scalar !== 's' && type.scalar !== 'bytes';
}

function readValue(reader: Reader, wireType: number, type: ValueType, path: string): unknown {
  if (type.kind === 'scalar') {
    switch (type.scalar) {
      case 's':
        expectWireType(wireType, WireType.LengthDelimited, path);
        return utf8.decode(reader.bytes());
      case 'bytes':
        expectWireType(wireType, WireType.LengthDelimited, path);
        return toBase64(reader.bytes());
      case 'b':
        expectWireType(wireType, WireType.Varint, path);
        return reader.varint() !== 0n;
      case 'i32':
        expectWireType(wireType, WireType.Varint, path);
        return toInt32(reader.varint());
      case 'i64':
        expectWireType(wireType, WireType.Varint, path);
        return toInt64(reader.varint());
    }
  }
  expectWireType(wireType, WireType.LengthDelimited, path);
  const body = reader.bytes();
  if (type.kind === 'wellKnown') return decodeWellKnown(type.name, body, path);
  return decodeMessage(body, type.message);
}

function decodeMapEntry(buf: Uint8Array, valueType: ValueType, path: string): [string, unknown] {
  let key = '';
  let value: unknown;
  const reader = new Reader(buf);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    if (field === 1) {
      expectWireType(wireType, WireType.LengthDelimited, `${path} key`);
      key = utf8.decode(reader.bytes());
    } else if (field === 2) {
      value = readValue(reader, wireType, valueType, `${path}[${key}]`);
    } else {
      reader.skip(wireType);
    }
  }
  return [key, value ?? zeroValue(valueType)];
}

/** What Go puts in a map entry whose value was absent: the type's zero value. */
function zeroValue(type: ValueType): unknown {
  if (type.kind === 'wellKnown') return type.name === 'Quantity' ? '0' : null;
  if (type.kind === 'message') return {};
  switch (type.scalar) {
    case 's': case 'bytes': return '';
    case 'b': return false;
    default: return 0;
  }
}

/** Reads the fields of a small fixed message by number, checking each one's wire type. */
function readFields(buf: Uint8Array, path: string, expected: Readonly<Record<number, number>>): Map<number, bigint | Uint8Array> {
  const fields = new Map<number, bigint | Uint8Array>();
  const reader = new Reader(buf);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    const want = expected[field];
    if (want === undefined) {
      reader.skip(wireType);
      continue;
    }
    expectWireType(wireType, want, `${path} field ${field}`);
    fields.set(field, want === WireType.Varint ? reader.varint() : reader.bytes());
  }
  return fields;
}

function decodeWellKnown(name: WellKnown, buf: Uint8Array, path: string): unknown {
  switch (name) {
    case 'Time':
    case 'MicroTime': {
      // Go encodes a zero Time as an empty message, and its JSON is null.
      if (buf.length === 0) return undefined;
      const fields = readFields(buf, path, { 1: WireType.Varint, 2: WireType.Varint });
      const seconds = toInt64((fields.get(1) as bigint | undefined) ?? 0n);
      const nanos = toInt32((fields.get(2) as bigint | undefined) ?? 0n);
      return formatTime(seconds, nanos, name === 'MicroTime', path);
    }
    case 'Quantity': {
      const value = readFields(buf, path, { 1: WireType.LengthDelimited }).get(1) as Uint8Array | undefined;
      return value ? utf8.decode(value) : '0';
    }
    case 'IntOrString': {
      const fields = readFields(buf, path, { 1: WireType.Varint, 2: WireType.Varint, 3: WireType.LengthDelimited });
      const isString = ((fields.get(1) as bigint | undefined) ?? 0n) === 1n;
      if (isString) {
        const str = fields.get(3) as Uint8Array | undefined;
        return str ? utf8.decode(str) : '';
      }
      return toInt32((fields.get(2) as bigint | undefined) ?? 0n);
    }
    case 'RawExtension':
    case 'FieldsV1': {
      const raw = readFields(buf, path, { 1: WireType.LengthDelimited }).get(1) as Uint8Array | undefined;
      if (!raw || raw.length === 0) return undefined;
      try {
        return JSON.parse(utf8.decode(raw));
      } catch {
        throw new MalformedProtobufError(`${path}: embedded ${name} is not JSON`);
      }
    }
  }
}

/** Standard base64 with padding, as encoding/json writes []byte; btoa keeps api/ free of Node's Buffer. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** RFC 3339 in UTC as metav1.Time (whole seconds) and metav1.MicroTime (6 fractional digits) print it. */
function formatTime(seconds: number, nanos: number, micro: boolean, path: string): string {
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  // Go refuses to marshal such times to JSON, so no JSON client could have sent them.
  if (Number.isNaN(year) || year < 0 || year > 9999 || nanos < 0 || nanos > 999_999_999) {
    throw new MalformedProtobufError(`${path}: time out of range (seconds ${seconds}, nanos ${nanos})`);
  }
  const whole = date.toISOString().slice(0, 19);
  if (!micro) return `${whole}Z`;
  return `${whole}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}
