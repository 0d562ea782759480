// Public face of the write-ahead log: segment writer/reader, repair,
// record encodings (Prometheus tsdb/record) and checkpoints.
export {
  WAL, WALCorruptionError, WALUnsupportedError, listSegments, segmentRange, segmentName, formatSegmentIndex,
  PAGE_SIZE, DEFAULT_SEGMENT_SIZE, RECORD_HEADER_SIZE, FragmentType, SNAPPY_FLAG, ZSTD_FLAG,
  type WALOptions,
} from './wal.js';
export { WALReader, SegmentParser, readRecords, readSegmentFile, type ReadOptions } from './reader.js';
export { repair, type RepairResult } from './repair.js';
export {
  RecordType, recordType, recordTypeName, RecordDecodeError, SampleBatch,
  encodeSeries, decodeSeries, encodeSamples, encodeSamplesV2, decodeSamples, encodeTombstones, decodeTombstones,
  encodeExemplars, decodeExemplars, encodeMetadata, decodeMetadata, encodeMmapMarkers, decodeMmapMarkers,
  histogramSpans, encodeHistogramSpans, isHistogramRecordType,
  type RecordTypeValue, type RefSeries, type Tombstone, type RefExemplar, type RefMetadata, type RefMmapMarker,
  type HistogramSpan,
} from './record.js';
export {
  checkpoint, lastCheckpoint, listCheckpoints, deleteCheckpoints, deleteTempCheckpoints, checkpointDir,
  type CheckpointStats, type CheckpointRef, type CheckpointOptions,
} from './checkpoint.js';
