// Public face of tombstones: deleted intervals per series and the block's
// `tombstones` file.
export {
  MemTombstones, addInterval, isDeleted, encodeTombstones, decodeTombstones, writeTombstones, readTombstones,
  TOMBSTONES_FILENAME, MAGIC_TOMBSTONE, MIN_TIME, MAX_TIME, type Interval,
} from './tombstones.js';
