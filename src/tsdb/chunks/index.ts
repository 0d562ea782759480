// Public face of the block chunk files (chunks/000001…): writer, reader, refs.
export { ChunkWriter, type ChunkMeta } from './writer.js';
export { ChunkReader, type RawChunk } from './reader.js';
export {
  MAGIC_CHUNKS,
  CHUNKS_FORMAT_V1,
  SEGMENT_HEADER_SIZE,
  DEFAULT_CHUNK_SEGMENT_SIZE,
  chunkRef,
  chunkRefSegment,
  chunkRefOffset,
  segmentFileName,
} from './format.js';
