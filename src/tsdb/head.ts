// The head block: recent samples in memory, made durable by the WAL.
// Appends are validated, logged to the WAL (series first, then samples) and
// only then applied in memory, so a commit that returned is replayable after
// a crash. Chunks are cut as Prometheus's head cuts them (120 samples with
// end-time prediction, never across a chunk-range boundary), so blocks cut
// from the head have the same chunk layout as Prometheus's.
import type client from 'prom-client';
import { compareLabels, compareUtf8, labelsKey, type Labels } from '../model/labels.js';
import type { Matcher } from '../model/matchers.js';
import { silentLogger, type Logger } from '../util/log.js';
import { Counter, Gauge, getOrCreate } from '../util/metrics.js';
import { Encoding, XORChunk, computeChunkEndTime, DEFAULT_SAMPLES_PER_CHUNK, MAX_BYTES_PER_XOR_CHUNK_BEFORE_APPEND, type XORAppender } from './chunkenc/index.js';
import { postingsForMatchers, type PostingsSource } from './index/index.js';
import { MemTombstones } from './tombstones/index.js';
import type { BlockReaderLike } from './block.js';
import type { ChunkData, ChunkSeries } from './series.js';
import {
  WAL, WALReader, repair, checkpoint, lastCheckpoint, WALCorruptionError, RecordDecodeError,
  RecordType, recordType, encodeSeries, decodeSeries, encodeSamples, decodeSamples, encodeTombstones, decodeTombstones,
  SampleBatch,
} from './wal/index.js';

export const DEFAULT_BLOCK_DURATION = 2 * 3600_000;

export class AppendError extends Error {
  constructor(message: string, readonly reason: 'out_of_order' | 'duplicate' | 'out_of_bounds' | 'invalid') {
    super(message);
    this.name = 'AppendError';
  }
}
export const ErrOutOfOrderSample = 'out of order sample';
export const ErrDuplicateSample = 'duplicate sample for timestamp';
export const ErrOutOfBounds = 'out of bounds';

/** End of the chunk range containing t, with Go's truncating division (as Prometheus). */
export function rangeForTimestamp(t: number, width: number): number {
  return Math.trunc(t / width) * width + width;
}

export { computeChunkEndTime };

class MemSeries {
  /** Completed chunks, oldest first. */
  chunks: ChunkData[] = [];
  head: XORChunk | null = null;
  app: XORAppender | null = null;
  headMin = 0;
  headMax = -Infinity;
  nextAt = -Infinity;
  lastT = -Infinity;
  lastV = 0;

  constructor(readonly ref: number, readonly labels: Labels) {}

  /** Appends an in-order sample (t > lastT), cutting chunks as Prometheus does. */
  append(t: number, v: number, chunkRange: number, samplesPerChunk: number): boolean {
    let created = false;
    if (this.head === null) {
      this.cut(t, chunkRange);
      created = true;
    } else if (this.head.bytes().length > MAX_BYTES_PER_XOR_CHUNK_BEFORE_APPEND) {
      this.cut(t, chunkRange);
      created = true;
    }
    let n = this.head!.numSamples();
    if (n === samplesPerChunk / 4) {
      this.nextAt = computeChunkEndTime(this.headMin, this.headMax, this.nextAt, 4);
    }
    if (!created && (t >= this.nextAt || n >= samplesPerChunk * 2)) {
      this.cut(t, chunkRange);
      created = true;
      n = 0;
    }
    this.app!.append(t, v);
    if (n === 0) this.headMin = t;
    this.headMax = t;
    this.lastT = t;
    this.lastV = v;
    return created;
  }

  private cut(t: number, chunkRange: number): void {
    this.closeHead();
    this.head = new XORChunk();
    this.app = this.head.appender();
    this.headMin = t;
    this.headMax = -Infinity;
    this.nextAt = rangeForTimestamp(t, chunkRange);
  }

  /** Freezes the open chunk into the completed list. */
  closeHead(): void {
    if (this.head && this.head.numSamples() > 0) {
      this.chunks.push({ minTime: this.headMin, maxTime: this.headMax, encoding: Encoding.XOR, data: this.head.bytes().slice() });
    }
    this.head = null;
    this.app = null;
  }

