import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BitReader,
  BitWriter,
  Encoding,
  XORChunk,
  XORIterator,
  chunkFromData,
  computeChunkEndTime,
  decodeXOR,
  encodingName,
  floatBitsHi,
  floatBitsLo,
  floatFromBits,
  isStaleNaN,
  staleNaN,
  STALE_NAN_BITS_HI,
  STALE_NAN_BITS_LO,
} from '../../src/tsdb/chunkenc/index.js';
import { CorruptionError } from '../../src/tsdb/encoding.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** Values as raw bits: [hi, lo] pairs, so NaN payloads never pass through arithmetic. */
type Bits = [number, number];

function encode(ts: readonly number[], vs: Float64Array): XORChunk {
  const c = new XORChunk();
  const a = c.appender();
  for (let i = 0; i < ts.length; i++) a.append(ts[i]!, vs[i]!);
  return c;
}

function valuesFromBits(bits: readonly Bits[]): Float64Array {
  const u = new Uint32Array(bits.length * 2);
  const probe = new Uint32Array(new Float64Array([1]).buffer);
  const hiIdx = probe[1] === 0x3ff00000 ? 1 : 0;
  bits.forEach(([h, l], i) => {
    u[2 * i + hiIdx] = h;
    u[2 * i + (1 - hiIdx)] = l;
  });
  return new Float64Array(u.buffer);
}

/** Bit-exact equality of two float arrays (first n entries). */
function expectSameBits(got: Float64Array, want: Float64Array, n = want.length): void {
  const g = new Uint32Array(got.buffer, got.byteOffset, n * 2);
  const w = new Uint32Array(want.buffer, want.byteOffset, n * 2);
  expect(Array.from(g)).toEqual(Array.from(w));
}

function iterate(bytes: Uint8Array): { ts: number[]; vs: Float64Array; err: Error | null } {
  const it = new XORIterator(bytes);
  const ts: number[] = [];
  // Never a plain JS array for values: optimized V8 code quiets signalling NaNs stored there.
  let vs = new Float64Array(16);
  while (it.next()) {
    if (ts.length === vs.length) {
      const nv = new Float64Array(vs.length * 2);
      nv.set(vs);
      vs = nv;
    }
    vs[ts.length] = it.v;
    ts.push(it.t);
  }
  return { ts, vs: vs.subarray(0, ts.length), err: it.err };
}

describe('bstream', () => {
  it('writes MSB first and zero-pads the last byte', () => {
    const w = new BitWriter(1);
    w.writeBit(1);
    w.writeBits(0b01, 2);
    w.writeByte(0xff);
    w.writeBits(0xdeadbeef, 32);
    w.writeBits64(0x1, 0x80000001, 33);
    expect(w.bitLength()).toBe(1 + 2 + 8 + 32 + 33);
    // 1 01 11111111 deadbeef(32) 1 80000001(32), then 4 zero bits of padding
    expect(hex(w.bytes())).toBe('bffbd5b7ddf800000010');
  });

  it('reads back what was written, and throws at the end of data', () => {
    const w = new BitWriter();
    w.writeBits(5, 3);
    w.writeBits(0x12345, 17);
    w.writeBits64(0x89abcdef, 0x01234567, 64);
    w.writeBits(1, 1);
    const r = new BitReader();
    r.reset(w.bytes());
    expect(r.readBits(3)).toBe(5);
    expect(r.readBits(17)).toBe(0x12345);
    r.readBits64(64);
    expect([r.hi, r.lo]).toEqual([0x89abcdef, 0x01234567]);
    expect(r.readBit()).toBe(1);
    expect(r.remainingBits()).toBe(3); // padding
    r.readBits(3);
    expect(() => r.readBit()).toThrow(CorruptionError);
    expect(() => r.readBit()).toThrow('unexpected end of data');
  });

  it('reads Go varints including 64-bit extremes', () => {
    // zigzag(-1) = 1; uvarint 2^64-1 = ff×9 01
    const r = new BitReader();
    r.reset(unhex('01 ffffffffffffffffff01 80808080808080808002'));
    r.readVarint64();
    expect([r.hi, r.lo]).toEqual([-1, 0xffffffff]);
    r.readUvarint64();
    expect([r.hi, r.lo]).toEqual([0xffffffff, 0xffffffff]);
    expect(() => r.readUvarint64()).toThrow('varint overflows a 64-bit integer');
  });

  it('positions a reopened writer mid-byte and clears stale bits', () => {
    const w = new BitWriter(8, unhex('ffff'));
    w.truncateBits(11);
    expect(hex(w.bytes())).toBe('ffe0');
    w.writeBits(0b10101, 5);
    expect(hex(w.bytes())).toBe('fff5');
  });
});

