// WAL record encodings: bytes pinned by hand from Prometheus's
// tsdb/record/record.go, property round trips, and decode errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Encbuf } from '../../src/tsdb/encoding.js';
import {
  RecordType, recordType, recordTypeName, RecordDecodeError, SampleBatch,
  encodeSeries, decodeSeries, encodeSamples, encodeSamplesV2, decodeSamples, encodeTombstones, decodeTombstones,
  encodeExemplars, decodeExemplars, encodeMetadata, decodeMetadata, encodeMmapMarkers, decodeMmapMarkers,
  histogramSpans, encodeHistogramSpans, isHistogramRecordType,
} from '../../src/tsdb/wal/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));
const be64 = (v: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)));
  return [...b];
};

/** A float64 from its raw bits, without passing through arithmetic. */
function f64(hi: number, lo: number): Float64Array {
  const u = new Uint32Array([lo, hi]); // little-endian hosts (x86, arm)
  return new Float64Array(u.buffer);
}
function bitsOf(a: Float64Array, i: number): [number, number] {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  return [u[2 * i + 1]!, u[2 * i]!];
}

describe('record types', () => {
  it('recognises every Prometheus type and maps the rest to Unknown', () => {
    for (let t = 1; t <= 13; t++) expect(recordType(Uint8Array.of(t))).toBe(t);
    expect(recordType(Uint8Array.of(0))).toBe(RecordType.Unknown);
    expect(recordType(Uint8Array.of(42, 1, 2))).toBe(RecordType.Unknown);
    expect(recordType(new Uint8Array(0))).toBe(RecordType.Unknown);
    expect(recordTypeName(RecordType.Samples)).toBe('samples');
    expect(recordTypeName(RecordType.FloatHistogramSamplesV2)).toBe('float_histogram_samples_v2');
    expect(recordTypeName(99)).toBe('unknown');
    expect(isHistogramRecordType(RecordType.HistogramSamples)).toBe(true);
    expect(isHistogramRecordType(RecordType.SamplesV2)).toBe(false);
  });
});