  /** Chunks overlapping [mint, maxt]; the open chunk is copied so later appends cannot change it. */
  chunksIn(mint: number, maxt: number): ChunkData[] {
    const out: ChunkData[] = [];
    for (const c of this.chunks) if (c.maxTime >= mint && c.minTime <= maxt) out.push(c);
    if (this.head && this.head.numSamples() > 0 && this.headMax >= mint && this.headMin <= maxt) {
      out.push({ minTime: this.headMin, maxTime: this.headMax, encoding: Encoding.XOR, data: this.head.bytes().slice() });
    }
    return out;
  }

  minTime(): number {
    if (this.chunks.length > 0) return this.chunks[0]!.minTime;
    return this.head && this.head.numSamples() > 0 ? this.headMin : Infinity;
  }

  numChunks(): number {
    return this.chunks.length + (this.head && this.head.numSamples() > 0 ? 1 : 0);
  }
}

export interface HeadOptions {
  /** Chunk range and block size: 2h. */
  chunkRange?: number;
  samplesPerChunk?: number;
  /** The WAL; omit for a memory-only head (block import). */
  wal?: WAL;
  logger?: Logger;
  registry?: client.Registry;
}

interface HeadMetrics {
  series: client.Gauge;
  seriesCreated: client.Counter;
  seriesRemoved: client.Counter;
  samplesAppended: client.Counter;
  outOfOrder: client.Counter;
  outOfBounds: client.Counter;
  duplicates: client.Counter;
  chunks: client.Gauge;
  chunksCreated: client.Counter;
  truncations: client.Counter;
  walCorruptions: client.Counter;
  checkpoints: client.Counter;
}

function headMetrics(reg?: client.Registry): HeadMetrics {
  const counter = (name: string, help: string) => getOrCreate(reg, name, (registers) => new Counter({ name, help, registers }));
  const gauge = (name: string, help: string) => getOrCreate(reg, name, (registers) => new Gauge({ name, help, registers }));
  return {
    series: gauge('prometheus_tsdb_head_series', 'Total number of series in the head block.'),
    seriesCreated: counter('prometheus_tsdb_head_series_created_total', 'Total number of series created in the head.'),
    seriesRemoved: counter('prometheus_tsdb_head_series_removed_total', 'Total number of series removed from the head.'),
    samplesAppended: counter('prometheus_tsdb_head_samples_appended_total', 'Total number of appended samples.'),
    outOfOrder: counter('prometheus_tsdb_out_of_order_samples_total', 'Total number of out of order samples rejected.'),
    outOfBounds: counter('prometheus_tsdb_out_of_bound_samples_total', 'Total number of samples rejected for being older than the head can take.'),
    duplicates: counter('prometheus_tsdb_duplicate_samples_total', 'Total number of samples rejected for a different value at an existing timestamp.'),
    chunks: gauge('prometheus_tsdb_head_chunks', 'Total number of chunks in the head block.'),
    chunksCreated: counter('prometheus_tsdb_head_chunks_created_total', 'Total number of chunks created in the head.'),
    truncations: counter('prometheus_tsdb_head_truncations_total', 'Total number of head truncations.'),
    walCorruptions: counter('prometheus_tsdb_wal_corruptions_total', 'Total number of WAL corruptions found and repaired.'),
    checkpoints: counter('prometheus_tsdb_checkpoint_creations_total', 'Total number of WAL checkpoints created.'),
  };
}

export interface ReplayStats {
  records: number;
  series: number;
  samples: number;
  skippedSamples: number;
  corruption?: string;
}

export class Head implements BlockReaderLike, PostingsSource {
  readonly chunkRange: number;
  readonly samplesPerChunk: number;
  /** Set after replay: the WAL writer must not be open while repair rewrites segments. */
  wal: WAL | undefined;
  readonly tombstones = new MemTombstones();
  /** Samples older than this are out of bounds (data already in blocks). */
  minValidTime = -Infinity;
  private minT = Infinity;
  private maxT = -Infinity;
  private readonly byKey = new Map<string, MemSeries>();
  private readonly byRef = new Map<number, MemSeries>();
  private postingsIndex = new Map<string, Map<string, number[]>>();
  private nextRef = 1;
  private numChunks = 0;
  private readonly logger: Logger;
  readonly metrics: HeadMetrics;

