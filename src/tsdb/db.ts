// The core's database: a directory of blocks plus the head and its WAL, as
// Prometheus lays it out. It cuts 2h blocks from the head, compacts blocks
// level by level (2h → 6h → 18h …), and applies time/size retention.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type client from 'prom-client';
import type { Matcher } from '../model/matchers.js';
import { silentLogger, type Logger } from '../util/log.js';
import { Counter, Gauge, getOrCreate } from '../util/metrics.js';
import { Block, TMP_CREATION_SUFFIX, TMP_DELETION_SUFFIX, type BlockReaderLike } from './block.js';
import { isULID } from './meta.js';
import { compactBlocks, defaultBlockRanges, planCompaction } from './compact.js';
import { DEFAULT_BLOCK_DURATION, Head, rangeForTimestamp, type HeadAppender } from './head.js';
import { mergeChunkSeries, type ChunkSeries } from './series.js';
import { WAL } from './wal/index.js';

export const DEFAULT_RETENTION = 15 * 24 * 3600_000;

export interface DBOptions {
  /** Time-based retention in ms (0 = keep forever). Default 15d. */
  retention?: number;
  /** Size-based retention in bytes over blocks (0 = off). */
  retentionBytes?: number;
  minBlockDuration?: number;
  /** Largest block compaction may produce; default min(31d, retention/10), at least minBlockDuration. */
  maxBlockDuration?: number;
  walSegmentSize?: number;
  walCompression?: boolean;
  /** Open without writing: no WAL writer, no repair, no compaction (tools). */
  readOnly?: boolean;
  logger?: Logger;
  registry?: client.Registry;
}

export class DB {
  readonly head: Head;
  private blockList: Block[] = [];
  private readonly reportedBad = new Set<string>();
  readonly ranges: number[];
  private readonly logger: Logger;
  private readonly opts: Required<Pick<DBOptions, 'retention' | 'retentionBytes' | 'readOnly'>>;
  private readonly m: {
    blocks: client.Gauge;
    compactions: client.Counter;
    compactionsFailed: client.Counter;
    headCompactions: client.Counter;
    retentionDeletions: client.Counter;
    sizeRetentionDeletions: client.Counter;
    corruptBlocks: client.Counter;
  };

  private constructor(readonly dir: string, opts: DBOptions) {
    this.logger = opts.logger ?? silentLogger;
    const retention = opts.retention ?? DEFAULT_RETENTION;
    this.opts = { retention, retentionBytes: opts.retentionBytes ?? 0, readOnly: opts.readOnly ?? false };
    const minBlock = opts.minBlockDuration ?? DEFAULT_BLOCK_DURATION;
    const maxBlock = Math.max(minBlock, opts.maxBlockDuration ?? Math.min(31 * 24 * 3600_000, retention > 0 ? retention / 10 : Infinity));
    this.ranges = defaultBlockRanges(minBlock, maxBlock);
    const reg = opts.registry;
    const counter = (name: string, help: string) => getOrCreate(reg, name, (registers) => new Counter({ name, help, registers }));
    this.m = {
      blocks: getOrCreate(reg, 'prometheus_tsdb_blocks_loaded', (registers) => new Gauge({ name: 'prometheus_tsdb_blocks_loaded', help: 'Number of currently loaded data blocks.', registers })),
      compactions: counter('prometheus_tsdb_compactions_total', 'Total number of compactions that were executed.'),
      compactionsFailed: counter('prometheus_tsdb_compactions_failed_total', 'Total number of compactions that failed.'),
      headCompactions: counter('prometheus_tsdb_head_compactions_total', 'Total number of blocks cut from the head.'),
      retentionDeletions: counter('prometheus_tsdb_time_retentions_total', 'Number of times that blocks were deleted because the maximum time limit was exceeded.'),
      sizeRetentionDeletions: counter('prometheus_tsdb_size_retentions_total', 'Number of times that blocks were deleted because the maximum number of bytes was exceeded.'),
      corruptBlocks: counter('hyperion_tsdb_corrupt_blocks_total', 'Blocks that could not be opened and were skipped.'),
    };
    this.head = new Head({ chunkRange: minBlock, logger: this.logger, registry: reg });
  }

