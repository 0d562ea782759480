// WAL checkpoints, as Prometheus's wlog.Checkpoint: the live part of segments
// [from, to] (plus the previous checkpoint) is rewritten into
// `checkpoint.%08d` (to), a directory in WAL segment format, built in a
// `.tmp` directory and renamed into place. Replay reads the last checkpoint,
// then the segments after it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Encbuf } from '../encoding.js';
import { silentLogger, type Logger } from '../../util/log.js';
import { WALReader } from './reader.js';
import { syncDir } from '../../util/fsutil.js';
import {
  RecordType, SampleBatch, decodeExemplars, decodeMetadata, decodeSamples, decodeSeries, decodeTombstones,
  encodeExemplars, encodeHistogramSpans, encodeMetadata, encodeSamples, encodeSamplesV2, encodeSeries,
  encodeTombstones, histogramSpans, isHistogramRecordType, recordType,
  type RefExemplar, type RefMetadata, type RefSeries, type Tombstone,
} from './record.js';
import { WAL, WALCorruptionError, formatSegmentIndex } from './wal.js';

const CHECKPOINT_PREFIX = 'checkpoint.';
const TMP_SUFFIX = '.tmp';

export interface CheckpointStats {
  droppedSeries: number;
  droppedSamples: number;
  droppedTombstones: number;
  droppedExemplars: number;
  droppedMetadata: number;
  totalSeries: number;
  totalSamples: number;
  totalTombstones: number;
  totalExemplars: number;
  totalMetadata: number;
}

export interface CheckpointRef {
  /** Directory name, e.g. checkpoint.00000012. */
  name: string;
  /** Last WAL segment it covers. */
  index: number;
  /** Full path. */
  dir: string;
}

/** Path of the checkpoint covering segments up to i. */
export function checkpointDir(walDir: string, i: number): string {
  return join(walDir, CHECKPOINT_PREFIX + formatSegmentIndex(i));
}

/** Checkpoints in walDir, oldest first. */
export function listCheckpoints(walDir: string): CheckpointRef[] {
  const refs: CheckpointRef[] = [];
  for (const name of readdirSync(walDir)) {
    const m = /^checkpoint\.(\d+)$/.exec(name);
    if (!m) continue; // includes checkpoint.N.tmp
    const dir = join(walDir, name);
    if (!statSync(dir).isDirectory()) throw new Error(`wal ${walDir}: checkpoint ${name} is not a directory`);
    refs.push({ name, index: Number(m[1]), dir });
  }
  return refs.sort((a, b) => a.index - b.index);
}

/** The most recent checkpoint, or null. */
export function lastCheckpoint(walDir: string): CheckpointRef | null {
  const refs = listCheckpoints(walDir);
  return refs.length > 0 ? refs[refs.length - 1]! : null;
}

/** Deletes the checkpoints with index < maxIndex. */
export function deleteCheckpoints(walDir: string, maxIndex: number): void {
  for (const cp of listCheckpoints(walDir)) {
    if (cp.index >= maxIndex) break;
    rmSync(cp.dir, { recursive: true, force: true });
  }
}

/** Removes half-written checkpoint.N.tmp directories left by a crash. */
export function deleteTempCheckpoints(walDir: string): void {
  for (const name of readdirSync(walDir)) {
    if (name.startsWith(CHECKPOINT_PREFIX) && name.endsWith(TMP_SUFFIX)) {
      rmSync(join(walDir, name), { recursive: true, force: true });
    }
  }
}

export interface CheckpointOptions {
  /** Snappy-compress the checkpoint's records. Default true. */
  compress?: boolean;
  logger?: Logger;
}

/**
 * Writes checkpoint.%08d(to) from the last checkpoint and segments
 * [from, to]: series records of kept series, samples (float and histogram)
 * and exemplars of kept series with t ≥ mint, tombstones of kept series that
 * reach mint, and the latest metadata of kept series. Other record types
 * (mmap markers, unknown) are dropped. Older checkpoints are deleted after
 * the new one is in place; the caller deletes the segments.
 *
 * A corruption in the input is an error here, never repaired: the head
 * would not know which series records were lost.
 */