describe('XOR chunk bytes (pinned)', () => {
  it('encodes a single sample: header, varint t, raw value', () => {
    const c = encode([0], new Float64Array([0]));
    expect(hex(c.bytes())).toBe('0001' + '00' + '0000000000000000');
    expect(c.numSamples()).toBe(1);
  });

  it('encodes an unchanged second sample as uvarint delta + one 0 bit', () => {
    const c = encode([0, 1000], new Float64Array([1, 1]));
    expect(hex(c.bytes())).toBe('0002' + '00' + '3ff0000000000000' + 'e807' + '00');
  });

  it('matches promtool 2.42 for gauge 1,2,2.5,NaN,+Inf at irregular 15s steps', () => {
    // Copied from promtool tsdb create-blocks-from openmetrics (see test/compat/chunks-promtool.test.ts).
    const ts = [1700000000000, 1700000015000, 1700000030000, 1700000046000, 1700000060000];
    const vs = valuesFromBits([
      [0x3ff00000, 0], [0x40000000, 0], [0x40040000, 0], [0x7ff80000, 1], [0x7ff00000, 0],
    ]);
    const c = encode(ts, vs);
    expect(hex(c.bytes())).toBe('000580a0abfef962' + '3ff0000000000000' + '9875c25fff6d0707d18befff0000000000006e0c200200000000000040');
  });

  it('uses every dod bucket, including the 64-bit two\'s complement form', () => {
    // Deltas chosen so the dods are 0, 8192 (14-bit max), -8191 (14-bit min), 65536, -524287, then huge.
    const d = [10, 10, 10 + 8192, 10 + 8192 - 8191, 10 + 8192 - 8191 + 65536, 10 + 8192 - 8191 + 65536 - 524287, 2 ** 40];
    const ts = [0];
    for (const x of d) ts.push(ts[ts.length - 1]! + x);
    const vs = new Float64Array(ts.length);
    const c = encode(ts, vs);
    const r = new BitReader();
    r.reset(c.bytes(), 2);
    r.readVarint64();
    r.readBits64(64);
    r.readUvarint64();
    expect(r.lo).toBe(10);
    expect(r.readBit()).toBe(0); // value unchanged
    const expectDod = (prefix: number, plen: number, bits: number, want: number): void => {
      expect(r.readBits(plen)).toBe(prefix);
      if (bits === 64) {
        r.readBits64(64);
        expect(r.hi * 2 ** 32 + r.lo).toBe(want);
      } else if (bits > 0) {
        let v = r.readBits(bits);
        if (v > 2 ** (bits - 1)) v -= 2 ** bits;
        expect(v).toBe(want);
      }
      expect(r.readBit()).toBe(0);
    };
    expectDod(0b0, 1, 0, 0);
    expectDod(0b10, 2, 14, 8192);
    expectDod(0b10, 2, 14, -8191);
    expectDod(0b110, 3, 17, 65536);
    expectDod(0b1110, 4, 20, -524287);
    expectDod(0b1111, 4, 64, 2 ** 40 - (10 + 8192 - 8191 + 65536 - 524287));
    const back = iterate(c.bytes());
    expect(back.err).toBeNull();
    expect(back.ts).toEqual(ts);
  });

  it('writes sigbits 64 as 0 and clamps leading zeros to 31', () => {
    // 1.0 -> -1.0 flips only the sign bit: leading 0, trailing 63, sigbits 1.
    // 0 -> 5e-324 (bits 0x1): leading 63 clamped to 31, trailing 0, sigbits 33.
    // 5e-324 -> bits ffffffffffffffff: xor has leading 0, trailing 1 → new window...
    const vs = valuesFromBits([[0, 0], [0, 1], [0xffffffff, 0xfffffffe]]);
    const c = encode([0, 1, 2], vs);
    const r = new BitReader();
    r.reset(c.bytes(), 2);
    r.readVarint64();
    r.readBits64(64);
    r.readUvarint64();
    expect(r.readBits(2)).toBe(0b11);
    expect(r.readBits(5)).toBe(31);
    expect(r.readBits(6)).toBe(33);
    r.readBits64(33);
    expect([r.hi, r.lo]).toEqual([0, 1]);
    expect(r.readBit()).toBe(0); // dod 0
    expect(r.readBits(2)).toBe(0b11);
    expect(r.readBits(5)).toBe(0);
    expect(r.readBits(6)).toBe(0); // 64 significant bits written as 0
    r.readBits64(64);
    expect([r.hi, r.lo]).toEqual([0xffffffff, 0xffffffff]);
    const back = new Float64Array(3);
    expect(decodeXOR(c.bytes(), new Float64Array(3), back)).toBe(3);
    expectSameBits(back, vs);
  });

  it('reuses the previous window when the new xor fits inside it', () => {
    // 1 -> 3 -> 2: xor(1,3)=0x7ff8… (leading 1, trailing 51), xor(3,2)=0x0008… fits inside it.
    const c = encode([0, 1, 2], new Float64Array([1, 3, 2]));
    const r = new BitReader();
    r.reset(c.bytes(), 2);
    r.readVarint64();
    r.readBits64(64);
    r.readUvarint64();
    expect(r.readBits(2)).toBe(0b11);
    const L = r.readBits(5);
    const sig = r.readBits(6);
    expect([L, sig]).toEqual([1, 12]);
    r.readBits64(sig);
    expect(r.readBit()).toBe(0);
    expect(r.readBits(2)).toBe(0b10);
    expect(r.readBits(12)).toBe(0x001);
  });
});

