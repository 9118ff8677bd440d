// A minimal protobuf writer for building request bodies by hand, field number
// by field number, the way Go's generated marshallers lay them out.

export type Field = [number, Value];
export type Value =
  | { varint: bigint | number }
  | { bytes: Uint8Array | string }
  | { message: Field[] };

function varint(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

export function encode(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const [number, value] of fields) {
    if ('varint' in value) {
      out.push(...varint(number << 3), ...varint(value.varint));
      continue;
    }
    const body = 'message' in value ? encode(value.message)
      : typeof value.bytes === 'string' ? new TextEncoder().encode(value.bytes) : value.bytes;
    out.push(...varint((number << 3) | 2), ...varint(body.length), ...body);
  }
  return Uint8Array.from(out);
}

export const str = (s: string): Value => ({ bytes: s });
export const num = (n: bigint | number): Value => ({ varint: n });
export const msg = (...fields: Field[]): Value => ({ message: fields });

/** "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function body(apiVersion: string, kind: string, object: Field[]): Uint8Array {
  const unknown = encode([
    [1, msg([1, str(apiVersion)], [2, str(kind)])],
    [2, { bytes: encode(object) }],
  ]);
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}