  /**
   * Opens (creating if needed) a data directory: loads blocks, replays the
   * WAL into the head (repairing a corrupt tail) and opens the WAL for writing.
   */
  static open(dir: string, opts: DBOptions = {}): DB {
    const db = new DB(dir, opts);
    const walDir = join(dir, 'wal');
    if (!db.opts.readOnly) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'lock'), String(process.pid));
      db.removeTmpDirs();
    } else if (!existsSync(dir)) {
      throw new Error(`${dir}: no such TSDB directory`);
    }
    db.reloadBlocks();
    db.head.minValidTime = db.blocksMaxTime();
    if (existsSync(walDir)) db.head.replay(walDir, { repair: !db.opts.readOnly });
    if (!db.opts.readOnly) {
      db.head.wal = WAL.open(walDir, { segmentSize: opts.walSegmentSize, compress: opts.walCompression ?? true });
    }
    return db;
  }

  private removeTmpDirs(): void {
    for (const e of readdirSync(this.dir, { withFileTypes: true })) {
      if (e.isDirectory() && (e.name.endsWith(TMP_CREATION_SUFFIX) || e.name.endsWith(TMP_DELETION_SUFFIX))) {
        rmSync(join(this.dir, e.name), { recursive: true, force: true });
      }
    }
  }

  get blocks(): readonly Block[] {
    return this.blockList;
  }

  private blocksMaxTime(): number {
    let max = -Infinity;
    for (const b of this.blockList) max = Math.max(max, b.maxTime);
    return max;
  }

  appender(): HeadAppender {
    if (this.opts.readOnly) throw new Error('database is open read-only');
    return this.head.appender();
  }

  /** Sources (blocks, then head) overlapping [mint, maxt]. */
  sources(mint: number, maxt: number): BlockReaderLike[] {
    const out: BlockReaderLike[] = this.blockList.filter((b) => b.maxTime > mint && b.minTime <= maxt);
    if (!this.head.isEmpty() && this.head.maxTime >= mint && this.head.minTime <= maxt) out.push(this.head);
    return out;
  }

  /** Series matching the matchers with data in [mint, maxt], merged over blocks and head, sorted by labels. */
  select(matchers: Matcher[], mint: number, maxt: number): Iterable<ChunkSeries> {
    return mergeChunkSeries(this.sources(mint, maxt).map((s) => s.select(matchers, mint, maxt)));
  }

  /**
   * Opens new block dirs, drops deleted ones, applies retention; corrupt
   * blocks are skipped and reported. Read-only (tools) fails instead, as
   * Prometheus's DBReadOnly does, so a dump never silently misses a block.
   */
  reloadBlocks(): void {
    const known = new Map(this.blockList.map((b) => [b.dir, b]));
    let loaded: Block[] = [];
    const opened: Block[] = [];
    const failed: { ulid: string; err: string }[] = [];
    // A ULID dir without meta.json is a damaged block too (blocks appear by rename, complete).
    const dirs = existsSync(this.dir)
      ? readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isDirectory() && isULID(e.name)).map((e) => join(this.dir, e.name)).sort()
      : [];
    for (const dir of dirs) {
      const have = known.get(dir);
      if (have) {
        loaded.push(have);
        known.delete(dir);
        continue;
      }
      try {
        const b = Block.open(dir);
        loaded.push(b);
        opened.push(b);
      } catch (e) {
        // Report a damaged block once, not on every reload after each compaction.
        if (!this.reportedBad.has(dir)) {
          this.reportedBad.add(dir);
          this.m.corruptBlocks.inc();
          this.logger.error({ block: dir, err: (e as Error).message }, 'cannot open block; skipping it');
        }
        failed.push({ ulid: basename(dir), err: (e as Error).message });
      }
    }
    // Blocks that were compacted into others are deleted (their ULID is a parent).
    const parents = new Set<string>();
    for (const b of loaded) for (const p of b.meta.compaction.parents ?? []) parents.add(p.ulid);
    if (this.opts.readOnly) {
      // A corrupt block already compacted into a loaded one is harmless.
      const bad = failed.filter((f) => !parents.has(f.ulid));
      if (bad.length > 0) {
        for (const b of opened) b.close();
        throw new Error(bad.map((f) => `corrupted block ${f.ulid}: ${f.err}`).join('; '));
      }
    }
    const deletable = new Set<Block>(loaded.filter((b) => parents.has(b.ulid) || b.meta.compaction.deletable));
    if (!this.opts.readOnly) for (const b of this.beyondRetention(loaded.filter((b) => !deletable.has(b)))) deletable.add(b);
    loaded = loaded.filter((b) => !deletable.has(b));
    loaded.sort((a, b) => a.minTime - b.minTime);
    this.blockList = loaded;
    this.m.blocks.set(loaded.length);
    for (const b of known.values()) b.close();
    if (!this.opts.readOnly) for (const b of deletable) this.deleteBlock(b);
  }

  private beyondRetention(blocks: Block[]): Block[] {
    const out: Block[] = [];
    if (blocks.length === 0) return out;
    const newestFirst = [...blocks].sort((a, b) => b.maxTime - a.maxTime);
    if (this.opts.retention > 0) {
      const newest = newestFirst[0]!.maxTime;
      for (const b of newestFirst) {
        if (newest - b.maxTime > this.opts.retention) {
          out.push(b);
          this.m.retentionDeletions.inc();
        }
      }
    }
    if (this.opts.retentionBytes > 0) {
      let total = 0;
      for (const b of newestFirst) {
        if (out.includes(b)) continue;
        total += b.size();
        if (total > this.opts.retentionBytes) {
          out.push(b);
          this.m.sizeRetentionDeletions.inc();
        }
      }
    }
    return out;
  }

  private deleteBlock(b: Block): void {
    b.close();
    // Rename first so a crash mid-delete never leaves a half block that looks valid.
    const tmp = b.dir + TMP_DELETION_SUFFIX;
    try {
      renameSync(b.dir, tmp);
      rmSync(tmp, { recursive: true, force: true });
      this.logger.info({ block: b.ulid }, 'deleted block');
    } catch (e) {
      this.logger.error({ block: b.ulid, err: (e as Error).message }, 'cannot delete block');
    }
  }

  /**
   * Cuts every complete chunk range out of the head into a block (keeping
   * 1.5 ranges in memory), then runs the leveled planner until it is idle.
   */
  compact(): { headBlocks: number; compactions: number } {
    if (this.opts.readOnly) throw new Error('database is open read-only');
    let headBlocks = 0;
    let compactions = 0;
    while (this.head.compactable()) {
      const mint = this.head.minTime;
      const maxt = rangeForTimestamp(mint, this.head.chunkRange);
      const meta = compactBlocks(this.dir, [this.head.rangeView(mint, maxt)], { minTime: Math.floor(mint / this.head.chunkRange) * this.head.chunkRange, maxTime: maxt });
      this.m.headCompactions.inc();
      if (meta) {
        headBlocks++;
        this.logger.info({ ulid: meta.ulid, minTime: meta.minTime, maxTime: meta.maxTime, series: meta.stats.numSeries, samples: meta.stats.numSamples }, 'write block');
      }
      this.reloadBlocks();
      this.head.truncate(maxt);
    }
    for (;;) {
      const plan = planCompaction(this.blockList.map((b) => ({ dir: b.dir, meta: b.meta })), this.ranges);
      if (plan.length === 0) break;
      const inputs = plan.map((d) => this.blockList.find((b) => b.dir === d)!);
      try {
        const meta = compactBlocks(this.dir, inputs);
        this.m.compactions.inc();
        compactions++;
        this.logger.info({ ulid: meta?.ulid, sources: inputs.map((b) => b.ulid), minTime: meta?.minTime, maxTime: meta?.maxTime }, 'compact blocks');
        if (!meta) {
          // Everything in the inputs was deleted: drop them.
          for (const b of inputs) this.deleteBlock(b);
        }
      } catch (e) {
        this.m.compactionsFailed.inc();
        this.logger.error({ err: (e as Error).message, blocks: plan }, 'compaction failed');
        throw e;
      }
      this.reloadBlocks();
    }
    return { headBlocks, compactions };
  }

  close(): void {
    this.head.close();
    for (const b of this.blockList) b.close();
    this.blockList = [];
    if (!this.opts.readOnly) rmSync(join(this.dir, 'lock'), { force: true });
  }
}