describe('pinned bytes (record.go)', () => {
  it('series record with 2 series', () => {
    const rec = encodeSeries([
      { ref: 1, labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'a' }] },
      { ref: 2, labels: [{ name: 'a', value: 'é' }] },
    ]);
    const want = bytes(
      [0x01],
      be64(1), [0x02], [0x08], '__name__', [0x02], 'up', [0x03], 'job', [0x01], 'a',
      be64(2), [0x01], [0x01], 'a', [0x02, 0xc3, 0xa9],
    );
    expect(hex(rec)).toBe(hex(want));
    expect(decodeSeries(rec)).toEqual([
      { ref: 1, labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'a' }] },
      { ref: 2, labels: [{ name: 'a', value: 'é' }] },
    ]);
  });

  it('samples record with 2 samples: signed varint deltas (the first sample too), then float bits', () => {
    // Built from bits: a signalling NaN put into a plain JS array comes back
    // quieted (0x7ff8…) in V8, so the stale marker must stay in typed arrays.
    const vs = new Float64Array(2);
    vs[0] = 1.5;
    vs.set(f64(0x7ff00000, 2), 1);
    const rec = encodeSamples([5, 4], [1_600_000_000_000, 1_600_000_000_100], vs, 2);
    expect(hex(rec)).toBe(
      '02' +
        '0000000000000005' + // base ref
        '00000174876e8000' + // base t = 0x174876E8000
        '0000' + '3ff8000000000000' + // Δref 0, Δt 0, 1.5
        '01' + 'c801' + '7ff0000000000002', // Δref −1 (zigzag 1), Δt 100 (zigzag 200), stale NaN
    );
    const b = new SampleBatch(1);
    expect(decodeSamples(rec, b)).toBe(2);
    expect(b.length).toBe(2);
    expect([b.refs[0], b.refs[1]]).toEqual([5, 4]);
    expect([b.ts[0], b.ts[1]]).toEqual([1_600_000_000_000, 1_600_000_000_100]);
    expect(b.vs[0]).toBe(1.5);
    expect(bitsOf(b.vs, 1)).toEqual([0x7ff00000, 2]);
  });

  it('empty samples record is just the type byte', () => {
    const rec = encodeSamples([], [], [], 0);
    expect(hex(rec)).toBe('02');
    const b = new SampleBatch();
    b.length = 7;
    expect(decodeSamples(rec, b)).toBe(0);
    expect(b.length).toBe(0);
  });

  it('samples from a plain array of numbers encode the same as from a Float64Array', () => {
    const a = encodeSamples([1, 2], [10, 20], [0.25, -0], 2);
    const b = encodeSamples([1, 2], [10, 20], new Float64Array([0.25, -0]), 2);
    expect(hex(a)).toBe(hex(b));
    expect(hex(a.subarray(a.length - 8))).toBe('8000000000000000');
  });

  it('tombstones record', () => {
    const rec = encodeTombstones([{ ref: 3, mint: -5, maxt: 10 }, { ref: 300, mint: 0, maxt: 2 ** 53 }]);
    expect(hex(rec)).toBe(hex(bytes([0x03], be64(3), [0x09, 0x14], be64(300), [0x00], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20])));
    expect(decodeTombstones(rec)).toEqual([{ ref: 3, mint: -5, maxt: 10 }, { ref: 300, mint: 0, maxt: 2 ** 53 }]);
  });

  it('exemplars record', () => {
    const rec = encodeExemplars([
      { ref: 7, t: 1000, v: 2, labels: [{ name: 'trace_id', value: 'ab' }] },
      { ref: 6, t: 999, v: -1, labels: [] },
    ]);
    expect(hex(rec)).toBe(
      hex(bytes([0x04], be64(7), be64(1000),
        [0x00, 0x00], [0x40, 0, 0, 0, 0, 0, 0, 0], [0x01, 0x08], 'trace_id', [0x02], 'ab',
        [0x01, 0x01], [0xbf, 0xf0, 0, 0, 0, 0, 0, 0], [0x00])),
    );
    expect(decodeExemplars(rec)).toEqual([
      { ref: 7, t: 1000, v: 2, labels: [{ name: 'trace_id', value: 'ab' }] },
      { ref: 6, t: 999, v: -1, labels: [] },
    ]);
  });

  it('metadata record', () => {
    const rec = encodeMetadata([{ ref: 300, type: 1, unit: 's', help: 'hi' }]);
    expect(hex(rec)).toBe(hex(bytes([0x06, 0xac, 0x02, 0x01, 0x02, 0x04], 'UNIT', [0x01], 's', [0x04], 'HELP', [0x02], 'hi')));
    expect(decodeMetadata(rec)).toEqual([{ ref: 300, type: 1, unit: 's', help: 'hi' }]);
  });

  it('metadata decoding skips unknown fields', () => {
    const rec = bytes([0x06, 0x01, 0x02, 0x03, 0x04], 'HELP', [0x01], 'h', [0x03], 'FOO', [0x01], 'x', [0x04], 'UNIT', [0x01], 'u');
    expect(decodeMetadata(rec)).toEqual([{ ref: 1, type: 2, unit: 'u', help: 'h' }]);
  });

  it('mmap markers record', () => {
    const rec = encodeMmapMarkers([{ ref: 1, mmapRef: 3 * 2 ** 32 + 16 }]);
    expect(hex(rec)).toBe('05' + '0000000000000001' + '0000000300000010');
    expect(decodeMmapMarkers(rec)).toEqual([{ ref: 1, mmapRef: 3 * 2 ** 32 + 16 }]);
  });

  it('samples V2 record (start timestamps)', () => {
    const vs = new Float64Array([1, 2, 3]);
    const rec = encodeSamplesV2([3, 4, 3], [1000, 1010, 1020], vs, [900, 900, 0], 3);
    expect(hex(rec)).toBe(
      '0b' +
        '06' + 'd00f' + '880e' + '3ff0000000000000' + // ref 3, t 1000, st 900
        '02' + '14' + '01' + '4000000000000000' + // Δref +1 to previous, Δt 10 to first, st same as previous
        '01' + '28' + '00' + '4008000000000000', // Δref −1, Δt 20, no st
    );
    const b = new SampleBatch();
    expect(decodeSamples(rec, b)).toBe(3);
    expect([...b.refs.subarray(0, 3)]).toEqual([3, 4, 3]);
    expect([...b.ts.subarray(0, 3)]).toEqual([1000, 1010, 1020]);
    expect([...b.sts.subarray(0, 3)]).toEqual([900, 900, 0]);
    expect([...b.vs.subarray(0, 3)]).toEqual([1, 2, 3]);
    // An explicit start time is a delta to the first one.
    const rec2 = encodeSamplesV2([1, 1], [50, 60], [0, 0], [40, 45], 2);
    expect(hex(rec2.subarray(rec2.length - 11, rec2.length - 8))).toBe('14' + '02' + '0a');
    decodeSamples(rec2, b);
    expect([b.sts[0], b.sts[1]]).toEqual([40, 45]);
  });
});