export function checkpoint(
  walDir: string, from: number, to: number, keep: (seriesRef: number) => boolean, mint: number,
  opts: CheckpointOptions = {},
): { dir: string; stats: CheckpointStats } {
  const logger = opts.logger ?? silentLogger;
  const stats: CheckpointStats = {
    droppedSeries: 0, droppedSamples: 0, droppedTombstones: 0, droppedExemplars: 0, droppedMetadata: 0,
    totalSeries: 0, totalSamples: 0, totalTombstones: 0, totalExemplars: 0, totalMetadata: 0,
  };
  logger.info({ from, to, mint }, 'Creating checkpoint');

  const prev = lastCheckpoint(walDir);
  const sources: WALReader[] = [];
  if (prev) {
    if (from > prev.index + 1) {
      throw new Error(`checkpoint ${walDir}: unexpected gap to last checkpoint, expected segment ${prev.index + 1}, requested ${from}`);
    }
    // Segments below the checkpoint should not exist; they are covered by it.
    from = prev.index + 1;
    sources.push(new WALReader(prev.dir));
  }
  sources.push(new WALReader(walDir, { from, to }));

  deleteTempCheckpoints(walDir);
  const cpdir = checkpointDir(walDir, to);
  const tmp = cpdir + TMP_SUFFIX;
  mkdirSync(tmp, { recursive: true });
  let cp: WAL | null = WAL.open(tmp, { compress: opts.compress ?? true, logger });
  try {
    const enc = new Encbuf(64 * 1024);
    const batch = new SampleBatch();
    const series: RefSeries[] = [];
    const stones: Tombstone[] = [];
    const exemplars: RefExemplar[] = [];
    const metadata: RefMetadata[] = [];
    const latestMetadata = new Map<number, RefMetadata>();
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const emit = (rec: Uint8Array) => {
      // enc is reused per record, so keep a copy until the batch is logged.
      pending.push(rec.slice());
      pendingBytes += rec.length;
      if (pendingBytes > 1024 * 1024) {
        cp!.log(...pending);
        pending = [];
        pendingBytes = 0;
      }
    };

    for (const r of sources) {
      for (let rec = readOrThrow(r); rec !== null; rec = readOrThrow(r)) {
        const typ = recordType(rec);
        switch (typ) {
          case RecordType.Series: {
            series.length = 0;
            decodeSeries(rec, series);
            const kept = series.filter((s) => keep(s.ref));
            stats.totalSeries += series.length;
            stats.droppedSeries += series.length - kept.length;
            if (kept.length > 0) emit(encodeSeries(kept, enc));
            break;
          }
          case RecordType.Samples:
          case RecordType.SamplesV2: {
            const n = decodeSamples(rec, batch);
            const kept = batch.filter((i) => batch.ts[i]! >= mint && keep(batch.refs[i]!));
            stats.totalSamples += n;
            stats.droppedSamples += n - kept;
            if (kept > 0) {
              emit(
                typ === RecordType.Samples
                  ? encodeSamples(batch.refs, batch.ts, batch.vs, kept, enc)
                  : encodeSamplesV2(batch.refs, batch.ts, batch.vs, batch.sts, kept, enc),
              );
            }
            break;
          }
          case RecordType.Tombstones: {
            stones.length = 0;
            decodeTombstones(rec, stones);
            // A tombstone goes with its series, or once its interval is older than mint.
            const kept = stones.filter((s) => keep(s.ref) && s.maxt >= mint);
            stats.totalTombstones += stones.length;
            stats.droppedTombstones += stones.length - kept.length;
            if (kept.length > 0) emit(encodeTombstones(kept, enc));
            break;
          }
          case RecordType.Exemplars: {
            exemplars.length = 0;
            decodeExemplars(rec, exemplars);
            const kept = exemplars.filter((e) => e.t >= mint && keep(e.ref));
            stats.totalExemplars += exemplars.length;
            stats.droppedExemplars += exemplars.length - kept.length;
            if (kept.length > 0) emit(encodeExemplars(kept, enc));
            break;
          }
          case RecordType.Metadata: {
            metadata.length = 0;
            decodeMetadata(rec, metadata);
            let kept = 0;
            for (const m of metadata) {
              if (!keep(m.ref)) continue;
              if (!latestMetadata.has(m.ref)) kept++;
              latestMetadata.set(m.ref, m);
            }
            stats.totalMetadata += metadata.length;
            stats.droppedMetadata += metadata.length - kept;
            break;
          }
          default:
            if (isHistogramRecordType(typ)) {
              const spans = histogramSpans(rec);
              const kept = spans.filter((s) => s.t >= mint && keep(s.ref));
              stats.totalSamples += spans.length;
              stats.droppedSamples += spans.length - kept.length;
              if (kept.length > 0) emit(encodeHistogramSpans(rec, kept, enc));
            }
            // Mmap markers and unknown types (a newer writer's) are dropped, as Prometheus does.
            break;
        }
      }
    }
    if (pending.length > 0) cp.log(...pending);
    if (latestMetadata.size > 0) cp.log(encodeMetadata([...latestMetadata.values()], enc));
    cp.close();
    cp = null;
    syncDir(tmp);
    // Replace a checkpoint of the same index left by an earlier run.
    if (existsSync(cpdir)) rmSync(cpdir, { recursive: true, force: true });
    renameSync(tmp, cpdir);
    syncDir(walDir);
  } finally {
    if (cp) cp.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  deleteCheckpoints(walDir, to);
  logger.info({ dir: cpdir, ...stats }, 'Checkpoint created');
  return { dir: cpdir, stats };
}

function readOrThrow(r: WALReader): Uint8Array | null {
  try {
    return r.next();
  } catch (e) {
    if (e instanceof WALCorruptionError) {
      // Not a WALCorruptionError on purpose: callers must not "repair" the WAL for it.
      throw new Error(`checkpoint: read segments: ${e.message}`, { cause: e });
    }
    throw e;
  }
}
