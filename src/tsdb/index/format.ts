// Constants and shapes of the Prometheus index file (tsdb/index, format v2;
// v1 is read too). All fixed-width integers are big-endian, every CRC is
// CRC32-Castagnoli.
import type { Label } from '../../model/labels.js';

export const MAGIC_INDEX = 0xbaaad700;
export const HEADER_LEN = 5;
export const FORMAT_V1 = 1;
export const FORMAT_V2 = 2;
export const FORMAT_V3 = 3;
/** Six u64 section offsets plus a CRC. */
export const TOC_LEN = 6 * 8 + 4;
/** Series entries start on 16-byte boundaries; a v2 series ref is offset/16. */
export const SERIES_ALIGN = 16;
/** Postings lists start on 4-byte boundaries. */
export const POSTINGS_ALIGN = 4;
/** With u32 refs and 16-byte alignment an index cannot exceed 64 GiB. */
export const MAX_INDEX_SIZE = 16 * 0xffff_ffff;

/**
 * Where a series' chunk lives and which times it covers (both inclusive).
 * Structurally a subset of the chunks folder's ChunkMeta, so either can be
 * passed to IndexWriter.addSeries.
 */
export interface ChunkMeta {
  ref: number;
  minTime: number;
  maxTime: number;
}

/** A decoded series entry. */
export interface SeriesEntry {
  labels: Label[];
  chunks: ChunkMeta[];
}

export interface TOC {
  symbols: number;
  series: number;
  labelIndices: number;
  labelOffsetTable: number;
  postings: number;
  postingsTable: number;
}
