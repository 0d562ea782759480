// WAL record encodings, byte-compatible with Prometheus's tsdb/record
// (record.go; its wal.md is stale: sample deltas are signed varints).
// The first byte of every record is its type.
//
// Integers are JS numbers (exact within ±2^53). Deltas between two such
// numbers can exceed 2^53, so those varints take an exact slow path on
// 32-bit halves when needed. Sample values are copied as raw bits, so NaN
// payloads (the stale marker) and −0 survive.
import { CorruptionError, Decbuf, Encbuf } from '../encoding.js';
import type { Label, Labels } from '../../model/labels.js';

export const RecordType = {
  Unknown: 255,
  Series: 1,
  Samples: 2,
  Tombstones: 3,
  Exemplars: 4,
  MmapMarkers: 5,
  Metadata: 6,
  HistogramSamples: 7,
  FloatHistogramSamples: 8,
  CustomBucketsHistogramSamples: 9,
  CustomBucketsFloatHistogramSamples: 10,
  SamplesV2: 11,
  HistogramSamplesV2: 12,
  FloatHistogramSamplesV2: 13,
} as const;
export type RecordTypeValue = (typeof RecordType)[keyof typeof RecordType];

const TYPE_NAMES: Record<number, string> = {
  1: 'series', 2: 'samples', 3: 'tombstones', 4: 'exemplars', 5: 'mmapmarkers', 6: 'metadata',
  7: 'histogram_samples', 8: 'float_histogram_samples', 9: 'custom_buckets_histogram_samples',
  10: 'custom_buckets_float_histogram_samples', 11: 'samples_v2', 12: 'histogram_samples_v2',
  13: 'float_histogram_samples_v2',
};

/** The record's type, or RecordType.Unknown (255) for an empty record or a type this version does not know. */
export function recordType(rec: Uint8Array): number {
  if (rec.length < 1) return RecordType.Unknown;
  const t = rec[0]!;
  return t >= 1 && t <= 13 ? t : RecordType.Unknown;
}

export function recordTypeName(t: number): string {
  return TYPE_NAMES[t] ?? 'unknown';
}

/** A record that does not decode. */
export class RecordDecodeError extends CorruptionError {
  constructor(message: string) {
    super(message);
    this.name = 'RecordDecodeError';
  }
}

function checkType(rec: Uint8Array, what: string, ...want: number[]): number {
  const t = rec.length > 0 ? rec[0]! : -1;
  if (!want.includes(t)) {
    const got = t < 0 ? 'an empty record' : `record type ${t} (${recordTypeName(t)})`;
    throw new RecordDecodeError(`decode ${what}: got ${got}, expected ${want.map((w) => `${recordTypeName(w)} (${w})`).join(' or ')}`);
  }
  return t;
}

function wrap(what: string, count: number, unit: string, e: unknown): never {
  if (e instanceof RecordDecodeError) throw e;
  if (e instanceof CorruptionError) throw new RecordDecodeError(`decode ${what}: ${e.message} after ${count} ${unit}`);
  throw e;
}

// --- exact 64-bit varint deltas ------------------------------------------------

const TWO32 = 0x1_0000_0000;
const TWO53 = 2 ** 53;

/** Writes the signed varint of a − b exactly (Go int64 arithmetic) for safe integers a, b. */
function putVarintDelta(enc: Encbuf, a: number, b: number): void {
  const d = a - b;
  // |exact difference| < 2^53 exactly when the rounded one is (rounding is monotonic).
  if (d > -TWO53 && d < TWO53) {
    enc.putVarint(d);
    return;
  }
  const ahi = Math.floor(a / TWO32);
  const bhi = Math.floor(b / TWO32);
  let lo = a - ahi * TWO32 - (b - bhi * TWO32);
  let hi = ahi - bhi;
  if (lo < 0) {
    lo += TWO32;
    hi -= 1;
  }
  // Zigzag: 2d for d ≥ 0, 2(−d−1)+1 for d < 0, on halves.
  let zhi: number;
  let zlo: number;
  if (hi >= 0) {
    zhi = hi * 2 + (lo >= 0x8000_0000 ? 1 : 0);
    zlo = (lo * 2) % TWO32;
  } else {
    const nhi = -hi - 1;
    const nlo = TWO32 - 1 - lo;
    zhi = nhi * 2 + (nlo >= 0x8000_0000 ? 1 : 0);
    zlo = ((nlo * 2) % TWO32) + 1;
  }
  while (zhi > 0 || zlo >= 0x80) {
    enc.putByte((zlo & 0x7f) | 0x80);
    zlo = ((zlo >>> 7) | ((zhi & 0x7f) << 25)) >>> 0;
    zhi = Math.floor(zhi / 128);
  }
  enc.putByte(zlo);
}