  constructor(opts: HeadOptions = {}) {
    this.chunkRange = opts.chunkRange ?? DEFAULT_BLOCK_DURATION;
    this.samplesPerChunk = opts.samplesPerChunk ?? DEFAULT_SAMPLES_PER_CHUNK;
    this.wal = opts.wal;
    this.logger = opts.logger ?? silentLogger;
    this.metrics = headMetrics(opts.registry);
  }

  get minTime(): number {
    return this.minT;
  }
  get maxTime(): number {
    return this.maxT;
  }
  get numSeries(): number {
    return this.byRef.size;
  }
  isEmpty(): boolean {
    return this.maxT === -Infinity;
  }

  // --- series bookkeeping -------------------------------------------------

  private getOrCreate(labels: Labels, ref?: number): { s: MemSeries; created: boolean } {
    const key = labelsKey(labels);
    const existing = this.byKey.get(key);
    if (existing) return { s: existing, created: false };
    const r = ref ?? this.nextRef;
    if (r >= this.nextRef) this.nextRef = r + 1;
    const s = new MemSeries(r, labels);
    this.byKey.set(key, s);
    this.byRef.set(r, s);
    this.addPostings(s);
    this.metrics.series.set(this.byRef.size);
    this.metrics.seriesCreated.inc();
    return { s, created: true };
  }

  private addPostings(s: MemSeries): void {
    const add = (name: string, value: string) => {
      let byValue = this.postingsIndex.get(name);
      if (!byValue) this.postingsIndex.set(name, (byValue = new Map()));
      const list = byValue.get(value);
      if (!list) byValue.set(value, [s.ref]);
      else if (list[list.length - 1]! < s.ref) list.push(s.ref);
      else {
        // Replayed refs can arrive out of order; keep the list sorted.
        list.push(s.ref);
        list.sort((a, b) => a - b);
      }
    };
    add('', '');
    for (const l of s.labels) add(l.name, l.value);
  }

  private appendSample(s: MemSeries, t: number, v: number): void {
    if (s.append(t, v, this.chunkRange, this.samplesPerChunk)) {
      this.numChunks++;
      this.metrics.chunksCreated.inc();
    }
    if (t < this.minT) this.minT = t;
    if (t > this.maxT) this.maxT = t;
  }

  /** Validates a sample against a series' last sample; returns false for an identical duplicate. */
  checkSample(lastT: number, lastV: number, t: number, v: number): boolean {
    if (t < this.minValidTime) {
      this.metrics.outOfBounds.inc();
      throw new AppendError(ErrOutOfBounds, 'out_of_bounds');
    }
    if (t > lastT) return true;
    if (t === lastT) {
      if (Object.is(v, lastV) || (Number.isNaN(v) && Number.isNaN(lastV) && sameBits(v, lastV))) return false;
      this.metrics.duplicates.inc();
      throw new AppendError(ErrDuplicateSample, 'duplicate');
    }
    this.metrics.outOfOrder.inc();
    throw new AppendError(ErrOutOfOrderSample, 'out_of_order');
  }

  appender(): HeadAppender {
    return new HeadAppender(this);
  }

  /** Called by HeadAppender.commit: WAL first, then memory. */
  commitBatch(newSeries: MemSeries[], refs: number[], ts: Float64Array, vs: Float64Array, n: number): void {
    if (this.wal) {
      const recs: Uint8Array[] = [];
      if (newSeries.length > 0) recs.push(encodeSeries(newSeries.map((s) => ({ ref: s.ref, labels: s.labels }))));
      if (n > 0) recs.push(encodeSamples(refs, ts, vs, n));
      if (recs.length > 0) this.wal.log(...recs);
    }
    for (let i = 0; i < n; i++) {
      const s = this.byRef.get(refs[i]!)!;
      // Re-check: another appender may have moved the series on since add().
      if (ts[i]! <= s.lastT) continue;
      this.appendSample(s, ts[i]!, vs[i]!);
    }
    this.metrics.samplesAppended.inc(n);
    this.metrics.chunks.set(this.numChunks);
  }

  /** Used by HeadAppender: series for labels, created in memory if new. */
  seriesFor(labels: Labels): { s: MemSeries; created: boolean } {
    return this.getOrCreate(labels);
  }
  seriesByRef(ref: number): MemSeries | undefined {
    return this.byRef.get(ref);
  }

