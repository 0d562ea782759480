// meta.json of a block, written the way Go's json.MarshalIndent(meta, "", "\t")
// writes it (tab indent, fixed field order, omitempty fields left out, no
// trailing newline), plus the optional Thanos section kept verbatim.
import { readFileSync, writeFileSync } from 'node:fs';
import { fsyncPath } from '../util/fsutil.js';
import { join } from 'node:path';

export const META_FILENAME = 'meta.json';
export const META_VERSION = 1;

export interface BlockStats {
  numSamples?: number;
  numFloatSamples?: number;
  numHistogramSamples?: number;
  numSeries?: number;
  numChunks?: number;
  numTombstones?: number;
}

export interface BlockDesc {
  ulid: string;
  minTime: number;
  maxTime: number;
}

export interface BlockMetaCompaction {
  level: number;
  sources?: string[];
  deletable?: boolean;
  parents?: BlockDesc[];
  failed?: boolean;
  hints?: string[];
}

export interface BlockMeta {
  ulid: string;
  /** Inclusive lower bound, ms. */
  minTime: number;
  /** Exclusive upper bound, ms: the block covers [minTime, maxTime). */
  maxTime: number;
  stats: BlockStats;
  compaction: BlockMetaCompaction;
  version: number;
  /** Thanos metadata (labels, downsample, source, …), preserved as read. */
  thanos?: Record<string, unknown>;
}

const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isULID(s: string): boolean {
  return ULID_RE.test(s);
}

function ordered(meta: BlockMeta): Record<string, unknown> {
  const s = meta.stats;
  const stats: Record<string, number> = {};
  for (const k of ['numSamples', 'numFloatSamples', 'numHistogramSamples', 'numSeries', 'numChunks', 'numTombstones'] as const) {
    if (s[k]) stats[k] = s[k]!;
  }
  const c = meta.compaction;
  const compaction: Record<string, unknown> = { level: c.level };
  if (c.sources?.length) compaction.sources = c.sources;
  if (c.deletable) compaction.deletable = true;
  if (c.parents?.length) compaction.parents = c.parents.map((p) => ({ ulid: p.ulid, minTime: p.minTime, maxTime: p.maxTime }));
  if (c.failed) compaction.failed = true;
  if (c.hints?.length) compaction.hints = c.hints;
  const out: Record<string, unknown> = {
    ulid: meta.ulid,
    minTime: meta.minTime,
    maxTime: meta.maxTime,
    stats,
    compaction,
    version: meta.version,
  };
  if (meta.thanos) out.thanos = meta.thanos;
  return out;
}

export function encodeMeta(meta: BlockMeta): string {
  return JSON.stringify(ordered(meta), null, '\t');
}

/** Writes meta.json and fsyncs it. */
export function writeMeta(dir: string, meta: BlockMeta): void {
  const path = join(dir, META_FILENAME);
  writeFileSync(path, encodeMeta(meta));
  fsyncPath(path);
}

/** Reads and validates meta.json; errors name the file. */
export function readMeta(dir: string): BlockMeta {
  const path = join(dir, META_FILENAME);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  return validateMeta(raw, path);
}

export function validateMeta(raw: unknown, source: string): BlockMeta {
  const fail = (why: string): never => {
    throw new Error(`${source}: invalid block meta: ${why}`);
  };
  if (typeof raw !== 'object' || raw === null) fail('not a JSON object');
  const m = raw as Record<string, unknown>;
  if (typeof m.ulid !== 'string' || !isULID(m.ulid)) fail(`bad ulid ${JSON.stringify(m.ulid)}`);
  if (!Number.isInteger(m.minTime) || !Number.isInteger(m.maxTime)) fail('minTime/maxTime must be integers');
  if ((m.minTime as number) > (m.maxTime as number)) fail('minTime after maxTime');
  if (m.version !== META_VERSION) fail(`unsupported meta version ${JSON.stringify(m.version)}`);
  const comp = (m.compaction ?? { level: 1 }) as BlockMetaCompaction;
  if (typeof comp !== 'object' || !Number.isInteger(comp.level)) fail('compaction.level must be an integer');
  return {
    ulid: m.ulid as string,
    minTime: m.minTime as number,
    maxTime: m.maxTime as number,
    stats: (m.stats ?? {}) as BlockStats,
    compaction: comp,
    version: META_VERSION,
    ...(m.thanos !== undefined ? { thanos: m.thanos as Record<string, unknown> } : {}),
  };
}