/** Cursor of the hot-path readers below. */
let pos = 0;

function eod(): CorruptionError {
  return new CorruptionError('unexpected end of data');
}

/** Reads a signed varint at pos and returns base + it, exactly when the sum is a safe integer. */
function readVarintPlus(buf: Uint8Array, end: number, base: number): number {
  let p = pos;
  let m = 0;
  let mul = 1;
  // Up to 7 bytes (49 bits) the plain number path is exact.
  for (let i = 0; i < 7; i++) {
    if (p >= end) throw eod();
    const b = buf[p++]!;
    m += (b & 0x7f) * mul;
    if (b < 0x80) {
      pos = p;
      return base + (m % 2 === 1 ? -(m + 1) / 2 : m / 2);
    }
    mul *= 128;
  }
  return readVarintPlusSlow(buf, end, base);
}

function readVarintPlusSlow(buf: Uint8Array, end: number, base: number): number {
  let p = pos;
  let lo = 0;
  let hi = 0;
  for (let shift = 0; ; shift += 7) {
    if (shift > 63) throw new CorruptionError('varint overflows 64 bits');
    if (p >= end) throw eod();
    const v = buf[p]! & 0x7f;
    const more = buf[p++]! >= 0x80;
    if (shift < 32) {
      lo |= v << shift;
      if (shift > 25) hi |= v >>> (32 - shift);
    } else {
      hi |= v << (shift - 32);
    }
    if (!more) break;
  }
  pos = p;
  lo >>>= 0;
  hi >>>= 0;
  const neg = lo & 1;
  let dlo = ((lo >>> 1) | (hi << 31)) >>> 0;
  let dhi = hi >>> 1;
  if (neg) {
    dlo = ~dlo >>> 0;
    dhi = ~dhi; // signed high half
  }
  const bhi = Math.floor(base / TWO32);
  let rlo = base - bhi * TWO32 + dlo;
  let rhi = bhi + dhi;
  if (rlo >= TWO32) {
    rlo -= TWO32;
    rhi += 1;
  }
  return rhi * TWO32 + rlo;
}

// Float64Array raw bits go through a Uint32Array view in platform order.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

function dataView(rec: Uint8Array): DataView {
  return new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
}

// --- series ------------------------------------------------------------------

export interface RefSeries {
  ref: number;
  labels: Labels;
}

/** Series record: type, then per series u64 BE ref and its labels. */
export function encodeSeries(series: readonly RefSeries[], enc: Encbuf = new Encbuf()): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.Series);
  for (const s of series) {
    enc.putBE64(s.ref);
    putLabels(enc, s.labels);
  }
  return enc.get();
}

function putLabels(enc: Encbuf, labels: Labels): void {
  enc.putUvarint(labels.length);
  for (const l of labels) {
    enc.putUvarintStr(l.name);
    enc.putUvarintStr(l.value);
  }
}

function getLabels(d: Decbuf): Label[] {
  const n = d.uvarint();
  // Each label takes at least two bytes; a bigger count is garbage, not a reason to allocate.
  if (n * 2 > d.remaining()) throw new CorruptionError(`label count ${n} exceeds the record`);
  const labels: Label[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const name = d.uvarintStr();
    const value = d.uvarintStr();
    labels[i] = { name, value };
  }
  return labels;
}

/** Appends the series of a series record to out (the labels are as written, which Prometheus keeps sorted). */
export function decodeSeries(rec: Uint8Array, out: RefSeries[] = []): RefSeries[] {
  checkType(rec, 'series', RecordType.Series);
  const d = new Decbuf(rec, 1);
  const start = out.length;
  try {
    while (d.remaining() > 0) {
      const ref = d.be64();
      out.push({ ref, labels: getLabels(d) });
    }
  } catch (e) {
    wrap('series', out.length - start, 'series', e);
  }
  return out;
}

// --- samples -----------------------------------------------------------------

