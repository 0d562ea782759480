// The block chunk segment format (Prometheus tsdb/chunks/chunks.go,
// tsdb/docs/format/chunks.md): files chunks/000001…, each starting with
// magic 0x85BD40DD (BE u32), version 1 and 3 zero bytes; then chunks of
//   uvarint data length | encoding byte | data | CRC32C (BE) of encoding+data.
// A chunk ref is segmentIndex·2^32 + byteOffset, segmentIndex being the
// 0-based position of the file in name order (000001 is index 0).

export const MAGIC_CHUNKS = 0x85bd40dd;
export const CHUNKS_FORMAT_V1 = 1;
export const SEGMENT_HEADER_SIZE = 8;
/** Prometheus's DefaultChunkSegmentSize: 512 MiB. */
export const DEFAULT_CHUNK_SEGMENT_SIZE = 512 * 1024 * 1024;
/** The writer budgets this many bytes for the length field when filling segments (MaxVarintLen32). */
export const MAX_CHUNK_LENGTH_FIELD_SIZE = 5;
export const CHUNK_ENCODING_SIZE = 1;
export const CHUNK_CRC_SIZE = 4;

const TWO32 = 0x1_0000_0000;

/** Ref of the chunk at `offset` in the segment with 0-based index `segmentIndex`. */
export function chunkRef(segmentIndex: number, offset: number): number {
  return segmentIndex * TWO32 + offset;
}

/** 0-based segment index of a chunk ref. */
export function chunkRefSegment(ref: number): number {
  return Math.floor(ref / TWO32);
}

/** Byte offset inside its segment of a chunk ref. */
export function chunkRefOffset(ref: number): number {
  return ref - Math.floor(ref / TWO32) * TWO32;
}

/** Segment file name for a 1-based sequence number: 1 → "000001". */
export function segmentFileName(seq: number): string {
  return String(seq).padStart(6, '0');
}

/** Go's strconv.ParseUint accepts the name: segment files are the all-digit names. */
export function isSegmentFileName(name: string): boolean {
  return /^[0-9]+$/.test(name) && name.length <= 20;
}