describe('histogram records (opaque payloads)', () => {
  // EncodeHistogram: hint, varint schema, zero threshold bits, uvarint zero count,
  // uvarint count, sum bits, spans (pos, neg), buckets (pos, neg) [, custom values].
  const intHist = [
    0x00, 0x00, ...be64(0), 0x01, 0x03, 0x40, 0x12, 0, 0, 0, 0, 0, 0, // hint, schema 0, zt 0, zc 1, count 3, sum 4.5
    0x01, 0x00, 0x02, // 1 positive span: offset 0, length 2
    0x00, // no negative spans
    0x02, 0x02, 0x00, // positive bucket deltas +1, 0
    0x00, // no negative buckets
  ];
  const customHist = [
    0x00, 0x69, ...be64(0), 0x00, 0x02, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, // schema −53 (zigzag 105)
    0x01, 0x00, 0x01, 0x00, 0x01, 0x04, 0x00,
    0x01, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, // one custom bound: 1.0
  ];
  const floatHist = [
    0x00, 0x02, ...be64(0), 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x08, 0, 0, 0, 0, 0, 0, // schema 1, zt, zc 1, count 2, sum 3
    0x00, 0x00, 0x01, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x00, // one positive bucket 1.0
  ];

  it('splits a V1 record into samples and re-frames a subset byte for byte', () => {
    const rec = bytes([RecordType.HistogramSamples], be64(1), be64(1000), [0x00, 0x00], intHist, [0x02, 0xd0, 0x0f], customHist, [0x04, 0xa0, 0x1f], intHist);
    const spans = histogramSpans(rec);
    expect(spans.map((s) => [s.ref, s.t])).toEqual([[1, 1000], [2, 2000], [3, 3000]]);
    expect(hex(rec.subarray(spans[1]!.start, spans[1]!.end))).toBe(hex(Uint8Array.from(customHist)));
    const out = encodeHistogramSpans(rec, spans.slice(1));
    expect(hex(out)).toBe(hex(bytes([RecordType.HistogramSamples], be64(2), be64(2000), [0x00, 0x00], customHist, [0x02, 0xd0, 0x0f], intHist)));
    expect(hex(encodeHistogramSpans(rec, spans))).toBe(hex(rec));
  });

  it('handles float histogram records', () => {
    const rec = bytes([RecordType.FloatHistogramSamples], be64(9), be64(5), [0x00, 0x00], floatHist, [0x01, 0x02], floatHist);
    const spans = histogramSpans(rec);
    expect(spans.map((s) => [s.ref, s.t])).toEqual([[9, 5], [8, 6]]);
    expect(spans[1]!.end).toBe(rec.length);
  });

  it('handles V2 records with start-time markers', () => {
    const rec = bytes([RecordType.HistogramSamplesV2], [0x06, 0xd0, 0x0f, 0x88, 0x0e], intHist, [0x02, 0x14, 0x01], intHist, [0x01, 0x28, 0x00], intHist);
    const spans = histogramSpans(rec);
    expect(spans.map((s) => [s.ref, s.t, s.st])).toEqual([[3, 1000, 900], [4, 1010, 900], [3, 1020, 0]]);
    expect(hex(encodeHistogramSpans(rec, spans))).toBe(hex(rec));
    expect(hex(encodeHistogramSpans(rec, spans.slice(1)))).toBe(
      hex(bytes([RecordType.HistogramSamplesV2], [0x08, 0xe4, 0x0f, 0x88, 0x0e], intHist, [0x01, 0x14, 0x00], intHist)),
    );
  });

  it('reports a truncated histogram payload', () => {
    const rec = bytes([RecordType.HistogramSamples], be64(1), be64(1000), [0x00, 0x00], intHist.slice(0, 12));
    expect(() => histogramSpans(rec)).toThrow(/^decode histogram samples: unexpected end of data after 0 histograms$/);
  });
});

