// Byte-level encoding helpers shared by every TSDB file format (index, chunks,
// WAL, tombstones). Integers are JS numbers: exact up to ±2^53, which covers
// millisecond timestamps, file offsets and series refs. Varints follow Go's
// encoding/binary (uvarint: 7 bits per byte, LSB first; varint: zigzag).

const TWO32 = 0x1_0000_0000;

/** Raised when bytes on disk do not decode; callers add the file name. */
export class CorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptionError';
  }
}

/** Append-only byte buffer that grows as needed. */
export class Encbuf {
  buf: Uint8Array;
  len = 0;
  private view: DataView;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  reset(): void {
    this.len = 0;
  }

  /** The bytes written so far (a view, not a copy). */
  get(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
    this.view = new DataView(nb.buffer);
  }

  putByte(b: number): void {
    this.grow(1);
    this.buf[this.len++] = b;
  }

  putBytes(b: Uint8Array): void {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  putBE16(v: number): void {
    this.grow(2);
    this.view.setUint16(this.len, v);
    this.len += 2;
  }

  putBE32(v: number): void {
    this.grow(4);
    this.view.setUint32(this.len, v >>> 0);
    this.len += 4;
  }

  /** Writes a (signed or unsigned) 64-bit integer given as a number, big-endian. */
  putBE64(v: number): void {
    this.grow(8);
    const hi = Math.floor(v / TWO32);
    this.view.setUint32(this.len, hi >>> 0);
    this.view.setUint32(this.len + 4, (v - hi * TWO32) >>> 0);
    this.len += 8;
  }

  putBE64Float(f: number): void {
    this.grow(8);
    this.view.setFloat64(this.len, f);
    this.len += 8;
  }

  putUvarint(v: number): void {
    this.grow(10);
    putUvarintAt(this.buf, this.len, v);
    this.len += uvarintSize(v);
  }

  putVarint(v: number): void {
    this.grow(10);
    this.len = putVarintAt(this.buf, this.len, v);
  }

  /** uvarint length followed by the UTF-8 bytes. */
  putUvarintStr(s: string): void {
    const bytes = utf8Encode(s);
    this.putUvarint(bytes.length);
    this.putBytes(bytes);
  }

  /** Overwrites 4 bytes at `at` (used for back-filled lengths). */
  setBE32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0);
  }
}

const textEncoder = new TextEncoder();
export function utf8Encode(s: string): Uint8Array {
  return textEncoder.encode(s);
}

export function uvarintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes v as uvarint at buf[off]; returns the new offset. */
export function putUvarintAt(buf: Uint8Array, off: number, v: number): number {
  while (v >= 128) {
    buf[off++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[off++] = v;
  return off;
}

/**
 * Writes v as zigzag varint at buf[off]; returns the new offset. Exact for
 * |v| ≤ 2^53: the zigzag value 2m+s is never materialised as one number.
 */
export function putVarintAt(buf: Uint8Array, off: number, v: number): number {
  const neg = v < 0;
  const m = neg ? -v - 1 : v;
  const low6 = m % 64;
  const rest = Math.floor(m / 64);
  const first = (low6 << 1) | (neg ? 1 : 0);
  if (rest === 0) {
    buf[off++] = first;
    return off;
  }
  buf[off++] = first | 0x80;
  return putUvarintAt(buf, off, rest);
}

export function varintSize(v: number): number {
  const m = v < 0 ? -v - 1 : v;
  const rest = Math.floor(m / 64);
  return rest === 0 ? 1 : 1 + uvarintSize(rest);
}

/** Sequential reader over a byte slice. Throws CorruptionError on overrun. */
export class Decbuf {
  readonly buf: Uint8Array;
  off: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.off = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  remaining(): number {
    return this.end - this.off;
  }

  private need(n: number): void {
    if (this.off + n > this.end) throw new CorruptionError('unexpected end of data');
  }

  skip(n: number): void {
    this.need(n);
    this.off += n;
  }

  byte(): number {
    this.need(1);
    return this.buf[this.off++]!;
  }

  be16(): number {
    this.need(2);
    const v = this.view.getUint16(this.off);
    this.off += 2;
    return v;
  }

  be32(): number {
    this.need(4);
    const v = this.view.getUint32(this.off);
    this.off += 4;
    return v;
  }

  /** Unsigned 64-bit big-endian as a number (exact below 2^53). */
  be64(): number {
    this.need(8);
    const v = this.view.getUint32(this.off) * TWO32 + this.view.getUint32(this.off + 4);
    this.off += 8;
    return v;
  }

  /** Signed 64-bit big-endian as a number (exact within ±2^53). */
  be64Signed(): number {
    this.need(8);
    const v = this.view.getInt32(this.off) * TWO32 + this.view.getUint32(this.off + 4);
    this.off += 8;
    return v;
  }

  be64Float(): number {
    this.need(8);
    const v = this.view.getFloat64(this.off);
    this.off += 8;
    return v;
  }

  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.off >= this.end) throw new CorruptionError('unexpected end of data in uvarint');
      const b = this.buf[this.off++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new CorruptionError('uvarint overflows 64 bits');
  }

  varint(): number {
    if (this.off >= this.end) throw new CorruptionError('unexpected end of data in varint');
    const first = this.buf[this.off++]!;
    const neg = (first & 1) === 1;
    let m = (first >> 1) & 0x3f;
    if (first & 0x80) m += this.uvarint() * 64;
    return neg ? -m - 1 : m;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return b;
  }

  uvarintBytes(): Uint8Array {
    return this.bytes(this.uvarint());
  }

  uvarintStr(): string {
    const n = this.uvarint();
    this.need(n);
    const s = utf8Decode(this.buf, this.off, this.off + n);
    this.off += n;
    return s;
  }
}

// ignoreBOM: a label value may legitimately start with U+FEFF.
const textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** Decodes UTF-8; short ASCII strings take a fast path (label names and values mostly are). */
export function utf8Decode(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 32) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return textDecoder.decode(buf.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return textDecoder.decode(buf.subarray(start, end));
}
