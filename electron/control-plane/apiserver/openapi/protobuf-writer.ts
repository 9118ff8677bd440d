// Just enough of the protobuf wire format to write a message: varint and
// length-delimited fields, nested messages encoded first and then framed.

const encoder = new TextEncoder();

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private varint(value: number): void {
    const bytes: number[] = [];
    let v = value;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wireType: 0 | 2): void {
    this.varint(field * 8 + wireType);
  }

  /** A string field; proto3 leaves empty strings out. */
  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.bytes(field, encoder.encode(value));
  }

  strings(field: number, values: readonly string[] | undefined): this {
    // Repeated strings keep their empty elements.
    for (const v of values ?? []) this.bytes(field, encoder.encode(v));
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  /** A nested message, written by `fill` into a writer of its own. */
  message(field: number, fill: (w: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    fill(child);
    return this.bytes(field, child.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}