describe('decode errors', () => {
  it('names the wrong record type', () => {
    const samples = encodeSamples([1], [1], [1], 1);
    expect(() => decodeSeries(samples)).toThrow('decode series: got record type 2 (samples), expected series (1)');
    expect(() => decodeSamples(encodeSeries([]), new SampleBatch())).toThrow(
      'decode samples: got record type 1 (series), expected samples (2) or samples_v2 (11)',
    );
    expect(() => decodeTombstones(new Uint8Array(0))).toThrow('decode tombstones: got an empty record, expected tombstones (3)');
    expect(() => decodeSeries(samples)).toThrow(RecordDecodeError);
  });

  it('says how far a truncated record got', () => {
    const rec = encodeSamples([1, 2, 3], [10, 20, 30], [1, 2, 3], 3);
    const b = new SampleBatch();
    expect(() => decodeSamples(rec.subarray(0, rec.length - 3), b)).toThrow('decode samples: unexpected end of data after 2 samples');
    expect(b.length).toBe(0);
    expect(() => decodeSamples(rec.subarray(0, 12), b)).toThrow('decode samples: unexpected end of data after 0 samples');
    const ser = encodeSeries([{ ref: 1, labels: [{ name: 'a', value: 'b' }] }, { ref: 2, labels: [{ name: 'c', value: 'dddd' }] }]);
    expect(() => decodeSeries(ser.subarray(0, ser.length - 2))).toThrow('decode series: unexpected end of data after 1 series');
    const bad = bytes([0x01], be64(1), [0x80, 0x80, 0x80, 0x01]); // label count 2^21
    expect(() => decodeSeries(bad)).toThrow('decode series: label count 2097152 exceeds the record after 0 series');
    const tomb = encodeTombstones([{ ref: 1, mint: 1, maxt: 2 }]);
    expect(() => decodeTombstones(tomb.subarray(0, tomb.length - 1))).toThrow(/^decode tombstones: unexpected end of data in varint after 0 tombstones$/);
  });
});

// --- properties -------------------------------------------------------------

const noLoneSurrogate = (s: string) => !/\p{Surrogate}/u.test(s);
const labelString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }).filter(noLoneSurrogate),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ maxLength: 200 }),
);
const MAX = Number.MAX_SAFE_INTEGER;
const near = (edge: number) => fc.integer({ min: 0, max: 5000 }).map((d) => (edge > 0 ? edge - d : edge + d));
const int64ish = fc.oneof(fc.maxSafeInteger(), near(MAX), near(-MAX), fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(0, 2 ** 53, -(2 ** 53)));
const ref = fc.oneof(fc.nat(), near(MAX), fc.maxSafeNat());
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const floatBits = fc.oneof(
  fc.tuple(u32, u32),
  fc.constantFrom<[number, number]>(
    [0x80000000, 0], // −0
    [0x7ff00000, 2], // stale marker
    [0x7ff80000, 1], // quiet NaN with payload
    [0xfff00000, 1], // negative signalling NaN
    [0x7ff00000, 0], // +Inf
    [0xfff00000, 0], // −Inf
    [0, 1], // smallest subnormal
  ),
);

