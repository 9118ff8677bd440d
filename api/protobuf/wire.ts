// A reader for the protobuf wire format, strict about malformed input: every
// read is bounds-checked and every failure is a MalformedProtobufError, so a hostile body
// can neither hang the decoder nor make it read past the buffer.

export class MalformedProtobufError extends Error {}

/** Wire types of proto2; Kubernetes types use no groups (3, 4) and only unknown fields may be fixed-width. */
export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, Fixed32: 5 } as const;

export interface Tag {
  field: number;
  wireType: number;
}

const MAX_FIELD_NUMBER = 2 ** 29 - 1;

export class Reader {
  pos: number;
  private readonly end: number;

  constructor(private readonly buf: Uint8Array, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a BigInt: int64 values need all 64 bits, negatives arrive as 10-byte varints. */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new MalformedProtobufError('truncated varint');
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new MalformedProtobufError('varint longer than 10 bytes');
  }

  tag(): Tag {
    const raw = this.varint();
    const field = Number(raw >> 3n);
    const wireType = Number(raw & 7n);
    if (field < 1 || field > MAX_FIELD_NUMBER) throw new MalformedProtobufError(`invalid field number ${field}`);
    return { field, wireType };
  }

  /** The body of a length-delimited field, as a view into the same buffer. */
  bytes(): Uint8Array {
    const length = this.varint();
    if (length > BigInt(this.end - this.pos)) {
      throw new MalformedProtobufError(`length ${length} runs past the end of the message`);
    }
    const start = this.pos;
    this.pos += Number(length);
    return this.buf.subarray(start, this.pos);
  }

  /** Skips one field's value; unknown fields are how newer clients stay readable. */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint: this.varint(); return;
      case WireType.Fixed64: this.fixed(8); return;
      case WireType.LengthDelimited: this.bytes(); return;
      case WireType.Fixed32: this.fixed(4); return;
      default: throw new MalformedProtobufError(`unsupported wire type ${wireType}`);
    }
  }

  private fixed(size: number): void {
    if (this.end - this.pos < size) throw new MalformedProtobufError(`truncated ${size * 8}-bit value`);
    this.pos += size;
  }
}

/** int32 fields carry their value sign-extended to 64 bits; keep the low 32 as a signed number. */
export function toInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}

/** int64 fields become JS numbers, losing precision past 2^53 exactly as JSON.parse would. */
export function toInt64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}