/** Reusable column buffers for decoded samples: no object per sample. */
export class SampleBatch {
  refs: Float64Array;
  ts: Float64Array;
  vs: Float64Array;
  /** Start timestamps (SamplesV2 records; 0 when absent). */
  sts: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    const c = Math.max(1, capacity);
    this.refs = new Float64Array(c);
    this.ts = new Float64Array(c);
    this.vs = new Float64Array(c);
    this.sts = new Float64Array(c);
  }

  get capacity(): number {
    return this.refs.length;
  }

  /** Grows the columns to hold at least n samples, keeping the first `length`. */
  ensure(n: number): void {
    if (n <= this.refs.length) return;
    const c = Math.max(n, this.refs.length * 2);
    const grow = (a: Float64Array) => {
      const b = new Float64Array(c);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.refs = grow(this.refs);
    this.ts = grow(this.ts);
    this.vs = grow(this.vs);
    this.sts = grow(this.sts);
  }

  /** Keeps only the samples for which keep(i) is true, in order (values moved as raw bits); returns the new length. */
  filter(keep: (i: number) => boolean): number {
    const vbits = new Uint32Array(this.vs.buffer, this.vs.byteOffset, this.vs.length * 2);
    let j = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep(i)) continue;
      if (i !== j) {
        this.refs[j] = this.refs[i]!;
        this.ts[j] = this.ts[i]!;
        this.sts[j] = this.sts[i]!;
        vbits[2 * j] = vbits[2 * i]!;
        vbits[2 * j + 1] = vbits[2 * i + 1]!;
      }
      j++;
    }
    this.length = j;
    return j;
  }
}

function valueBits(vs: ArrayLike<number>): Uint32Array | null {
  return vs instanceof Float64Array ? new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2) : null;
}

/**
 * Samples record: type, u64 BE first ref, u64 BE first t, then for every
 * sample (the first too) varint ref delta, varint t delta (both against the
 * first sample) and the u64 BE float bits.
 */
export function encodeSamples(
  refs: ArrayLike<number>, ts: ArrayLike<number>, vs: ArrayLike<number>, n: number, enc: Encbuf = new Encbuf(17 + n * 12),
): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.Samples);
  if (n === 0) return enc.get();
  const r0 = refs[0]!;
  const t0 = ts[0]!;
  enc.putBE64(r0);
  enc.putBE64(t0);
  const bits = valueBits(vs);
  for (let i = 0; i < n; i++) {
    putVarintDelta(enc, refs[i]!, r0);
    putVarintDelta(enc, ts[i]!, t0);
    if (bits) {
      enc.putBE32(bits[2 * i + HI]!);
      enc.putBE32(bits[2 * i + LO]!);
    } else {
      enc.putBE64Float(vs[i]!);
    }
  }
  return enc.get();
}

/**
 * SamplesV2 record (Prometheus with start-timestamp storage): the first
 * sample as varint ref, t, st and float bits; later ones as varint ref delta
 * to the previous sample, varint t delta to the first, an st marker (0 none,
 * 1 same as previous, 2 + varint delta to the first st) and float bits.
 */
export function encodeSamplesV2(
  refs: ArrayLike<number>, ts: ArrayLike<number>, vs: ArrayLike<number>, sts: ArrayLike<number>, n: number,
  enc: Encbuf = new Encbuf(1 + n * 13),
): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.SamplesV2);
  if (n === 0) return enc.get();
  const bits = valueBits(vs);
  const t0 = ts[0]!;
  const st0 = sts[0]!;
  for (let i = 0; i < n; i++) {
    if (i === 0) {
      putVarintDelta(enc, refs[0]!, 0);
      putVarintDelta(enc, t0, 0);
      putVarintDelta(enc, st0, 0);
    } else {
      putVarintDelta(enc, refs[i]!, refs[i - 1]!);
      putVarintDelta(enc, ts[i]!, t0);
      putSTMarker(enc, sts[i]!, st0, sts[i - 1]!);
    }
    if (bits) {
      enc.putBE32(bits[2 * i + HI]!);
      enc.putBE32(bits[2 * i + LO]!);
    } else {
      enc.putBE64Float(vs[i]!);
    }
  }
  return enc.get();
}

function putSTMarker(enc: Encbuf, st: number, firstST: number, prevST: number): void {
  if (st === 0) enc.putByte(0);
  else if (st === prevST) enc.putByte(1);
  else {
    enc.putByte(2);
    putVarintDelta(enc, st, firstST);
  }
}

/**
 * Decodes a Samples (2) or SamplesV2 (11) record into the batch, replacing
 * its contents; returns the sample count (also into.length).
 */