describe('property round trips', () => {
  it('series with arbitrary (unicode) labels and refs', () => {
    const series = fc.array(
      fc.record({ ref, labels: fc.array(fc.record({ name: labelString, value: labelString }), { maxLength: 8 }) }),
      { maxLength: 10 },
    );
    const enc = new Encbuf(8);
    fc.assert(
      fc.property(series, (ss) => {
        expect(decodeSeries(encodeSeries(ss, enc))).toEqual(ss);
      }),
      { numRuns: 300 },
    );
  });

  it('samples: refs, timestamps near ±2^53 and any float64 bit pattern survive exactly', () => {
    const samples = fc.array(fc.tuple(ref, int64ish, floatBits), { minLength: 1, maxLength: 40 });
    const batch = new SampleBatch(2);
    fc.assert(
      fc.property(samples, fc.boolean(), (ss, v2) => {
        const n = ss.length;
        const refs = ss.map((s) => s[0]);
        const ts = ss.map((s) => s[1]);
        const sts = ss.map((s, i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? s[1] : ts[0]!));
        const bits = new Uint32Array(2 * n);
        ss.forEach((s, i) => {
          bits[2 * i + 1] = s[2][0];
          bits[2 * i] = s[2][1];
        });
        const vs = new Float64Array(bits.buffer);
        const rec = v2 ? encodeSamplesV2(refs, ts, vs, sts, n) : encodeSamples(refs, ts, vs, n);
        expect(decodeSamples(rec, batch)).toBe(n);
        expect([...batch.refs.subarray(0, n)]).toEqual(refs);
        expect([...batch.ts.subarray(0, n)]).toEqual(ts);
        if (v2) expect([...batch.sts.subarray(0, n)]).toEqual(sts);
        for (let i = 0; i < n; i++) expect(bitsOf(batch.vs, i)).toEqual([...ss[i]![2]]);
      }),
      { numRuns: 500 },
    );
  });

  it('tombstones, exemplars, metadata and mmap markers', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ ref, mint: int64ish, maxt: int64ish }), { maxLength: 10 }), (st) => {
        expect(decodeTombstones(encodeTombstones(st))).toEqual(st);
      }),
    );
    const exemplar = fc.record({
      ref, t: int64ish, v: fc.double({ noNaN: true }),
      labels: fc.array(fc.record({ name: labelString, value: labelString }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(exemplar, { maxLength: 10 }), (ex) => {
        expect(decodeExemplars(encodeExemplars(ex))).toEqual(ex);
      }),
    );
    const meta = fc.record({ ref, type: fc.integer({ min: 0, max: 7 }), unit: labelString, help: labelString });
    fc.assert(
      fc.property(fc.array(meta, { maxLength: 10 }), (ms) => {
        expect(decodeMetadata(encodeMetadata(ms))).toEqual(ms);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ ref, mmapRef: fc.maxSafeNat() }), { maxLength: 10 }), (ms) => {
        expect(decodeMmapMarkers(encodeMmapMarkers(ms))).toEqual(ms);
      }),
    );
  });

  it('SampleBatch.filter keeps raw value bits', () => {
    const b = new SampleBatch(2);
    const vs = new Float64Array(3);
    vs.set(f64(0x7ff00000, 2), 0);
    vs[1] = 5;
    vs.set(f64(0x7ff80000, 0xdeadbeef), 2);
    decodeSamples(encodeSamples([1, 2, 3], [1, 2, 3], vs, 3), b);
    expect(b.filter((i) => i !== 1)).toBe(2);
    expect(bitsOf(b.vs, 0)).toEqual([0x7ff00000, 2]);
    expect(bitsOf(b.vs, 1)).toEqual([0x7ff80000, 0xdeadbeef]);
    expect([b.refs[0], b.refs[1], b.ts[1]]).toEqual([1, 3, 3]);
  });
});

describe('V8 NaN quieting (why values travel as raw bits)', () => {
  it('a plain JS array quiets the stale marker, a Float64Array does not', () => {
    const src = f64(0x7ff00000, 2);
    const viaArray = new Float64Array(1);
    viaArray[0] = [src[0]!][0]!;
    const viaTyped = new Float64Array(1);
    viaTyped.set(src);
    // Documents the engine behaviour the raw-bit copies guard against.
    expect(bitsOf(viaTyped, 0)).toEqual([0x7ff00000, 2]);
    expect(bitsOf(viaArray, 0)[1]).toBe(2);
    const b = new SampleBatch();
    decodeSamples(encodeSamples([1], [1], src, 1), b);
    expect(bitsOf(b.vs, 0)).toEqual([0x7ff00000, 2]);
  });
});
