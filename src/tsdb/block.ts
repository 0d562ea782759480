// A persisted block: <ULID>/{meta.json, index, chunks/, tombstones}.
// BlockWriter builds one in <ULID>.tmp-for-creation and renames it into
// place only when complete, so a crash never leaves a half block visible.
// Block opens one lazily: the index is parsed on demand and chunk bytes are
// read with positional reads only when a series is actually read.
import { mkdirSync, renameSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { dirSize, fsyncPath } from '../util/fsutil.js';
import { join } from 'node:path';
import { ulid as newULID } from 'ulid';
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matchers.js';
import { ChunkWriter, ChunkReader } from './chunks/index.js';
import { IndexWriter, IndexReader, postingsForMatchers } from './index/index.js';
import { MemTombstones, readTombstones, writeTombstones } from './tombstones/index.js';
import { META_VERSION, readMeta, writeMeta, type BlockMeta, type BlockMetaCompaction } from './meta.js';
import { chunkNumSamples, type ChunkData, type ChunkSeries } from './series.js';

export const TMP_CREATION_SUFFIX = '.tmp-for-creation';
export const TMP_DELETION_SUFFIX = '.tmp-for-deletion';

/** What both a persisted block and the head offer to compaction and queries. */
export interface BlockReaderLike {
  readonly minTime: number;
  readonly maxTime: number;
  /** All symbols, sorted by UTF-8 bytes. */
  symbols(): Iterable<string>;
  /** Series matching all matchers with chunks overlapping [mint, maxt], sorted by labels. */
  select(matchers: Matcher[], mint: number, maxt: number): Iterable<ChunkSeries>;
  labelNames(): string[];
  labelValues(name: string): string[];
}

export interface BlockWriterOptions {
  ulid?: string;
  minTime: number;
  maxTime: number;
  /** Max size of one chunks/ segment file (Prometheus: 512 MiB). */
  segmentSize?: number;
}

export class BlockWriter {
  readonly ulid: string;
  readonly tmpDir: string;
  private readonly chunkWriter: ChunkWriter;
  private readonly indexWriter: IndexWriter;
  private stats = { numSamples: 0, numSeries: 0, numChunks: 0 };
  private done = false;

  constructor(readonly parentDir: string, readonly opts: BlockWriterOptions) {
    this.ulid = opts.ulid ?? newULID();
    this.tmpDir = join(parentDir, this.ulid + TMP_CREATION_SUFFIX);
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(join(this.tmpDir, 'chunks'), { recursive: true });
    this.chunkWriter = ChunkWriter.create(join(this.tmpDir, 'chunks'), opts.segmentSize);
    this.indexWriter = IndexWriter.create(join(this.tmpDir, 'index'));
  }

  /** All symbols of the series to come, sorted; must precede addSeries. */
  addSymbols(symbols: Iterable<string>): void {
    for (const s of symbols) this.indexWriter.addSymbol(s);
  }

  /** Adds a series (in label order) with its chunks (in time order, non-overlapping). */
  addSeries(labels: Labels, chunks: readonly ChunkData[]): void {
    if (chunks.length === 0) return;
    const metas = chunks.map((c) => ({
      ref: 0,
      minTime: c.minTime,
      maxTime: c.maxTime,
      chunk: { encoding: c.encoding, bytes: () => c.data },
    }));
    this.chunkWriter.writeChunks(metas);
    this.indexWriter.addSeries(labels, metas);
    this.stats.numSeries++;
    this.stats.numChunks += chunks.length;
    for (const c of chunks) this.stats.numSamples += chunkNumSamples(c);
  }

  get numSeries(): number {
    return this.stats.numSeries;
  }

  /** Completes the block: tombstones, meta.json, fsync, atomic rename. */
  finish(compaction?: BlockMetaCompaction, thanos?: Record<string, unknown>): BlockMeta {
    if (this.done) throw new Error('block writer already finished');
    this.done = true;
    this.chunkWriter.close();
    this.indexWriter.close();
    writeTombstones(this.tmpDir, new MemTombstones());
    const meta: BlockMeta = {
      ulid: this.ulid,
      minTime: this.opts.minTime,
      maxTime: this.opts.maxTime,
      stats: {
        numSamples: this.stats.numSamples,
        numFloatSamples: this.stats.numSamples,
        numSeries: this.stats.numSeries,
        numChunks: this.stats.numChunks,
      },
      compaction: compaction ?? { level: 1, sources: [this.ulid] },
      version: META_VERSION,
      ...(thanos ? { thanos } : {}),
    };
    writeMeta(this.tmpDir, meta);
    fsyncPath(join(this.tmpDir, 'chunks'));
    fsyncPath(this.tmpDir);
    const final = join(this.parentDir, this.ulid);
    renameSync(this.tmpDir, final);
    fsyncPath(this.parentDir);
    return meta;
  }

  /** Discards a block under construction. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.chunkWriter.close();
      this.indexWriter.close();
    } catch {
      // already failing; the directory is removed below
    }
    rmSync(this.tmpDir, { recursive: true, force: true });
  }
}

/** An opened, persisted block. */
export class Block implements BlockReaderLike {
  readonly meta: BlockMeta;
  readonly index: IndexReader;
  readonly chunks: ChunkReader;
  tombstones: MemTombstones;

  private constructor(readonly dir: string, meta: BlockMeta, index: IndexReader, chunks: ChunkReader, tombstones: MemTombstones) {
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
  }

  /** Opens a block; every error names the file it came from. */
  static open(dir: string): Block {
    const meta = readMeta(dir);
    const index = IndexReader.open(join(dir, 'index'));
    let chunks: ChunkReader;
    try {
      chunks = ChunkReader.open(join(dir, 'chunks'));
    } catch (e) {
      index.close();
      throw e;
    }
    let tombstones: MemTombstones;
    try {
      tombstones = readTombstones(dir);
    } catch (e) {
      index.close();
      chunks.close();
      throw e;
    }
    return new Block(dir, meta, index, chunks, tombstones);
  }

  get ulid(): string {
    return this.meta.ulid;
  }
  get minTime(): number {
    return this.meta.minTime;
  }
  get maxTime(): number {
    return this.meta.maxTime;
  }

  symbols(): Iterable<string> {
    return this.index.symbols();
  }

  labelNames(): string[] {
    return this.index.labelNames();
  }

  labelValues(name: string): string[] {
    return this.index.labelValues(name);
  }

  /** Series refs (index postings) for the matchers, in label order. */
  postings(matchers: Matcher[]): Uint32Array {
    return matchers.length === 0 ? this.index.allPostings() : postingsForMatchers(this.index, matchers);
  }

  *select(matchers: Matcher[], mint: number, maxt: number): Generator<ChunkSeries> {
    const refs = this.postings(matchers);
    for (let i = 0; i < refs.length; i++) {
      const s = this.readSeries(refs[i]!, mint, maxt);
      if (s) yield s;
    }
  }

  /** Reads one series; chunks outside [mint, maxt] are not read from disk. */
  readSeries(ref: number, mint = -Infinity, maxt = Infinity): ChunkSeries | undefined {
    const entry = this.index.series(ref);
    const chunks: ChunkData[] = [];
    for (const m of entry.chunks) {
      if (m.maxTime < mint || m.minTime > maxt) continue;
      const c = this.chunks.chunk(m.ref);
      chunks.push({ minTime: m.minTime, maxTime: m.maxTime, encoding: c.encoding, data: c.data });
    }
    if (chunks.length === 0) return undefined;
    const deleted = this.tombstones.get(ref);
    return deleted?.length ? { labels: entry.labels, chunks, deleted } : { labels: entry.labels, chunks };
  }

  /** On-disk size in bytes (index + chunks + meta + tombstones). */
  size(): number {
    return dirSize(this.dir);
  }

  close(): void {
    this.index.close();
    this.chunks.close();
  }
}

/** Block directories in a data dir (ULID names with a meta.json), sorted by name. */
export function listBlockDirs(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(e.name) && existsSync(join(dataDir, e.name, 'meta.json')))
    .map((e) => join(dataDir, e.name))
    .sort();
}