  /** Records a deletion of [mint, maxt] for matching series (logged to the WAL). */
  delete(matchers: Matcher[], mint: number, maxt: number): number {
    const refs = postingsForMatchers(this, matchers);
    const stones: { ref: number; mint: number; maxt: number }[] = [];
    for (const ref of refs) stones.push({ ref, mint, maxt });
    if (stones.length === 0) return 0;
    this.wal?.log(encodeTombstones(stones));
    for (const st of stones) this.tombstones.addInterval(st.ref, { mint: st.mint, maxt: st.maxt });
    return stones.length;
  }

  // --- WAL replay -----------------------------------------------------------

  /** Replays the last checkpoint and the segments after it; repairs a corrupt tail. */
  replay(dir: string | undefined = this.wal?.dir, opts: { repair?: boolean } = {}): ReplayStats {
    const stats: ReplayStats = { records: 0, series: 0, samples: 0, skippedSamples: 0 };
    if (!dir) return stats;
    // WAL series refs can map onto an existing series with another ref (duplicate series records).
    const refMap = new Map<number, MemSeries>();
    const batch = new SampleBatch();
    const apply = (rec: Uint8Array) => {
      stats.records++;
      switch (recordType(rec)) {
        case RecordType.Series:
          for (const { ref, labels } of decodeSeries(rec)) {
            const { s } = this.getOrCreate(labels, ref);
            refMap.set(ref, s);
            stats.series++;
          }
          break;
        case RecordType.Samples:
        case RecordType.SamplesV2: {
          const n = decodeSamples(rec, batch);
          for (let i = 0; i < n; i++) {
            const s = refMap.get(batch.refs[i]!) ?? this.byRef.get(batch.refs[i]!);
            const t = batch.ts[i]!;
            if (!s || t <= s.lastT || t < this.minValidTime) {
              stats.skippedSamples++;
              continue;
            }
            this.appendSample(s, t, batch.vs[i]!);
            stats.samples++;
          }
          break;
        }
        case RecordType.Tombstones:
          for (const st of decodeTombstones(rec)) {
            const s = refMap.get(st.ref) ?? this.byRef.get(st.ref);
            if (s) this.tombstones.addInterval(s.ref, { mint: st.mint, maxt: st.maxt });
          }
          break;
        default:
          // Exemplars, metadata, histograms: not stored by this head; types from a
          // newer Prometheus are skipped too. But no type byte is 0 or ≥ 0x80: that
          // is a snappy record whose flag bit (outside the CRC) was flipped, and
          // skipping it would leave a hole in the replayed data.
          if (rec.length > 0 && (rec[0] === 0 || rec[0]! >= 0x80)) throw new RecordDecodeError(`invalid record type ${rec[0]}`);
          break;
      }
    };
    const cp = lastCheckpoint(dir);
    const readAll = (reader: WALReader, walDir: string) => {
      for (let rec = reader.next(); rec !== null; rec = reader.next()) {
        try {
          apply(rec);
        } catch (e) {
          // A record that frames correctly but does not decode is corruption too: cut the WAL there.
          if (e instanceof RecordDecodeError) throw new WALCorruptionError(walDir, reader.segment, reader.recordOffset, `invalid record: ${e.message}`);
          throw e;
        }
      }
    };
    try {
      // A corrupt checkpoint is not repairable (the data is gone from the segments): fail clearly.
      if (cp) readAll(new WALReader(cp.dir), cp.dir);
      readAll(new WALReader(dir, { from: cp ? cp.index + 1 : 0 }), dir);
    } catch (e) {
      if (e instanceof WALCorruptionError && cp && e.dir === cp.dir) throw new Error(`${cp.dir}: corrupt WAL checkpoint: ${e.message}`);
      if (!(e instanceof WALCorruptionError)) throw e;
      stats.corruption = e.message;
      this.metrics.walCorruptions.inc();
      if (opts.repair === false) {
        this.logger.warn({ err: e.message, file: e.file, segment: e.segment, offset: e.offset }, 'WAL corruption found; read up to the last good record');
      } else {
        this.logger.warn({ err: e.message, file: e.file, segment: e.segment, offset: e.offset }, 'WAL corruption found; repairing up to the last good record');
        repair(dir, e);
      }
    }
    this.metrics.chunks.set(this.numChunks);
    this.logger.info({ ...stats, series: this.byRef.size }, 'WAL replay completed');
    return stats;
  }

