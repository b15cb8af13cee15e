/**
 * Just enough DER to build and read a CMS SignedData. Hand-written rather
 * than node-forge's ASN.1 because forge re-encodes parsed names (UTF-8 names
 * get encoded twice, so the signer no longer matches its certificate) and
 * because verification must hash the exact bytes it received.
 */

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with the given tag around `content`. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from([tag]),
    encodeLength(content.length),
    content,
  ]);
}

function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (
      let value = Math.floor(arc / 128);
      value > 0;
      value = Math.floor(value / 128)
    ) {
      chunk.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...chunk);
  }
  return Buffer.from(bytes);
}

export const der = {
  sequence: (...parts: Buffer[]) => tlv(TAG.sequence, Buffer.concat(parts)),
  /** DER sorts SET OF members by their encoding. */
  setOf: (...parts: Buffer[]) =>
    tlv(
      TAG.set,
      Buffer.concat([...parts].sort((a, b) => Buffer.compare(a, b))),
    ),
  oid: (dotted: string) => tlv(TAG.oid, encodeOid(dotted)),
  integer: (value: number) => tlv(TAG.integer, Buffer.from([value])),
  octetString: (content: Buffer) => tlv(TAG.octetString, content),
  null: () => Buffer.from([TAG.null, 0]),
  /** `[n] EXPLICIT` (or a constructed `[n] IMPLICIT SET`). */
  contextConstructed: (n: number, ...parts: Buffer[]) =>
    tlv(0xa0 | n, Buffer.concat(parts)),
};

export interface DerNode {
  tag: number;
  /** Offset of the tag byte in the buffer read. */
  start: number;
  /** Offset just past the value. */
  end: number;
  /** The whole TLV, as received. */
  raw: Buffer;
  /** The value bytes. */
  content: Buffer;
}

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

/** Reads the TLV at `offset`. Indefinite lengths are refused (not DER). */
export function readTlv(buffer: Buffer, offset = 0): DerNode {
  if (offset + 2 > buffer.length) throw new DerError("truncated TLV");
  const tag = buffer[offset] as number;
  if ((tag & 0x1f) === 0x1f)
    throw new DerError("multi-byte tags are not used here");
  let lengthByte = buffer[offset + 1] as number;
  let headerLength = 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 4) throw new DerError("unsupported length");
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = buffer[offset + 2 + i] ?? 0;
      length = length * 256 + lengthByte;
    }
    headerLength += count;
  }
  const end = offset + headerLength + length;
  if (end > buffer.length) throw new DerError("TLV runs past the end");
  return {
    tag,
    start: offset,
    end,
    raw: buffer.subarray(offset, end),
    content: buffer.subarray(offset + headerLength, end),
  };
}

/** The TLVs inside a constructed value. */
export function children(node: DerNode): DerNode[] {
  const result: DerNode[] = [];
  let offset = 0;
  while (offset < node.content.length) {
    const child = readTlv(node.content, offset);
    result.push(child);
    offset = child.end;
  }
  return result;
}

/** The child at `index`, checked to carry `tag`. */
export function childAt(node: DerNode, index: number, tag?: number): DerNode {
  const child = children(node)[index];
  if (!child) throw new DerError(`missing element ${index}`);
  if (tag !== undefined && child.tag !== tag) {
    throw new DerError(
      `element ${index} has tag 0x${child.tag.toString(16)}, expected 0x${tag.toString(16)}`,
    );
  }
  return child;
}

/** Decodes an OBJECT IDENTIFIER value into dotted form. */
export function decodeOid(node: DerNode): string {
  if (node.tag !== TAG.oid) throw new DerError("not an OID");
  const bytes = node.content;
  const first = bytes[0] ?? 0;
  const arcs = [
    Math.min(2, Math.floor(first / 40)),
    first - Math.min(2, Math.floor(first / 40)) * 40,
  ];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join(".");
}
