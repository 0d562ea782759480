// Public face of the chunk encodings: bit streams, the XOR float chunk, the
// encoding byte values and the head's chunk-cutting helper.
export { BitReader, BitWriter } from './bstream.js';
export {
  Encoding,
  encodingName,
  computeChunkEndTime,
  DEFAULT_SAMPLES_PER_CHUNK,
  MAX_BYTES_PER_XOR_CHUNK,
  MAX_BYTES_PER_XOR_CHUNK_BEFORE_APPEND,
} from './chunk.js';
export { XORChunk, XORAppender, XORIterator, decodeXOR, chunkFromData } from './xor.js';
export {
  STALE_NAN_BITS_HI,
  STALE_NAN_BITS_LO,
  staleNaN,
  isStaleNaN,
  floatBitsHi,
  floatBitsLo,
  floatFromBits,
} from './value.js';