describe('XOR round trips', () => {
  const special: Bits[] = [
    [0x80000000, 0], // -0
    [0, 0], // +0
    [0x7ff00000, 0], // +Inf
    [0xfff00000, 0], // -Inf
    [0x7ff80000, 1], // Go's NaN
    [0x7ff80000, 0], // JS NaN
    [0xfff80000, 0xdeadbeef], // negative quiet NaN with payload
    [0x7ff00000, 1], // signalling NaN
    [STALE_NAN_BITS_HI, STALE_NAN_BITS_LO], // stale marker
    [0x7fefffff, 0xffffffff], // max float
    [0, 1], // min subnormal
  ];
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const bitsArb: fc.Arbitrary<Bits> = fc.oneof(
    fc.tuple(u32, u32),
    fc.constantFrom(...special),
    fc.integer({ min: 0, max: 20 }).map((x): Bits => [floatBitsHi(x), floatBitsLo(x)]),
    fc.double().map((x): Bits => [floatBitsHi(x), floatBitsLo(x)]),
  );
  const MAX = 2 ** 53;
  const edgeTs = fc.oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.integer({ min: MAX - 1_000_000, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -MAX + 1_000_000 }),
    fc.constantFrom(MAX, -MAX, 2 ** 60, -(2 ** 62), -(2 ** 63), 2 ** 62 + 2 ** 40),
    fc.maxSafeInteger(),
    fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }),
  );
  const sortedUnique = fc
    .uniqueArray(edgeTs, { minLength: 1, maxLength: 60 })
    .map((xs) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const delta = fc.oneof(
    fc.constant(15_000),
    fc.integer({ min: 14_000, max: 16_000 }),
    fc.integer({ min: 1, max: 1 << 21 }),
    fc.integer({ min: 1, max: 2 ** 45 }),
    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  );
  const cumulative = fc
    .tuple(edgeTs, fc.array(delta, { maxLength: 300 }))
    .map(([start, ds]) => {
      const out = [start];
      for (const d of ds) {
        const t = out[out.length - 1]! + d;
        if (!Number.isSafeInteger(t)) break;
        out.push(t);
      }
      return out;
    });
  const series = fc
    .oneof(sortedUnique, cumulative)
    .chain((ts) => fc.tuple(fc.constant(ts), fc.array(bitsArb, { minLength: ts.length, maxLength: ts.length })));

  it('appender → bytes → iterator and decodeXOR keep every timestamp and value bit', () => {
    fc.assert(
      fc.property(series, ([ts, bits]) => {
        const vs = valuesFromBits(bits);
        const c = encode(ts, vs);
        expect(c.numSamples()).toBe(ts.length);
        const bytes = c.bytes().slice();
        const it = iterate(bytes);
        expect(it.err).toBeNull();
        expect(it.ts).toEqual(ts);
        expectSameBits(it.vs, vs);
        const dts = new Float64Array(ts.length);
        const dvs = new Float64Array(ts.length);
        expect(decodeXOR(bytes, dts, dvs)).toBe(ts.length);
        expect(Array.from(dts)).toEqual(ts);
        expectSameBits(dvs, vs);
      }),
      { numRuns: 400 },
    );
  });

  it('reopening a chunk (from bytes or in memory) and appending decodes like appending in one go', () => {
    fc.assert(
      fc.property(series, fc.nat(), ([ts, bits], k0) => {
        const vs = valuesFromBits(bits);
        const k = k0 % (ts.length + 1);
        const whole = encode(ts, vs).bytes().slice();

        const first = encode(ts.slice(0, k), vs.subarray(0, k));
        // From stored bytes (a copy, so the original must stay untouched).
        const stored = first.bytes().slice();
        const fromData = new XORChunk(stored);
        const a1 = fromData.appender();
        for (let i = k; i < ts.length; i++) a1.append(ts[i]!, vs[i]!);
        expect(hex(stored)).toBe(hex(first.bytes()));
        // In memory, with a second appender on the same chunk.
        const a2 = first.appender();
        for (let i = k; i < ts.length; i++) a2.append(ts[i]!, vs[i]!);
        expect(hex(first.bytes())).toBe(hex(fromData.bytes()));

        const back = iterate(fromData.bytes());
        expect(back.err).toBeNull();
        expect(back.ts).toEqual(ts);
        expectSameBits(back.vs, vs);

        // Bytes are identical unless Prometheus's reopen quirk applies: the
        // resumed window is (0,0) instead of unset when no window was written yet.
        let windowSet = false;
        for (let i = 1; i < k; i++) if (bits[i]![0] !== bits[i - 1]![0] || bits[i]![1] !== bits[i - 1]![1]) windowSet = true;
        if (k === 0 || windowSet) expect(hex(fromData.bytes())).toBe(hex(whole));
      }),
      { numRuns: 300 },
    );
  });

  it('reproduces Prometheus\'s reopen quirk: the resumed window is leading=0/trailing=0', () => {
    const c = encode([0, 1], new Float64Array([1, 1]));
    c.appender().append(2, 2);
    // Continuous: '0' dod, '11' + leading 1 + sigbits 1 + 1 bit. Reopened: '0' dod, '10' + 64 bits.
    expect(hex(encode([0, 1, 2], new Float64Array([1, 1, 2])).bytes())).toBe('0003003ff0000000000000013097ffc0');
    expect(hex(c.bytes())).toBe('0003003ff00000000000000127ff00000000000000');
    const back = iterate(c.bytes());
    expect(back.ts).toEqual([0, 1, 2]);
    expect(Array.from(back.vs)).toEqual([1, 1, 2]);
  });

  it('keeps the stale marker distinguishable from other NaNs', () => {
    expect(isStaleNaN(staleNaN)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
    expect(isStaleNaN(floatFromBits(0x7ff80000, 1))).toBe(false);
    // Not `new Float64Array([NaN, staleNaN, 1])`: a JS array literal would canonicalize the NaN.
    const vs = new Float64Array(3);
    vs[0] = NaN;
    vs[1] = staleNaN;
    vs[2] = 1;
    const c = encode([1, 2, 3], vs);
    const it = new XORIterator(c.bytes());
    const stale: boolean[] = [];
    while (it.next()) stale.push(isStaleNaN(it.v));
    expect(stale).toEqual([false, true, false]);
  });

  it('rejects timestamps that are not int64 integers and a full chunk', () => {
    const a = new XORChunk().appender();
    expect(() => a.append(1.5, 0)).toThrow('xor chunk: timestamp 1.5 is not an int64 integer');
    expect(() => a.append(2 ** 63, 0)).toThrow(RangeError);
    expect(() => a.append(NaN, 0)).toThrow(RangeError);
    const c = new XORChunk();
    const b = c.appender();
    for (let i = 0; i < 0xffff; i++) b.append(i, i % 7);
    expect(c.numSamples()).toBe(65535);
    expect(() => b.append(70000, 0)).toThrow('xor chunk: capacity exceeded (65535 samples)');
    const ts = new Float64Array(65535);
    const vs = new Float64Array(65535);
    expect(decodeXOR(c.bytes(), ts, vs)).toBe(65535);
    expect(ts[65534]).toBe(65534);
    expect(vs[65534]).toBe(65534 % 7);
  });

  it('decodeXOR checks the output capacity', () => {
    const c = encode([1, 2, 3], new Float64Array(3));
    expect(() => decodeXOR(c.bytes(), new Float64Array(2), new Float64Array(3))).toThrow('output arrays hold 2 samples, chunk has 3');
    expect(decodeXOR(new XORChunk().bytes(), new Float64Array(0), new Float64Array(0))).toBe(0);
  });

  it('iterator seek and reuse', () => {
    const c = encode([10, 20, 30, 40], new Float64Array([1, 2, 3, 4]));
    const it = c.iterator();
    expect(it.seek(25)).toBe(true);
    expect([it.t, it.v]).toEqual([30, 3]);
    expect(it.seek(5)).toBe(true);
    expect(it.t).toBe(30);
    expect(it.seek(41)).toBe(false);
    const again = c.iterator(it);
    expect(again).toBe(it);
    expect(it.next()).toBe(true);
    expect(it.t).toBe(10);
  });
});

