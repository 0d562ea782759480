// MSB-first bit stream, the substrate of Prometheus's XOR chunk
// (tsdb/chunkenc/bstream.go, tsdb/docs/bstream.md). Bits fill each byte from
// its high end; the last byte is zero-padded. Values wider than 32 bits are
// passed as two 32-bit halves so nothing here needs BigInt.

import { CorruptionError } from '../encoding.js';

/** Zero bytes kept after the copied stream so peeks never read out of bounds. */
const READ_PADDING = 32;

/** Append-only bit writer over a growable byte buffer. */
export class BitWriter {
  buf: Uint8Array;
  /** Bytes in use (the last one may be partial). */
  len: number;
  /** Free low-order bits in the last byte (0 = the last byte is full). */
  count = 0;

  /** Starts empty, or continues after `prefix` (whose last byte counts as full). */
  constructor(initialCapacity = 128, prefix?: Uint8Array) {
    const cap = Math.max(initialCapacity, prefix ? prefix.length + 16 : 0, 8);
    this.buf = new Uint8Array(cap);
    this.len = 0;
    if (prefix) {
      this.buf.set(prefix);
      this.len = prefix.length;
    }
  }

  /** Number of bits written. */
  bitLength(): number {
    return this.len * 8 - this.count;
  }

  /** The written bytes: a view, valid until the next write. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /**
   * Rewinds or positions the writer at bit `bits` of the existing data,
   * clearing any bits after it so later writes can OR into the last byte.
   */
  truncateBits(bits: number): void {
    const nbytes = Math.ceil(bits / 8);
    if (nbytes > this.len) throw new RangeError(`bstream: cannot position at bit ${bits} of ${this.len * 8}`);
    this.len = nbytes;
    this.count = nbytes * 8 - bits;
    if (this.count > 0) this.buf[nbytes - 1]! &= (0xff << this.count) & 0xff;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }

  writeBit(bit: number): void {
    if (this.count === 0) {
      this.ensure(1);
      this.buf[this.len++] = 0;
      this.count = 8;
    }
    this.count--;
    if (bit) this.buf[this.len - 1]! |= 1 << this.count;
  }

  writeByte(b: number): void {
    this.writeBits(b & 0xff, 8);
  }

  /** Writes the low `n` bits of `v` (0 ≤ n ≤ 32), most significant first. */
  writeBits(v: number, n: number): void {
    if (n === 0) return;
    this.ensure(5);
    const buf = this.buf;
    let len = this.len;
    let count = this.count;
    if (n < 32) v &= (1 << n) - 1;
    while (n > 0) {
      if (count === 0) {
        buf[len++] = 0;
        count = 8;
      }
      const take = n < count ? n : count;
      // The top `take` of the remaining n bits go into the free part of the last byte.
      const bits = (v >>> (n - take)) & ((1 << take) - 1);
      buf[len - 1]! |= bits << (count - take);
      count -= take;
      n -= take;
    }
    this.len = len;
    this.count = count;
  }

  /** Writes the low `n` bits (0 ≤ n ≤ 64) of the 64-bit value hi:lo. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n);
    }
  }
}

/**
 * Bit reader over a private zero-padded copy of the stream, so reads past the
 * end yield zeros instead of faulting; callers check `pos` against `end`
 * (or use the checked read methods, which throw CorruptionError).
 */
export class BitReader {
  buf: Uint8Array = new Uint8Array(64);
  /** Next bit to read, counted from the start of the copied range. */
  pos = 0;
  /** Number of bits in the stream. */
  end = 0;
  /** Result of readBits64 / readUvarint64 / readVarint64. */
  hi = 0;
  lo = 0;

  /** Reads bytes src[start, end). The bytes are copied; src may change afterwards. */
  reset(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (this.buf.length < n + READ_PADDING) this.buf = new Uint8Array(n + READ_PADDING + (n >> 1));
    this.buf.set(src.subarray(start, end));
    this.buf.fill(0, n, n + READ_PADDING);
    this.pos = 0;
    this.end = n * 8;
  }

  remainingBits(): number {
    return this.end - this.pos;
  }

  /** Next 32 bits, MSB-aligned, as an int32 (zeros past the end); does not advance. */
  peek32(): number {
    const b = this.buf;
    const p = this.pos;
    const i = p >>> 3;
    const s = p & 7;
    let w = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
    if (s !== 0) w = (w << s) | (b[i + 4]! >>> (8 - s));
    return w;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new CorruptionError('unexpected end of data');
  }

  readBit(): number {
    this.need(1);
    const p = this.pos++;
    return (this.buf[p >>> 3]! >>> (7 - (p & 7))) & 1;
  }

  /** Reads n bits (0 ≤ n ≤ 32) as an unsigned number. */
  readBits(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const w = this.peek32();
    this.pos += n;
    return w >>> (32 - n);
  }

  readByte(): number {
    return this.readBits(8);
  }

  /** Reads n bits (0 ≤ n ≤ 64) into this.hi/this.lo (unsigned halves). */
  readBits64(n: number): void {
    if (n > 32) {
      this.need(n);
      this.hi = this.readBits(n - 32);
      this.lo = this.readBits(32);
    } else {
      this.hi = 0;
      this.lo = this.readBits(n);
    }
  }

  /** Go's binary.ReadUvarint, byte by byte through the bit stream, into hi/lo. */
  readUvarint64(): void {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.readByte();
      if (i === 9 && b > 1) throw new CorruptionError('varint overflows a 64-bit integer');
      const x = b & 0x7f;
      const s = 7 * i;
      if (s < 32) {
        lo |= x << s;
        if (s > 25) hi |= x >>> (32 - s);
      } else {
        hi |= x << (s - 32);
      }
      if (b < 0x80) {
        this.hi = hi >>> 0;
        this.lo = lo >>> 0;
        return;
      }
    }
    throw new CorruptionError('varint overflows a 64-bit integer');
  }

  /** Go's binary.ReadVarint (zigzag) into hi (signed) / lo (unsigned). */
  readVarint64(): void {
    this.readUvarint64();
    const neg = -(this.lo & 1);
    const lo = ((this.lo >>> 1) | (this.hi << 31)) ^ neg;
    this.hi = (this.hi >>> 1) ^ neg;
    this.lo = lo >>> 0;
  }
}