export function decodeSamples(rec: Uint8Array, into: SampleBatch): number {
  const typ = checkType(rec, 'samples', RecordType.Samples, RecordType.SamplesV2);
  into.length = 0;
  const end = rec.length;
  if (end === 1) return 0;
  // At least 10 bytes per sample (two 1-byte varints and 8 value bytes).
  into.ensure(Math.floor(end / 10) + 1);
  const refs = into.refs;
  const ts = into.ts;
  const sts = into.sts;
  const vbits = new Uint32Array(into.vs.buffer, into.vs.byteOffset, into.vs.length * 2);
  const view = dataView(rec);
  let n = 0;
  try {
    if (typ === RecordType.Samples) {
      if (end < 17) throw eod();
      const baseRef = view.getUint32(1) * TWO32 + view.getUint32(5);
      const baseT = view.getInt32(9) * TWO32 + view.getUint32(13);
      pos = 17;
      while (pos < end) {
        refs[n] = readVarintPlus(rec, end, baseRef);
        ts[n] = readVarintPlus(rec, end, baseT);
        if (pos + 8 > end) throw eod();
        vbits[2 * n + HI] = view.getUint32(pos);
        vbits[2 * n + LO] = view.getUint32(pos + 4);
        pos += 8;
        n++;
      }
      sts.fill(0, 0, n);
    } else {
      pos = 1;
      let firstT = 0;
      let firstST = 0;
      while (pos < end) {
        if (n === 0) {
          refs[0] = readVarintPlus(rec, end, 0);
          firstT = ts[0] = readVarintPlus(rec, end, 0);
          firstST = sts[0] = readVarintPlus(rec, end, 0);
        } else {
          refs[n] = readVarintPlus(rec, end, refs[n - 1]!);
          ts[n] = readVarintPlus(rec, end, firstT);
          sts[n] = readSTMarker(rec, end, sts[n - 1]!, firstST);
        }
        if (pos + 8 > end) throw eod();
        vbits[2 * n + HI] = view.getUint32(pos);
        vbits[2 * n + LO] = view.getUint32(pos + 4);
        pos += 8;
        n++;
      }
    }
  } catch (e) {
    into.length = 0;
    wrap('samples', n, 'samples', e);
  }
  into.length = n;
  return n;
}

function readSTMarker(rec: Uint8Array, end: number, prevST: number, firstST: number): number {
  if (pos >= end) throw eod();
  const m = rec[pos++]!;
  if (m === 0) return 0;
  if (m === 1) return prevST;
  return readVarintPlus(rec, end, firstST);
}

// --- tombstones ----------------------------------------------------------------

export interface Tombstone {
  ref: number;
  mint: number;
  maxt: number;
}

/** Tombstones record: type, then per interval u64 BE ref, varint mint, varint maxt. */
export function encodeTombstones(stones: readonly Tombstone[], enc: Encbuf = new Encbuf()): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.Tombstones);
  for (const s of stones) {
    enc.putBE64(s.ref);
    enc.putVarint(s.mint);
    enc.putVarint(s.maxt);
  }
  return enc.get();
}

export function decodeTombstones(rec: Uint8Array, out: Tombstone[] = []): Tombstone[] {
  checkType(rec, 'tombstones', RecordType.Tombstones);
  const d = new Decbuf(rec, 1);
  const start = out.length;
  try {
    while (d.remaining() > 0) {
      const ref = d.be64();
      const mint = d.varint();
      const maxt = d.varint();
      out.push({ ref, mint, maxt });
    }
  } catch (e) {
    wrap('tombstones', out.length - start, 'tombstones', e);
  }
  return out;
}

// --- exemplars -----------------------------------------------------------------

export interface RefExemplar {
  ref: number;
  t: number;
  v: number;
  labels: Labels;
}

/** Exemplars record: as samples (base ref/t, varint deltas, float bits), each followed by its labels. */
export function encodeExemplars(exemplars: readonly RefExemplar[], enc: Encbuf = new Encbuf()): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.Exemplars);
  if (exemplars.length === 0) return enc.get();
  const first = exemplars[0]!;
  enc.putBE64(first.ref);
  enc.putBE64(first.t);
  for (const e of exemplars) {
    putVarintDelta(enc, e.ref, first.ref);
    putVarintDelta(enc, e.t, first.t);
    enc.putBE64Float(e.v);
    putLabels(enc, e.labels);
  }
  return enc.get();
}

