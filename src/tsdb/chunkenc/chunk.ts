// Chunk encodings (the byte stored before each chunk in a segment file) and
// the head's chunk-cutting constants, as in Prometheus tsdb/chunkenc/chunk.go
// and tsdb/head_append.go.

export const Encoding = {
  None: 0,
  XOR: 1,
  Histogram: 2,
  FloatHistogram: 3,
  XOR2: 4,
  HistogramST: 5,
  FloatHistogramST: 6,
} as const;
export type Encoding = (typeof Encoding)[keyof typeof Encoding];

const NAMES = ['none', 'XOR', 'histogram', 'floathistogram', 'XOR2', 'histogramST', 'floathistogramST'];

/** Go's Encoding.String(): "XOR", "histogram", …; "<unknown>" for anything else. */
export function encodingName(e: number): string {
  return Number.isInteger(e) && e >= 0 && e < NAMES.length ? NAMES[e]! : '<unknown>';
}

/** Samples per chunk the head aims for (DefaultSamplesPerChunk). */
export const DEFAULT_SAMPLES_PER_CHUNK = 120;
/** Hard size limit of an XOR chunk. */
export const MAX_BYTES_PER_XOR_CHUNK = 1024;
/** The head cuts before an append once the chunk is larger than this (room for one 19-byte sample). */
export const MAX_BYTES_PER_XOR_CHUNK_BEFORE_APPEND = MAX_BYTES_PER_XOR_CHUNK - 19;

/**
 * Prometheus's computeChunkEndTime: when the head chunk holds a quarter of its
 * target (ratioToFull = 4 for floats), predict the end time that splits the
 * rest of the chunk range [start, maxT) into equally full chunks, assuming
 * samples keep arriving at the rate seen over [start, cur]. Returns maxT when
 * fewer than two chunks would remain. Float arithmetic and truncation toward
 * zero mirror the Go code (int64(float64(start) + float64(maxT-start)/floor(n))).
 */
export function computeChunkEndTime(start: number, cur: number, maxT: number, ratioToFull: number): number {
  const n = (maxT - start) / ((cur - start + 1) * ratioToFull);
  if (n <= 1) return maxT;
  return Math.trunc(start + (maxT - start) / Math.floor(n));
}