describe('XOR corruption', () => {
  const ts = Array.from({ length: 150 }, (_, i) => 1_700_000_000_000 + i * 15_000 + (i % 7 === 0 ? 1234 : 0));
  const vs = new Float64Array(ts.map((_, i) => (i % 5 === 0 ? Math.sin(i) * 1e6 : i)));
  const good = encode(ts, vs).bytes().slice();

  it('every truncation is reported by the iterator and by decodeXOR, never a hang', () => {
    for (let n = 0; n < good.length; n++) {
      const cut = good.subarray(0, n);
      const r = iterate(cut);
      expect(r.err, `prefix ${n}`).toBeInstanceOf(CorruptionError);
      expect(r.err!.message).toMatch(n < 2 ? /^xor chunk: data too short/ : /^xor chunk: unexpected end of data/);
      expect(() => decodeXOR(cut, new Float64Array(150), new Float64Array(150))).toThrow(CorruptionError);
      expect(() => decodeXOR(cut, new Float64Array(150), new Float64Array(150))).toThrow(
        n < 2 ? /^xor chunk: data too short/ : /^xor chunk: unexpected end of data \(sample \d+ of 150\)$/,
      );
    }
    expect(iterate(good.subarray(0, 30)).err!.message).toMatch(/^xor chunk: unexpected end of data \(sample \d+ of 150\)$/);
  });

  it('a header claiming more samples than encoded fails cleanly', () => {
    const b = good.slice();
    b[0] = 0xff;
    expect(iterate(b).err?.message).toMatch(/unexpected end of data/);
    expect(() => decodeXOR(b, new Float64Array(0xffff), new Float64Array(0xffff))).toThrow(/unexpected end of data/);
  });

  it('an impossible value window (leading + sigbits > 64) is corruption', () => {
    // t0=0, v0=0, delta 1, value: '11' leading 31, sigbits 40.
    const w = new BitWriter();
    w.writeBits(2, 16);
    w.writeBits(0, 8);
    w.writeBits64(0, 0, 64);
    w.writeBits(1, 8);
    w.writeBits(0b11, 2);
    w.writeBits(31, 5);
    w.writeBits(40, 6);
    w.writeBits64(0, 1, 40);
    const r = iterate(w.bytes());
    expect(r.err?.message).toBe('xor chunk: invalid value window (leading 31, significant bits 40) (sample 1 of 2)');
    expect(() => decodeXOR(w.bytes(), new Float64Array(2), new Float64Array(2))).toThrow('invalid value window');
  });

  it('random bytes either decode consistently or fail with CorruptionError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (b) => {
        const r = iterate(b);
        let n = -1;
        let err: unknown = null;
        const cap = b.length >= 2 ? (b[0]! << 8) | b[1]! : 0;
        const dts = new Float64Array(cap);
        const dvs = new Float64Array(cap);
        try {
          n = decodeXOR(b, dts, dvs);
        } catch (e) {
          err = e;
        }
        if (r.err) {
          expect(r.err).toBeInstanceOf(CorruptionError);
          expect(err).toBeInstanceOf(CorruptionError);
        } else {
          expect(err).toBeNull();
          expect(n).toBe(r.ts.length);
          expect(Array.from(dts.subarray(0, n))).toEqual(r.ts);
          expectSameBits(dvs.subarray(0, n), r.vs);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('appender() on corrupt data throws instead of appending', () => {
    expect(() => new XORChunk(good.subarray(0, 40)).appender()).toThrow(/xor chunk: unexpected end of data/);
    expect(() => new XORChunk(new Uint8Array(1))).toThrow('xor chunk: data too short (1 bytes)');
  });
});

describe('encodings', () => {
  it('names encodings like Prometheus and rejects what we cannot read', () => {
    expect(Encoding).toEqual({ None: 0, XOR: 1, Histogram: 2, FloatHistogram: 3, XOR2: 4, HistogramST: 5, FloatHistogramST: 6 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(encodingName)).toEqual([
      'none', 'XOR', 'histogram', 'floathistogram', 'XOR2', 'histogramST', 'floathistogramST', '<unknown>',
    ]);
    const c = encode([5], new Float64Array([1]));
    const x = chunkFromData(Encoding.XOR, c.bytes());
    expect(x.numSamples()).toBe(1);
    expect(x.encoding).toBe(1);
    expect(() => chunkFromData(4, c.bytes())).toThrow('unsupported chunk encoding XOR2 (4)');
    expect(() => chunkFromData(2, c.bytes())).toThrow('unsupported chunk encoding histogram (2)');
    expect(() => chunkFromData(0, c.bytes())).toThrow('unsupported chunk encoding none (0)');
    expect(() => chunkFromData(9, c.bytes())).toThrow('unknown chunk encoding 9');
  });
});

describe('computeChunkEndTime', () => {
  it('matches Prometheus head_append.go', () => {
    // 30 samples at 15s from 0 in a 2h range: n = 7200000/(435001*4) = 4.13 → 4 chunks of 1800000.
    expect(computeChunkEndTime(0, 435_000, 7_200_000, 4)).toBe(1_800_000);
    // Rate so low the quarter-full chunk covers more than half the range: cut at the range end.
    expect(computeChunkEndTime(0, 1_000_000, 7_200_000, 4)).toBe(7_200_000);
    // Cases from Prometheus's TestComputeChunkEndTime.
    expect(computeChunkEndTime(0, 250, 1000, 4)).toBe(1000);
    expect(computeChunkEndTime(100, 200, 1000, 4)).toBe(550);
    expect(computeChunkEndTime(5000, 5110, 10000, 4.2)).toBe(5500);
    expect(computeChunkEndTime(0, 500, 1000, 4)).toBe(1000);
    expect(computeChunkEndTime(100, 100, 1000, 4)).toBe(104);
    // Truncation toward zero for negative starts (Go int64 conversion).
    // -1001 + 1001/9 = -889.8: truncated toward zero (flooring would give -890).
    expect(computeChunkEndTime(-1001, -900, 0, 1)).toBe(-889);
  });
});