  // --- reading --------------------------------------------------------------

  labelValues(name: string): string[] {
    const m = this.postingsIndex.get(name);
    return m ? [...m.keys()].sort(compareUtf8) : [];
  }

  labelNames(): string[] {
    return [...this.postingsIndex.keys()].filter((n) => n !== '').sort(compareUtf8);
  }

  postings(name: string, values: string[]): Uint32Array {
    const m = this.postingsIndex.get(name);
    if (!m) return new Uint32Array(0);
    const lists = values.map((v) => m.get(v)).filter((l): l is number[] => l !== undefined);
    if (lists.length === 1) return Uint32Array.from(lists[0]!);
    const set = new Set<number>();
    for (const l of lists) for (const r of l) set.add(r);
    return Uint32Array.from([...set].sort((a, b) => a - b));
  }

  allPostings(): Uint32Array {
    return this.postings('', ['']);
  }

  symbols(): string[] {
    const set = new Set<string>();
    for (const [name, values] of this.postingsIndex) {
      if (name === '') continue;
      set.add(name);
      for (const v of values.keys()) set.add(v);
    }
    return [...set].sort(compareUtf8);
  }

  *select(matchers: Matcher[], mint: number, maxt: number): Generator<ChunkSeries> {
    const refs = matchers.length === 0 ? this.allPostings() : postingsForMatchers(this, matchers);
    const series: MemSeries[] = [];
    for (const ref of refs) {
      const s = this.byRef.get(ref);
      if (s) series.push(s);
    }
    series.sort((a, b) => compareLabels(a.labels, b.labels));
    for (const s of series) {
      const chunks = s.chunksIn(mint, maxt);
      if (chunks.length === 0) continue;
      const deleted = this.tombstones.get(s.ref);
      yield deleted?.length ? { labels: s.labels, chunks, deleted } : { labels: s.labels, chunks };
    }
  }

  /** A view of [mint, maxt) for cutting a block out of the head. */
  rangeView(mint: number, maxt: number): BlockReaderLike {
    return {
      minTime: mint,
      maxTime: maxt,
      symbols: () => this.symbols(),
      select: (m, a, b) => this.select(m, Math.max(a, mint), Math.min(b, maxt - 1)),
      labelNames: () => this.labelNames(),
      labelValues: (n) => this.labelValues(n),
    };
  }

  /** True when the head spans more than 1.5 chunk ranges, so the oldest range can become a block. */
  compactable(): boolean {
    return !this.isEmpty() && this.maxT - this.minT > (this.chunkRange / 2) * 3;
  }

  // --- truncation -------------------------------------------------------------

  /**
   * Drops everything before mint from memory (it is now in a block), then
   * checkpoints the older two thirds of the WAL and deletes those segments.
   */
  truncate(mint: number): void {
    this.minValidTime = Math.max(this.minValidTime, mint);
    let newMin = Infinity;
    let removed = 0;
    this.numChunks = 0;
    for (const [ref, s] of this.byRef) {
      s.chunks = s.chunks.filter((c) => c.maxTime >= mint);
      if (s.head && s.headMax < mint) {
        s.closeHead();
        s.chunks = s.chunks.filter((c) => c.maxTime >= mint);
      }
      if (s.numChunks() === 0) {
        this.byRef.delete(ref);
        this.byKey.delete(labelsKey(s.labels));
        removed++;
        continue;
      }
      this.numChunks += s.numChunks();
      newMin = Math.min(newMin, s.minTime());
    }
    if (removed > 0) this.rebuildPostings();
    this.minT = newMin;
    if (this.byRef.size === 0) this.maxT = -Infinity;
    this.metrics.truncations.inc();
    this.metrics.seriesRemoved.inc(removed);
    this.metrics.series.set(this.byRef.size);
    this.metrics.chunks.set(this.numChunks);
    this.truncateWAL(mint);
  }