export function decodeExemplars(rec: Uint8Array, out: RefExemplar[] = []): RefExemplar[] {
  checkType(rec, 'exemplars', RecordType.Exemplars);
  const start = out.length;
  if (rec.length === 1) return out;
  const d = new Decbuf(rec, 1);
  try {
    const baseRef = d.be64();
    const baseT = d.be64Signed();
    while (d.remaining() > 0) {
      pos = d.off;
      const ref = readVarintPlus(rec, rec.length, baseRef);
      const t = readVarintPlus(rec, rec.length, baseT);
      d.off = pos;
      const v = d.be64Float();
      out.push({ ref, t, v, labels: getLabels(d) });
    }
  } catch (e) {
    wrap('exemplars', out.length - start, 'exemplars', e);
  }
  return out;
}

// --- metadata ------------------------------------------------------------------

export interface RefMetadata {
  ref: number;
  /** Prometheus MetricType: 0 unknown, 1 counter, 2 gauge, 3 histogram, 4 gaugehistogram, 5 summary, 6 info, 7 stateset. */
  type: number;
  unit: string;
  help: string;
}

/** Metadata record: per series uvarint ref, type byte, uvarint field count (2), then UNIT and HELP name/value strings. */
export function encodeMetadata(metadata: readonly RefMetadata[], enc: Encbuf = new Encbuf()): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.Metadata);
  for (const m of metadata) {
    enc.putUvarint(m.ref);
    enc.putByte(m.type);
    enc.putUvarint(2);
    enc.putUvarintStr('UNIT');
    enc.putUvarintStr(m.unit);
    enc.putUvarintStr('HELP');
    enc.putUvarintStr(m.help);
  }
  return enc.get();
}

export function decodeMetadata(rec: Uint8Array, out: RefMetadata[] = []): RefMetadata[] {
  checkType(rec, 'metadata', RecordType.Metadata);
  const d = new Decbuf(rec, 1);
  const start = out.length;
  try {
    while (d.remaining() > 0) {
      const ref = d.uvarint();
      const type = d.byte();
      const nFields = d.uvarint();
      let unit = '';
      let help = '';
      // Unknown fields are skipped, as Prometheus does.
      for (let i = 0; i < nFields; i++) {
        const name = d.uvarintStr();
        const value = d.uvarintStr();
        if (name === 'UNIT') unit = value;
        else if (name === 'HELP') help = value;
      }
      out.push({ ref, type, unit, help });
    }
  } catch (e) {
    wrap('metadata', out.length - start, 'metadata entries', e);
  }
  return out;
}

// --- mmap markers (out-of-order WBL) --------------------------------------------

export interface RefMmapMarker {
  ref: number;
  mmapRef: number;
}

export function encodeMmapMarkers(markers: readonly RefMmapMarker[], enc: Encbuf = new Encbuf()): Uint8Array {
  enc.reset();
  enc.putByte(RecordType.MmapMarkers);
  for (const m of markers) {
    enc.putBE64(m.ref);
    enc.putBE64(m.mmapRef);
  }
  return enc.get();
}

export function decodeMmapMarkers(rec: Uint8Array, out: RefMmapMarker[] = []): RefMmapMarker[] {
  checkType(rec, 'mmap markers', RecordType.MmapMarkers);
  const d = new Decbuf(rec, 1);
  const start = out.length;
  try {
    while (d.remaining() > 0) {
      const ref = d.be64();
      const mmapRef = d.be64();
      out.push({ ref, mmapRef });
    }
  } catch (e) {
    wrap('mmap markers', out.length - start, 'markers', e);
  }
  return out;
}

// --- histogram samples (kept as opaque payloads) ---------------------------------

/**
 * One sample of a histogram record: its series, timestamps and the byte range
 * of its encoded histogram in the record. Histograms are not decoded; the
 * spans let a checkpoint drop samples and re-frame the rest byte for byte.
 */
export interface HistogramSpan {
  ref: number;
  t: number;
  /** Start timestamp (V2 records only; 0 otherwise). */
  st: number;
  start: number;
  end: number;
}

const HISTOGRAM_TYPES = [
  RecordType.HistogramSamples, RecordType.FloatHistogramSamples,
  RecordType.CustomBucketsHistogramSamples, RecordType.CustomBucketsFloatHistogramSamples,
  RecordType.HistogramSamplesV2, RecordType.FloatHistogramSamplesV2,
];

