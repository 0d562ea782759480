// The shapes data takes between TSDB parts: a series as its chunks
// (ChunkSeries, what blocks, the head and compaction exchange) and a series
// as samples (SampleIterator, what queries read). Iterators decode whole
// chunks into reusable Float64Arrays: no object per sample.
import { compareLabels, type Labels } from '../model/labels.js';
import { DEFAULT_SAMPLES_PER_CHUNK, Encoding, XORChunk, decodeXOR } from './chunkenc/index.js';

/** One encoded chunk with its time bounds (both inclusive, as in the index). */
export interface ChunkData {
  minTime: number;
  maxTime: number;
  encoding: number;
  data: Uint8Array;
}

/** Deleted time ranges, inclusive on both ends (tombstone intervals). */
export interface Interval {
  mint: number;
  maxt: number;
}

export interface ChunkSeries {
  labels: Labels;
  /** Sorted by minTime; may overlap (vertical compaction merges them). */
  chunks: ChunkData[];
  /** Tombstones to apply when reading. */
  deleted?: readonly Interval[];
}

export interface SampleIterator {
  /** Advances; false when exhausted. */
  next(): boolean;
  /** Advances to the first sample with t ≥ target; false if none. */
  seek(target: number): boolean;
  readonly t: number;
  readonly v: number;
}

/** Number of samples a chunk holds, from its header (XOR: first two bytes). */
export function chunkNumSamples(c: ChunkData): number {
  if (c.encoding !== Encoding.XOR) throw new Error(`unsupported chunk encoding ${c.encoding}`);
  return c.data.length >= 2 ? (c.data[0]! << 8) | c.data[1]! : 0;
}

/** Growable pair of typed arrays for decoded samples. */
export class SampleBuffer {
  ts: Float64Array;
  vs: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    this.ts = new Float64Array(capacity);
    this.vs = new Float64Array(capacity);
  }

  ensure(capacity: number): void {
    if (capacity <= this.ts.length) return;
    let cap = this.ts.length * 2;
    while (cap < capacity) cap *= 2;
    const ts = new Float64Array(cap);
    const vs = new Float64Array(cap);
    ts.set(this.ts.subarray(0, this.length));
    vs.set(this.vs.subarray(0, this.length));
    this.ts = ts;
    this.vs = vs;
  }

  push(t: number, v: number): void {
    if (this.length === this.ts.length) this.ensure(this.length + 1);
    this.ts[this.length] = t;
    this.vs[this.length] = v;
    this.length++;
  }

  /** Appends all samples of an XOR chunk. */
  appendChunk(c: ChunkData): void {
    const n = chunkNumSamples(c);
    this.ensure(this.length + n);
    const got = decodeXOR(c.data, this.ts.subarray(this.length), this.vs.subarray(this.length));
    this.length += got;
  }
}

function isDeleted(deleted: readonly Interval[] | undefined, t: number): boolean {
  if (!deleted) return false;
  for (const iv of deleted) if (t >= iv.mint && t <= iv.maxt) return true;
  return false;
}

/**
 * Decodes a series' chunks into one sorted, de-duplicated sample run within
 * [mint, maxt], dropping deleted samples. Overlapping chunks (from vertical
 * merges) are merged; on equal timestamps the first chunk's sample wins.
 */
export function decodeSeries(cs: ChunkSeries, mint: number, maxt: number, out: SampleBuffer = new SampleBuffer()): SampleBuffer {
  out.length = 0;
  let overlapping = false;
  let prevMax = -Infinity;
  for (const c of cs.chunks) {
    if (c.maxTime < mint || c.minTime > maxt) continue;
    if (c.minTime <= prevMax) overlapping = true;
    prevMax = Math.max(prevMax, c.maxTime);
    out.appendChunk(c);
  }
  if (overlapping) sortDedup(out);
  // Filter in place by time range and tombstones.
  let w = 0;
  const { ts, vs } = out;
  for (let r = 0; r < out.length; r++) {
    const t = ts[r]!;
    if (t < mint || t > maxt || isDeleted(cs.deleted, t)) continue;
    ts[w] = t;
    vs[w] = vs[r]!;
    w++;
  }
  out.length = w;
  return out;
}