  private rebuildPostings(): void {
    this.postingsIndex = new Map();
    const all = [...this.byRef.values()].sort((a, b) => a.ref - b.ref);
    for (const s of all) this.addPostings(s);
  }

  private truncateWAL(mint: number): void {
    const wal = this.wal;
    if (!wal) return;
    const { first } = wal.segments();
    // Start a new segment so a quiet head does not keep more WAL than needed.
    wal.nextSegment();
    const last = wal.segments().last - 1; // never checkpoint the segment being written
    if (first < 0 || last < 0) return;
    const upto = first + Math.floor(((last - first) * 2) / 3);
    if (upto <= first) return;
    const res = checkpoint(wal.dir, first, upto, (ref) => this.byRef.has(ref), mint);
    this.metrics.checkpoints.inc();
    wal.truncate(upto + 1);
    this.logger.info({ from: first, to: upto, dir: res.dir, mint }, 'WAL checkpoint complete');
  }

  close(): void {
    this.wal?.close();
  }
}

function sameBits(a: number, b: number): boolean {
  BITS_F64[0] = a;
  const lo = BITS_U32[0];
  const hi = BITS_U32[1];
  BITS_F64[0] = b;
  return lo === BITS_U32[0] && hi === BITS_U32[1];
}
const BITS_F64 = new Float64Array(1);
const BITS_U32 = new Uint32Array(BITS_F64.buffer);

/**
 * As Prometheus's appender sees a label set: empty-valued labels do not
 * exist, duplicate names and empty sets are invalid samples.
 */
export function normaliseLabels(labels: Labels): Labels {
  let clean = true;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l.value === '') clean = false;
    if (i > 0 && labels[i - 1]!.name === l.name) throw new AppendError(`label name ${JSON.stringify(l.name)} is not unique: invalid sample`, 'invalid');
  }
  const out = clean ? labels : labels.filter((l) => l.value !== '');
  if (out.length === 0) throw new AppendError('empty labelset: invalid sample', 'invalid');
  return out;
}

/**
 * Collects samples and commits them as one WAL write. add() validates at
 * once (out-of-order and out-of-bounds samples throw AppendError and are
 * counted), so a caller can drop a bad sample and keep the rest.
 */
export class HeadAppender {
  private readonly newSeries: MemSeries[] = [];
  private refs: number[] = [];
  private ts = new Float64Array(64);
  private vs = new Float64Array(64);
  private n = 0;
  /** Last pending sample per series, so a batch is checked against itself too. */
  private readonly pending = new Map<number, { t: number; v: number }>();

  constructor(private readonly head: Head) {}

  /** Appends by labels; returns the series ref for later appendRef calls. */
  add(labels: Labels, t: number, v: number): number {
    const { s, created } = this.head.seriesFor(normaliseLabels(labels));
    if (created) this.newSeries.push(s);
    this.push(s, t, v);
    return s.ref;
  }

  /** Appends to a series known by ref (from a previous add). */
  addRef(ref: number, t: number, v: number): void {
    const s = this.head.seriesByRef(ref);
    if (!s) throw new Error(`unknown series ref ${ref}`);
    this.push(s, t, v);
  }

  private push(s: MemSeries, t: number, v: number): void {
    const p = this.pending.get(s.ref);
    const ok = this.head.checkSample(p ? p.t : s.lastT, p ? p.v : s.lastV, t, v);
    if (!ok) return; // identical duplicate: accepted, nothing to store
    if (this.n === this.ts.length) {
      const ts = new Float64Array(this.n * 2);
      const vs = new Float64Array(this.n * 2);
      ts.set(this.ts);
      vs.set(this.vs);
      this.ts = ts;
      this.vs = vs;
    }
    this.refs[this.n] = s.ref;
    this.ts[this.n] = t;
    this.vs[this.n] = v;
    this.n++;
    this.pending.set(s.ref, { t, v });
  }

  get length(): number {
    return this.n;
  }

  /** Logs to the WAL and applies to memory. When this returns, the samples survive a process crash. */
  commit(): void {
    this.head.commitBatch(this.newSeries, this.refs, this.ts, this.vs, this.n);
    this.reset();
  }

  rollback(): void {
    this.reset();
  }

  private reset(): void {
    this.newSeries.length = 0;
    this.refs = [];
    this.n = 0;
    this.pending.clear();
  }
}
