// The XOR (Gorilla) float chunk, bit for bit as Prometheus's
// tsdb/chunkenc/xor.go writes it:
//   u16 BE sample count | t0 varint | v0 raw 64 bits | t1−t0 uvarint | v1 xor |
//   then per sample: dod bucket ('0' | '10'+14 | '110'+17 | '1110'+20 | '1111'+64)
//   and the value XOR ('0' same | '10' reuse window | '11' + 5-bit leading
//   (clamped to 31) + 6-bit sigbits (64 written as 0) + sigbits bits).
// Timestamps are int64 in Go; here they are JS integers. The appender and the
// iterator do their time arithmetic on 32-bit halves so deltas of any size
// (including the 64-bit two's-complement dod) are exact; decodeXOR uses plain
// doubles and falls back to the iterator when a value leaves ±2^53.

import { CorruptionError } from '../encoding.js';
import { BitReader, BitWriter } from './bstream.js';
import { Encoding, encodingName } from './chunk.js';
import { HI_WORD, LO_WORD, scratchF64, scratchU32 } from './value.js';

const TWO32 = 0x1_0000_0000;
const TWO53 = 9007199254740992;
const TWO63 = 9223372036854775808;
const HEADER_SIZE = 2;
const MAX_SAMPLES = 0xffff;

// Results of the 64-bit helpers below, as int32 halves [hi, lo]. A typed
// array rather than module variables: storing non-Smi numbers in those would
// allocate on every call.
const R = new Int32Array(2);

/** Splits an integral number into int64 halves. */
function split64(t: number): void {
  const h = Math.floor(t / TWO32);
  R[0] = h;
  R[1] = t - h * TWO32;
}

/** a − b modulo 2^64 (Go's wrapping int64/uint64 subtraction). */
function sub64(ah: number, al: number, bh: number, bl: number): void {
  const l = (al >>> 0) - (bl >>> 0);
  R[1] = l;
  R[0] = ah - bh - (l < 0 ? 1 : 0);
}

/** a + b modulo 2^64. */
function add64(ah: number, al: number, bh: number, bl: number): void {
  const l = (al >>> 0) + (bl >>> 0);
  R[1] = l;
  R[0] = ah + bh + (l >= TWO32 ? 1 : 0);
}

/** Logical right shift of hi:lo by s (0 ≤ s < 64). */
function shr64(h: number, l: number, s: number): void {
  if (s === 0) {
    R[0] = h;
    R[1] = l;
  } else if (s < 32) {
    R[1] = (l >>> s) | (h << (32 - s));
    R[0] = h >>> s;
  } else {
    R[1] = h >>> (s - 32);
    R[0] = 0;
  }
}

