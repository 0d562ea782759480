// Public face of the index layer: the Prometheus index file (v2 writer,
// v1/v2/v3 reader) and postings set operations.
export { IndexWriter } from './writer.js';
export { IndexReader } from './reader.js';
export {
  MAGIC_INDEX, FORMAT_V1, FORMAT_V2, FORMAT_V3, TOC_LEN, SERIES_ALIGN,
  type ChunkMeta, type SeriesEntry, type TOC,
} from './format.js';
export {
  EMPTY_POSTINGS, intersect, intersectAll, merge, without, postingsForMatchers, literalAlternatives,
  type Postings, type PostingsSource,
} from './postings.js';