export function isHistogramRecordType(t: number): boolean {
  return (HISTOGRAM_TYPES as number[]).includes(t);
}

const CUSTOM_BUCKETS_SCHEMA = -53;

/** Skips one EncodeHistogram / EncodeFloatHistogram payload. */
function skipHistogram(d: Decbuf, float: boolean): void {
  d.byte(); // counter reset hint
  const schema = d.varint();
  d.skip(8); // zero threshold
  if (float) d.skip(24); // zero count, count, sum
  else {
    d.uvarint(); // zero count
    d.uvarint(); // count
    d.skip(8); // sum
  }
  for (let k = 0; k < 2; k++) {
    const spans = d.uvarint();
    for (let i = 0; i < spans; i++) {
      d.varint();
      d.uvarint();
    }
  }
  for (let k = 0; k < 2; k++) {
    const buckets = d.uvarint();
    if (float) d.skip(buckets * 8);
    else for (let i = 0; i < buckets; i++) d.varint();
  }
  if (schema === CUSTOM_BUCKETS_SCHEMA) d.skip(d.uvarint() * 8);
}

/** Splits a histogram-samples record (types 7–10, 12, 13) into its samples. */
export function histogramSpans(rec: Uint8Array): HistogramSpan[] {
  const typ = checkType(rec, 'histogram samples', ...HISTOGRAM_TYPES);
  const float =
    typ === RecordType.FloatHistogramSamples || typ === RecordType.CustomBucketsFloatHistogramSamples ||
    typ === RecordType.FloatHistogramSamplesV2;
  const v2 = typ === RecordType.HistogramSamplesV2 || typ === RecordType.FloatHistogramSamplesV2;
  const out: HistogramSpan[] = [];
  if (rec.length === 1) return out;
  const end = rec.length;
  const d = new Decbuf(rec, 1);
  try {
    if (!v2) {
      const baseRef = d.be64();
      const baseT = d.be64Signed();
      while (d.remaining() > 0) {
        pos = d.off;
        const ref = readVarintPlus(rec, end, baseRef);
        const t = readVarintPlus(rec, end, baseT);
        d.off = pos;
        const start = d.off;
        skipHistogram(d, float);
        out.push({ ref, t, st: 0, start, end: d.off });
      }
    } else {
      let firstT = 0;
      let firstST = 0;
      while (d.remaining() > 0) {
        pos = d.off;
        let ref: number;
        let t: number;
        let st: number;
        if (out.length === 0) {
          ref = readVarintPlus(rec, end, 0);
          firstT = t = readVarintPlus(rec, end, 0);
          firstST = st = readVarintPlus(rec, end, 0);
        } else {
          const prev = out[out.length - 1]!;
          ref = readVarintPlus(rec, end, prev.ref);
          t = readVarintPlus(rec, end, firstT);
          st = readSTMarker(rec, end, prev.st, firstST);
        }
        d.off = pos;
        const start = d.off;
        skipHistogram(d, float);
        out.push({ ref, t, st, start, end: d.off });
      }
    }
  } catch (e) {
    wrap('histogram samples', out.length, 'histograms', e);
  }
  return out;
}

/** Re-frames the given samples of a histogram record (from histogramSpans) as a record of the same type. */
export function encodeHistogramSpans(src: Uint8Array, spans: readonly HistogramSpan[], enc: Encbuf = new Encbuf()): Uint8Array {
  const typ = src[0]!;
  enc.reset();
  enc.putByte(typ);
  if (spans.length === 0) return enc.get();
  const first = spans[0]!;
  const v2 = typ === RecordType.HistogramSamplesV2 || typ === RecordType.FloatHistogramSamplesV2;
  if (!v2) {
    enc.putBE64(first.ref);
    enc.putBE64(first.t);
    for (const s of spans) {
      putVarintDelta(enc, s.ref, first.ref);
      putVarintDelta(enc, s.t, first.t);
      enc.putBytes(src.subarray(s.start, s.end));
    }
    return enc.get();
  }
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (i === 0) {
      putVarintDelta(enc, s.ref, 0);
      putVarintDelta(enc, s.t, 0);
      putVarintDelta(enc, s.st, 0);
    } else {
      const prev = spans[i - 1]!;
      putVarintDelta(enc, s.ref, prev.ref);
      putVarintDelta(enc, s.t, first.t);
      putSTMarker(enc, s.st, first.st, prev.st);
    }
    enc.putBytes(src.subarray(s.start, s.end));
  }
  return enc.get();
}
