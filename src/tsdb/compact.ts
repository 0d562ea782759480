// Compaction: merge blocks (or the head) into one new block. Used by the
// core's DB for leveled compaction and later by the bucket compactor.
// Overlapping inputs (vertical compaction) are merged sample by sample; on
// equal timestamps the sample of the earlier input wins.
import { compareUtf8 } from '../model/labels.js';
import { BlockWriter, type BlockReaderLike } from './block.js';
import type { BlockMeta, BlockMetaCompaction } from './meta.js';
import {
  applyTombstones, chunksOverlap, decodeSeries, encodeChunks, mergeChunkSeries, SampleBuffer,
  type ChunkData, type ChunkSeries,
} from './series.js';
import type { Progress } from '../util/progress.js';

const HOUR = 3600_000;

/** Prometheus's ExponentialBlockRanges: min, min·step, min·step², … (count entries). */
export function exponentialBlockRanges(minSize: number, steps: number, stepSize: number): number[] {
  const ranges: number[] = [];
  let cur = minSize;
  for (let i = 0; i < steps; i++) {
    ranges.push(cur);
    cur *= stepSize;
  }
  return ranges;
}

/** The core's default ranges: 2h, 6h, 18h, … trimmed to maxBlockDuration. */
export function defaultBlockRanges(minBlockDuration = 2 * HOUR, maxBlockDuration = 36 * HOUR): number[] {
  return exponentialBlockRanges(minBlockDuration, 10, 3).filter((r, i) => i === 0 || r <= maxBlockDuration);
}

/** Sorted union of sorted string iterables (UTF-8 byte order). */
export function mergeSymbols(lists: Iterable<string>[]): string[] {
  const set = new Set<string>();
  for (const l of lists) for (const s of l) set.add(s);
  return [...set].sort(compareUtf8);
}

export interface CompactSource extends BlockReaderLike {
  /** Present for persisted blocks; absent for the head. */
  readonly meta?: BlockMeta;
}

export interface CompactOptions {
  /** Time range of the new block: [minTime, maxTime). Defaults to the union of the sources. */
  minTime?: number;
  maxTime?: number;
  /** Compaction metadata; derived from the sources' metas when omitted. */
  compaction?: BlockMetaCompaction;
  thanos?: Record<string, unknown>;
  progress?: Progress;
  /** Skip writing when the result has no series (as Prometheus does); default true. */
  skipEmpty?: boolean;
}

/** Compaction metadata of a block made from `metas`: level+1, union of sources, parents. */
export function mergedCompactionMeta(metas: readonly BlockMeta[]): BlockMetaCompaction {
  const sources = new Set<string>();
  let level = 0;
  for (const m of metas) {
    level = Math.max(level, m.compaction.level);
    for (const s of m.compaction.sources ?? [m.ulid]) sources.add(s);
  }
  return {
    level: level + 1,
    sources: [...sources].sort(),
    parents: metas.map((m) => ({ ulid: m.ulid, minTime: m.minTime, maxTime: m.maxTime })),
  };
}

/**
 * Writes one block in `parentDir` holding every series of `sources` within
 * [minTime, maxTime). Returns its meta, or undefined when nothing was left.
 */
export function compactBlocks(parentDir: string, sources: readonly CompactSource[], opts: CompactOptions = {}): BlockMeta | undefined {
  if (sources.length === 0) throw new Error('compact: no source blocks');
  const minTime = opts.minTime ?? Math.min(...sources.map((s) => s.minTime));
  const maxTime = opts.maxTime ?? Math.max(...sources.map((s) => s.maxTime));
  const compaction =
    opts.compaction ??
    (sources.every((s) => s.meta) ? mergedCompactionMeta(sources.map((s) => s.meta!)) : undefined);

  const writer = new BlockWriter(parentDir, { minTime, maxTime });
  try {
    writer.addSymbols(mergeSymbols(sources.map((s) => s.symbols())));
    const buf = new SampleBuffer();
    // Block ranges are half-open; the index stores inclusive chunk bounds.
    const last = maxTime - 1;
    const streams = sources.map((s) => s.select([], minTime, last));
    for (const series of mergeChunkSeries(streams)) {
      const chunks = normaliseChunks(series, minTime, last, buf);
      if (chunks.length > 0) writer.addSeries(series.labels, chunks);
      opts.progress?.add(1);
    }
    if (writer.numSeries === 0 && opts.skipEmpty !== false) {
      writer.abort();
      return undefined;
    }
    const meta = writer.finish(compaction ?? { level: 1, sources: [writer.ulid] }, opts.thanos);
    return meta;
  } catch (e) {
    writer.abort();
    throw e;
  }
}