/** Left shift of hi:lo by s (0 ≤ s < 64). */
function shl64(h: number, l: number, s: number): void {
  if (s === 0) {
    R[0] = h;
    R[1] = l;
  } else if (s < 32) {
    R[0] = (h << s) | (l >>> (32 - s));
    R[1] = l << s;
  } else {
    R[0] = l << (s - 32);
    R[1] = 0;
  }
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** The 64-bit signed integer hi:lo as a number (rounded if beyond ±2^53). */
function toNumber(h: number, l: number): number {
  return (h | 0) * TWO32 + (l >>> 0);
}

function writeUvarint64(w: BitWriter, h: number, l: number): void {
  let hi = h >>> 0;
  let lo = l >>> 0;
  while (hi !== 0 || lo >= 0x80) {
    w.writeBits((lo & 0x7f) | 0x80, 8);
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  w.writeBits(lo, 8);
}

function writeVarint64(w: BitWriter, h: number, l: number): void {
  const sign = h >> 31;
  const zh = ((h << 1) | (l >>> 31)) ^ sign;
  const zl = (l << 1) ^ sign;
  writeUvarint64(w, zh, zl);
}

/** An XOR-encoded float chunk. */
export class XORChunk {
  readonly encoding = Encoding.XOR;
  /** Writable stream, present for new chunks and after appender(). */
  private w: BitWriter | null = null;
  /** Foreign bytes the chunk was built from (never modified). */
  private data: Uint8Array | null = null;
  private view: Uint8Array | null = null;

  /** A new empty chunk, or a read-only wrapper around existing chunk bytes (not copied). */
  constructor(bytes?: Uint8Array) {
    if (bytes === undefined) {
      this.w = new BitWriter(128);
      this.w.writeBits(0, 16);
    } else {
      if (bytes.length < HEADER_SIZE) throw new CorruptionError(`xor chunk: data too short (${bytes.length} bytes)`);
      this.data = bytes;
    }
  }

  /** The exact chunk bytes. For a chunk being appended to this is a view, valid until the next append. */
  bytes(): Uint8Array {
    const w = this.w;
    if (w === null) return this.data!;
    const v = this.view;
    if (v !== null && v.buffer === w.buf.buffer && v.length === w.len) return v;
    return (this.view = w.bytes());
  }

  numSamples(): number {
    const b = this.w !== null ? this.w.buf : this.data!;
    return (b[0]! << 8) | b[1]!;
  }

  /**
   * An appender continuing the chunk. On a non-empty chunk it replays the
   * samples to recover the encoder state, as Prometheus's Appender() does —
   * including its quirk that the value window then starts as leading=0,
   * trailing=0 (the iterator's zero state) rather than "unset" when no window
   * was read yet, so bytes appended after a reopen can differ from (but decode
   * the same as) bytes appended in one go. Throws CorruptionError if the
   * existing data does not decode.
   */
  appender(): XORAppender {
    const cur = this.bytes();
    if (cur.length === HEADER_SIZE) {
      if (this.w === null) {
        this.w = new BitWriter(128, cur);
        this.data = null;
      }
      return new XORAppender(this.w);
    }
    const it = this.iterator();
    while (it.next()) {
      // replay to the end state
    }
    if (it.err !== null) throw it.err;
    if (this.w === null) {
      this.w = new BitWriter(cur.length + 64, cur);
      this.data = null;
    }
    // Continue right after the last sample's bits (Go keeps this position in bstream.count).
    this.w.truncateBits(HEADER_SIZE * 8 + it.bitPos());
    const a = new XORAppender(this.w);
    a.resume(it);
    return a;
  }

  /** An iterator over the chunk's samples; pass an old iterator to reuse it. */
  iterator(reuse?: XORIterator): XORIterator {
    const it = reuse ?? new XORIterator();
    it.reset(this.bytes());
    return it;
  }
}

/** Appends samples to an XORChunk. Only one appender per chunk may be used at a time. */
export class XORAppender {
  private tHi = 0;
  private tLo = 0;
  private dHi = 0;
  private dLo = 0;
  private vHi = 0;
  private vLo = 0;
  private leading = 0xff;
  private trailing = 0;

  /** @internal use XORChunk.appender() */
  constructor(private readonly w: BitWriter) {}

  /** @internal restores the state an iterator reached at the end of a chunk. */
  resume(it: XORIterator): void {
    const s = it.state();
    this.tHi = s.tHi;
    this.tLo = s.tLo;
    this.dHi = s.dHi;
    this.dLo = s.dLo;
    this.vHi = s.vHi;
    this.vLo = s.vLo;
    this.leading = s.leading;
    this.trailing = s.trailing;
  }

  /**
   * Appends sample (t, v). t must be an integer in the int64 range; like
   * Prometheus the chunk does not check ordering (the head does). v's exact
   * bit pattern is stored (NaN payloads, -0, the stale marker).
   */
  append(t: number, v: number): void {
    if (!Number.isInteger(t) || t < -TWO63 || t >= TWO63) {
      throw new RangeError(`xor chunk: timestamp ${t} is not an int64 integer`);
    }
    const w = this.w;
    const num = (w.buf[0]! << 8) | w.buf[1]!;
    if (num === MAX_SAMPLES) throw new RangeError(`xor chunk: capacity exceeded (${MAX_SAMPLES} samples)`);
    split64(t);
    const th = R[0]!;
    const tl = R[1]!;
    scratchF64[0] = v;
    const vh = scratchU32[HI_WORD]! | 0;
    const vl = scratchU32[LO_WORD]! | 0;
    let dh = 0;
    let dl = 0;
    if (num === 0) {
      writeVarint64(w, th, tl);
      w.writeBits(vh, 32);
      w.writeBits(vl, 32);
    } else {
      sub64(th, tl, this.tHi, this.tLo);
      dh = R[0]!;
      dl = R[1]!;
      if (num === 1) {
        writeUvarint64(w, dh, dl);
      } else {
        sub64(dh, dl, this.dHi, this.dLo);
        const oh = R[0]!;
        const ol = R[1]!;
        if (oh === 0 && ol === 0) {
          w.writeBit(0);
        } else {
          // The dod as a number when it fits in an int32; NaN otherwise (64-bit bucket).
          const dod = (oh === 0 && ol >= 0) || (oh === -1 && ol < 0) ? ol : NaN;
          if (dod >= -8191 && dod <= 8192) {
            w.writeBits((0b10 << 14) | (dod & 0x3fff), 16);
          } else if (dod >= -65535 && dod <= 65536) {
            w.writeBits((0b110 << 17) | (dod & 0x1ffff), 20);
          } else if (dod >= -524287 && dod <= 524288) {
            w.writeBits((0b1110 << 20) | (dod & 0xfffff), 24);
          } else {
            w.writeBits(0b1111, 4);
            w.writeBits(oh, 32);
            w.writeBits(ol, 32);
          }
        }
      }
      this.writeValue(vh, vl);
    }
    this.tHi = th;
    this.tLo = tl;
    this.dHi = dh;
    this.dLo = dl;
    this.vHi = vh;
    this.vLo = vl;
    const n = num + 1;
    w.buf[0] = n >>> 8;
    w.buf[1] = n & 0xff;
  }

  private writeValue(vh: number, vl: number): void {
    const w = this.w;
    const xh = vh ^ this.vHi;
    const xl = vl ^ this.vLo;
    if (xh === 0 && xl === 0) {
      w.writeBit(0);
      return;
    }
    let lead = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const trail = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
    // Five bits hold the leading count, so clamp (the window just gets wider).
    if (lead >= 32) lead = 31;
    const L = this.leading;
    const T = this.trailing;
    if (L !== 0xff && lead >= L && trail >= T) {
      w.writeBits(0b10, 2);
      shr64(xh, xl, T);
      w.writeBits64(R[0]!, R[1]!, 64 - L - T);
      return;
    }
    this.leading = lead;
    this.trailing = trail;
    const sig = 64 - lead - trail;
    // '11', leading (5 bits), sigbits (6 bits; 64 wraps to 0).
    w.writeBits((0b11 << 11) | (lead << 6) | (sig & 0x3f), 13);
    shr64(xh, xl, trail);
    w.writeBits64(R[0]!, R[1]!, sig);
  }
}

/** Decoder state, exposed for XORAppender.resume. */
interface XORState {
  tHi: number;
  tLo: number;
  dHi: number;
  dLo: number;
  vHi: number;
  vLo: number;
  leading: number;
  trailing: number;
}

/**
 * Iterates an XOR chunk's samples: `while (it.next()) use(it.t, it.v)`.
 * next() returns false at the end or on corrupt data; then `err` says which.
 * The bytes are copied on reset, so the chunk may keep growing meanwhile.
 */
export class XORIterator {
  t = 0;
  v = 0;
  err: Error | null = null;
  private readonly br = new BitReader();
  private numTotal = 0;
  private numRead = 0;
  private tHi = 0;
  private tLo = 0;
  private dHi = 0;
  private dLo = 0;
  private vHi = 0;
  private vLo = 0;
  // Go's iterator starts from zero here (not 0xff); appenders resumed from it inherit that.
  private leading = 0;
  private trailing = 0;

  constructor(bytes?: Uint8Array) {
    if (bytes !== undefined) this.reset(bytes);
  }

  reset(bytes: Uint8Array): void {
    this.t = 0;
    this.v = 0;
    this.err = null;
    this.numRead = 0;
    this.tHi = this.tLo = this.dHi = this.dLo = this.vHi = this.vLo = 0;
    this.leading = this.trailing = 0;
    if (bytes.length < HEADER_SIZE) {
      this.numTotal = 0;
      this.br.reset(bytes, 0, 0);
      this.err = new CorruptionError(`xor chunk: data too short (${bytes.length} bytes)`);
      return;
    }
    this.numTotal = (bytes[0]! << 8) | bytes[1]!;
    this.br.reset(bytes, HEADER_SIZE);
  }

  /** Sample count from the chunk header. */
  numSamples(): number {
    return this.numTotal;
  }

  next(): boolean {
    if (this.err !== null || this.numRead === this.numTotal) return false;
    try {
      this.step();
    } catch (e) {
      if (e instanceof CorruptionError) {
        this.err = new CorruptionError(`xor chunk: ${e.message} (sample ${this.numRead} of ${this.numTotal})`);
        return false;
      }
      throw e;
    }
    this.numRead++;
    this.t = toNumber(this.tHi, this.tLo);
    scratchU32[HI_WORD] = this.vHi;
    scratchU32[LO_WORD] = this.vLo;
    this.v = scratchF64[0]!;
    return true;
  }

  /** Advances to the first sample with timestamp ≥ t (staying put if already there). */
  seek(t: number): boolean {
    if (this.err !== null) return false;
    while (this.numRead === 0 || t > this.t) {
      if (!this.next()) return false;
    }
    return true;
  }

  /** @internal bits consumed after the header. */
  bitPos(): number {
    return this.br.pos;
  }

  /** @internal */
  state(): XORState {
    return {
      tHi: this.tHi, tLo: this.tLo, dHi: this.dHi, dLo: this.dLo,
      vHi: this.vHi, vLo: this.vLo, leading: this.leading, trailing: this.trailing,
    };
  }

  private step(): void {
    const br = this.br;
    if (this.numRead === 0) {
      br.readVarint64();
      this.tHi = br.hi | 0;
      this.tLo = br.lo | 0;
      br.readBits64(64);
      this.vHi = br.hi | 0;
      this.vLo = br.lo | 0;
      return;
    }
    if (this.numRead === 1) {
      br.readUvarint64();
      this.dHi = br.hi | 0;
      this.dLo = br.lo | 0;
    } else {
      // Peek-based decoding: the reader's buffer is zero-padded, so reading a
      // little past the end is harmless; the position check below catches it.
      const w = br.peek32();
      if (w >= 0) {
        br.pos += 1; // dod 0
      } else {
        const ones = Math.clz32(~w);
        if (ones >= 4) {
          br.pos += 4;
          const hi = br.peek32();
          br.pos += 32;
          const lo = br.peek32();
          br.pos += 32;
          add64(this.dHi, this.dLo, hi, lo);
        } else {
          let dod: number;
          // Negative values come back as large unsigned ones (docs/bstream.md).
          if (ones === 1) {
            dod = (w << 2) >>> 18;
            if (dod > 8192) dod -= 16384;
            br.pos += 16;
          } else if (ones === 2) {
            dod = (w << 3) >>> 15;
            if (dod > 65536) dod -= 131072;
            br.pos += 20;
          } else {
            dod = (w << 4) >>> 12;
            if (dod > 524288) dod -= 1048576;
            br.pos += 24;
          }
          add64(this.dHi, this.dLo, dod < 0 ? -1 : 0, dod);
        }
        this.dHi = R[0]!;
        this.dLo = R[1]!;
      }
    }
    add64(this.tHi, this.tLo, this.dHi, this.dLo);
    this.tHi = R[0]!;
    this.tLo = R[1]!;
    this.readValue();
    if (br.pos > br.end) throw new CorruptionError('unexpected end of data');
  }

  private readValue(): void {
    const br = this.br;
    const w = br.peek32();
    if (w >= 0) {
      br.pos += 1; // unchanged
      return;
    }
    let T: number;
    let mbits: number;
    if ((w & 0x40000000) === 0) {
      br.pos += 2;
      T = this.trailing;
      mbits = 64 - this.leading - T;
    } else {
      const L = (w >>> 25) & 0x1f;
      mbits = (w >>> 19) & 0x3f;
      if (mbits === 0) mbits = 64;
      T = 64 - L - mbits;
      br.pos += 13;
      if (T < 0) {
        // Zero padding past the end reads as sigbits 64: report the truncation, not a bad window.
        if (br.pos > br.end) throw new CorruptionError('unexpected end of data');
        throw new CorruptionError(`invalid value window (leading ${L}, significant bits ${mbits})`);
      }
      this.leading = L;
      this.trailing = T;
    }
    let hi: number;
    let lo: number;
    if (mbits <= 32) {
      hi = 0;
      lo = br.peek32() >>> (32 - mbits);
      br.pos += mbits;
    } else {
      hi = br.peek32() >>> (64 - mbits);
      br.pos += mbits - 32;
      lo = br.peek32() >>> 0;
      br.pos += 32;
    }
    shl64(hi, lo, T);
    this.vHi ^= R[0]!;
    this.vLo ^= R[1]!;
  }
}

// Scratch for decodeXOR: a zero-padded copy of the chunk so reads never go out of bounds.
const PAD = 32;
let scratch = new Uint8Array(1024 + PAD);

/**
 * Decodes a whole XOR chunk into ts/vs (capacity ≥ the header's sample count)
 * and returns the sample count. Values are written as raw bits, so every NaN
 * payload survives. Throws CorruptionError on truncated or invalid data.
 */
export function decodeXOR(bytes: Uint8Array, ts: Float64Array, vs: Float64Array): number {
  const len = bytes.length;
  if (len < HEADER_SIZE) throw new CorruptionError(`xor chunk: data too short (${len} bytes)`);
  const n = (bytes[0]! << 8) | bytes[1]!;
  if (n === 0) return 0;
  if (ts.length < n || vs.length < n) {
    throw new RangeError(`decodeXOR: output arrays hold ${Math.min(ts.length, vs.length)} samples, chunk has ${n}`);
  }
  if (scratch.length < len + PAD) scratch = new Uint8Array(len * 2 + PAD);
  const b = scratch;
  b.set(bytes);
  b.fill(0, len, len + PAD);
  const vu = new Uint32Array(vs.buffer, vs.byteOffset, n * 2);
  const endBits = len * 8;

  // Sample 0: varint t (byte-aligned), then 64 raw value bits.
  let i = HEADER_SIZE;
  let u = 0;
  let mul = 1;
  for (let k = 0; ; k++) {
    if (i >= len) throw new CorruptionError('xor chunk: unexpected end of data (sample 0 of ' + n + ')');
    if (k === 7) return decodeXORSlow(bytes, ts, vs); // beyond 49 bits: not exact in doubles
    const c = b[i++]!;
    u += (c & 0x7f) * mul;
    mul *= 128;
    if (c < 0x80) break;
  }
  let t = u % 2 === 1 ? -(u - 1) / 2 - 1 : u / 2;
  if (i + 8 > len) throw new CorruptionError(`xor chunk: unexpected end of data (sample 0 of ${n})`);
  let vh = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
  let vl = (b[i + 4]! << 24) | (b[i + 5]! << 16) | (b[i + 6]! << 8) | b[i + 7]!;
  i += 8;
  ts[0] = t;
  vu[LO_WORD] = vl;
  vu[HI_WORD] = vh;
  if (n === 1) return 1;

  // Sample 1: uvarint delta (still byte-aligned).
  u = 0;
  mul = 1;
  for (let k = 0; ; k++) {
    if (i >= len) throw new CorruptionError(`xor chunk: unexpected end of data (sample 1 of ${n})`);
    if (k === 7) return decodeXORSlow(bytes, ts, vs);
    const c = b[i++]!;
    u += (c & 0x7f) * mul;
    mul *= 128;
    if (c < 0x80) break;
  }
  let td = u;
  let p = i * 8; // bit position from here on
  let L = 0;
  let T = 0;

  for (let s = 1; s < n; s++) {
    if (s > 1) {
      // Delta of delta.
      let q = p >>> 3;
      let r = p & 7;
      let w = (b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!;
      if (r !== 0) w = (w << r) | (b[q + 4]! >>> (8 - r));
      if (w >= 0) {
        p += 1;
      } else {
        const ones = Math.clz32(~w);
        let dod: number;
        if (ones === 1) {
          dod = (w << 2) >>> 18;
          if (dod > 8192) dod -= 16384;
          p += 16;
        } else if (ones === 2) {
          dod = (w << 3) >>> 15;
          if (dod > 65536) dod -= 131072;
          p += 20;
        } else if (ones === 3) {
          dod = (w << 4) >>> 12;
          if (dod > 524288) dod -= 1048576;
          p += 24;
        } else {
          p += 4;
          q = p >>> 3;
          r = p & 7;
          let hi = (b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!;
          if (r !== 0) hi = (hi << r) | (b[q + 4]! >>> (8 - r));
          q += 4;
          let lo = (b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!;
          if (r !== 0) lo = (lo << r) | (b[q + 4]! >>> (8 - r));
          p += 64;
          if (hi < -0x200000 || hi >= 0x200000) return decodeXORSlow(bytes, ts, vs);
          dod = hi * TWO32 + (lo >>> 0);
        }
        td += dod;
        if (td >= TWO53 || td <= -TWO53) return decodeXORSlow(bytes, ts, vs);
      }
    }
    t += td;
    if (t >= TWO53 || t <= -TWO53) return decodeXORSlow(bytes, ts, vs);

    // Value.
    let q = p >>> 3;
    let r = p & 7;
    let w = (b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!;
    if (r !== 0) w = (w << r) | (b[q + 4]! >>> (8 - r));
    if (w >= 0) {
      p += 1;
    } else {
      let mbits: number;
      if ((w & 0x40000000) === 0) {
        p += 2;
        mbits = 64 - L - T;
      } else {
        L = (w >>> 25) & 0x1f;
        mbits = (w >>> 19) & 0x3f;
        if (mbits === 0) mbits = 64;
        T = 64 - L - mbits;
        p += 13;
        if (T < 0) {
          if (p > endBits) throw new CorruptionError(`xor chunk: unexpected end of data (sample ${s} of ${n})`);
          throw new CorruptionError(`xor chunk: invalid value window (leading ${L}, significant bits ${mbits}) (sample ${s} of ${n})`);
        }
      }
      // Read mbits (1..64) right-aligned into xh:xl.
      q = p >>> 3;
      r = p & 7;
      w = (b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!;
      if (r !== 0) w = (w << r) | (b[q + 4]! >>> (8 - r));
      let xh: number;
      let xl: number;
      if (mbits <= 32) {
        xh = 0;
        xl = w >>> (32 - mbits);
        p += mbits;
      } else {
        xh = w >>> (64 - mbits);
        p += mbits - 32;
        q = p >>> 3;
        r = p & 7;
        xl = (b[q]! << 24) | (b[q + 1]! << 16) | (b[q + 2]! << 8) | b[q + 3]!;
        if (r !== 0) xl = (xl << r) | (b[q + 4]! >>> (8 - r));
        p += 32;
      }
      if (T !== 0) {
        if (T < 32) {
          xh = (xh << T) | (xl >>> (32 - T));
          xl = xl << T;
        } else {
          xh = xl << (T - 32);
          xl = 0;
        }
      }
      vh ^= xh;
      vl ^= xl;
    }
    if (p > endBits) throw new CorruptionError(`xor chunk: unexpected end of data (sample ${s} of ${n})`);
    ts[s] = t;
    vu[2 * s + LO_WORD] = vl;
    vu[2 * s + HI_WORD] = vh;
  }
  return n;
}

/** Exact (int64-halves) decode for chunks whose times leave the ±2^53 range. */
function decodeXORSlow(bytes: Uint8Array, ts: Float64Array, vs: Float64Array): number {
  const it = new XORIterator(bytes);
  const vu = new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2);
  let i = 0;
  while (it.next()) {
    ts[i] = it.t;
    const st = it.state();
    vu[2 * i + LO_WORD] = st.vLo;
    vu[2 * i + HI_WORD] = st.vHi;
    i++;
  }
  if (it.err !== null) throw it.err;
  return i;
}

/**
 * Wraps chunk bytes read from disk. Only XOR is supported; other encodings get
 * an error naming them, e.g. "unsupported chunk encoding histogram (2)".
 */
export function chunkFromData(encoding: number, data: Uint8Array): XORChunk {
  if (encoding === Encoding.XOR) return new XORChunk(data);
  if (Number.isInteger(encoding) && encoding >= 0 && encoding <= Encoding.FloatHistogramST) {
    throw new Error(`unsupported chunk encoding ${encodingName(encoding)} (${encoding})`);
  }
  throw new Error(`unknown chunk encoding ${encoding}`);
}