/** Stable sort by timestamp, keeping the first sample of equal timestamps. */
function sortDedup(buf: SampleBuffer): void {
  const n = buf.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const ts = buf.ts;
  idx.sort((a, b) => ts[a]! - ts[b]! || a - b);
  const nts = new Float64Array(n);
  const nvs = new Float64Array(n);
  let w = 0;
  for (let i = 0; i < n; i++) {
    const j = idx[i]!;
    if (w > 0 && nts[w - 1] === ts[j]) continue;
    nts[w] = ts[j]!;
    nvs[w] = buf.vs[j]!;
    w++;
  }
  buf.ts.set(nts.subarray(0, w));
  buf.vs.set(nvs.subarray(0, w));
  buf.length = w;
}

/** SampleIterator over a decoded buffer. */
export class BufferIterator implements SampleIterator {
  private i = -1;
  constructor(private readonly buf: SampleBuffer) {}
  next(): boolean {
    return ++this.i < this.buf.length;
  }
  seek(target: number): boolean {
    if (this.i < 0) this.i = 0;
    while (this.i < this.buf.length && this.buf.ts[this.i]! < target) this.i++;
    return this.i < this.buf.length;
  }
  get t(): number {
    return this.buf.ts[this.i]!;
  }
  get v(): number {
    return this.buf.vs[this.i]!;
  }
}

export function seriesIterator(cs: ChunkSeries, mint = -Infinity, maxt = Infinity): SampleIterator {
  return new BufferIterator(decodeSeries(cs, mint, maxt));
}


/** Re-encodes samples into XOR chunks of at most `perChunk` samples. */
export function encodeChunks(ts: Float64Array, vs: Float64Array, n: number, perChunk = DEFAULT_SAMPLES_PER_CHUNK): ChunkData[] {
  const out: ChunkData[] = [];
  for (let i = 0; i < n; i += perChunk) {
    const end = Math.min(n, i + perChunk);
    const c = new XORChunk();
    const app = c.appender();
    for (let j = i; j < end; j++) app.append(ts[j]!, vs[j]!);
    out.push({ minTime: ts[i]!, maxTime: ts[end - 1]!, encoding: Encoding.XOR, data: c.bytes() });
  }
  return out;
}

/**
 * K-way merge of label-sorted ChunkSeries streams. Series with equal labels
 * are combined into one with their chunks ordered by minTime.
 */
export function* mergeChunkSeries(sets: Iterable<ChunkSeries>[]): Generator<ChunkSeries> {
  const its = sets.map((s) => s[Symbol.iterator]());
  const heads: (ChunkSeries | undefined)[] = its.map((it) => {
    const r = it.next();
    return r.done ? undefined : r.value;
  });
  for (;;) {
    let min: ChunkSeries | undefined;
    for (const h of heads) if (h && (!min || compareLabels(h.labels, min.labels) < 0)) min = h;
    if (!min) return;
    const group: ChunkSeries[] = [];
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h && compareLabels(h.labels, min.labels) === 0) {
        group.push(h);
        const r = its[i]!.next();
        heads[i] = r.done ? undefined : r.value;
      }
    }
    if (group.length === 1) {
      yield group[0]!;
      continue;
    }
    yield combineSeries(group);
  }
}

/** One series from several sources with the same labels: tombstones are applied by re-encoding. */
function combineSeries(group: ChunkSeries[]): ChunkSeries {
  const chunks: ChunkData[] = [];
  for (const s of group) {
    if (s.deleted?.length) chunks.push(...applyTombstones(s).chunks);
    else chunks.push(...s.chunks);
  }
  chunks.sort((a, b) => a.minTime - b.minTime || a.maxTime - b.maxTime);
  return { labels: group[0]!.labels, chunks };
}

/** Returns the series with deleted samples physically removed (chunks re-encoded where touched). */
export function applyTombstones(s: ChunkSeries): ChunkSeries {
  const del = s.deleted;
  if (!del || del.length === 0) return s;
  const chunks: ChunkData[] = [];
  const buf = new SampleBuffer();
  for (const c of s.chunks) {
    const touched = del.some((iv) => iv.mint <= c.maxTime && iv.maxt >= c.minTime);
    if (!touched) {
      chunks.push(c);
      continue;
    }
    decodeSeries({ labels: s.labels, chunks: [c], deleted: del }, -Infinity, Infinity, buf);
    if (buf.length > 0) chunks.push(...encodeChunks(buf.ts, buf.vs, buf.length));
  }
  return { labels: s.labels, chunks };
}

/** True when any two chunks overlap in time (needs a sample-level merge). */
export function chunksOverlap(chunks: readonly ChunkData[]): boolean {
  for (let i = 1; i < chunks.length; i++) if (chunks[i]!.minTime <= chunks[i - 1]!.maxTime) return true;
  return false;
}