/**
 * Chunks ready to write: tombstones applied, overlaps merged, and samples
 * outside [mint, maxt] cut off. Untouched chunks are copied byte for byte.
 */
function normaliseChunks(series: ChunkSeries, mint: number, maxt: number, buf: SampleBuffer): ChunkData[] {
  const s = applyTombstones(series);
  const inside = s.chunks.every((c) => c.minTime >= mint && c.maxTime <= maxt);
  if (inside && !chunksOverlap(s.chunks)) return s.chunks;
  decodeSeries({ labels: s.labels, chunks: s.chunks }, mint, maxt, buf);
  return buf.length > 0 ? encodeChunks(buf.ts, buf.vs, buf.length) : [];
}

// ---------------------------------------------------------------------------
// Leveled planner, as Prometheus's LeveledCompactor.Plan.

export interface PlanBlock {
  dir: string;
  meta: BlockMeta;
}

/**
 * Chooses the next set of block dirs to compact, or [] when none:
 * overlapping blocks first, then aligned windows of the larger ranges
 * (never including the newest block), then blocks with >5% tombstones.
 */
export function planCompaction(blocks: readonly PlanBlock[], ranges: readonly number[]): string[] {
  const dms = [...blocks].sort((a, b) => a.meta.minTime - b.meta.minTime);
  const overlapping = selectOverlapping(dms);
  if (overlapping.length > 0) return overlapping;
  if (dms.length === 0) return [];
  // The newest block stays out so there is always one block-range window for backups.
  const older = dms.slice(0, -1);
  const sel = selectDirs(older, ranges);
  if (sel.length > 0) return sel.map((d) => d.dir);

  for (let i = older.length - 1; i >= 0; i--) {
    const m = older[i]!.meta;
    const numT = m.stats.numTombstones ?? 0;
    const numS = m.stats.numSeries ?? 0;
    if (m.maxTime - m.minTime < ranges[Math.floor(ranges.length / 2)]!) {
      if (numT > 0 && numT >= numS) return [older[i]!.dir];
      break;
    }
    if (numT / (numS + 1) > 0.05) return [older[i]!.dir];
  }
  return [];
}

function selectOverlapping(ds: readonly PlanBlock[]): string[] {
  if (ds.length < 2) return [];
  const out: string[] = [];
  let globalMaxt = ds[0]!.meta.maxTime;
  for (let i = 1; i < ds.length; i++) {
    const d = ds[i]!;
    if (d.meta.minTime < globalMaxt) {
      if (out.length === 0) out.push(ds[i - 1]!.dir);
      out.push(d.dir);
    } else if (out.length > 0) {
      break;
    }
    if (d.meta.maxTime > globalMaxt) globalMaxt = d.meta.maxTime;
  }
  return out;
}

function selectDirs(ds: readonly PlanBlock[], ranges: readonly number[]): PlanBlock[] {
  if (ranges.length < 2 || ds.length < 1) return [];
  const highTime = ds[ds.length - 1]!.meta.minTime;
  for (const iv of ranges.slice(1)) {
    for (const p of splitByRange(ds, iv)) {
      if (p.some((d) => d.meta.compaction.failed)) continue;
      const mint = p[0]!.meta.minTime;
      const maxt = p[p.length - 1]!.meta.maxTime;
      // Whole window covered (maybe with gaps), or entirely older than the newest block.
      if ((maxt - mint === iv || maxt <= highTime) && p.length > 1) return p;
    }
  }
  return [];
}

/** Groups time-sorted blocks into aligned windows of size tr; blocks larger than a window are skipped. */
export function splitByRange<T extends { meta: { minTime: number; maxTime: number } }>(ds: readonly T[], tr: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ds.length; ) {
    const m = ds[i]!.meta;
    const t0 = tr * Math.floor(m.minTime / tr);
    if (m.maxTime > t0 + tr) {
      i++;
      continue;
    }
    const group: T[] = [];
    for (; i < ds.length; i++) {
      if (ds[i]!.meta.maxTime > t0 + tr) break;
      group.push(ds[i]!);
    }
    if (group.length > 0) out.push(group);
  }
  return out;
}
