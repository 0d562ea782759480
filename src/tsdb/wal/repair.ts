// WAL repair after a corruption, as Prometheus's WL.Repair: every segment after
// the corrupted one is deleted, and the corrupted one is rewritten with the
// records before the corruption. The good prefix of the file is copied byte
// for byte (it parsed cleanly), then zero-padded to the page end; the copy is
// written beside the segment, fsynced and renamed over it, so a crash during
// repair leaves either the old or the new file.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { silentLogger, type Logger } from '../../util/log.js';
import { syncDir } from '../../util/fsutil.js';
import { SegmentParser, readSegmentFile } from './reader.js';
import { PAGE_SIZE, WALCorruptionError, listSegments, segmentName } from './wal.js';

export interface RepairResult {
  /** Records kept in the corrupted segment. */
  keptRecords: number;
  /** Bytes of the corrupted segment kept (before padding). */
  keptBytes: number;
  /** Segments deleted after the corrupted one. */
  deletedSegments: number[];
}

export function repair(dir: string, err: WALCorruptionError, opts: { logger?: Logger } = {}): RepairResult {
  const logger = opts.logger ?? silentLogger;
  if (!(err instanceof WALCorruptionError)) throw new Error(`cannot repair WAL ${dir}: not a WAL corruption error: ${String(err)}`);
  // A corruption in a checkpoint must not cut the WAL it sits in.
  if (resolve(err.dir) !== resolve(dir)) {
    throw new Error(`cannot repair WAL ${dir}: the corruption is in ${err.dir} (${err.message})`);
  }
  if (err.segment < 0) throw new Error(`cannot repair WAL ${dir}: corruption error does not name a segment`);
  const fn = segmentName(dir, err.segment);
  if (!existsSync(fn)) throw new Error(`cannot repair WAL ${dir}: segment ${fn} does not exist`);
  logger.warn({ segment: err.segment, offset: err.offset, err: err.message }, 'Starting WAL corruption repair');

  // No record reaches into another segment, so later segments are simply dropped.
  const deletedSegments: number[] = [];
  for (const s of listSegments(dir)) {
    if (s.index <= err.segment) continue;
    unlinkSync(join(dir, s.name));
    deletedSegments.push(s.index);
  }

  // Find the end of the last complete record before the corruption.
  const buf = readSegmentFile(dir, err.segment);
  const parser = new SegmentParser(buf, dir, err.segment);
  let goodEnd = 0;
  let kept = 0;
  try {
    for (;;) {
      const rec = parser.next();
      if (rec === null || parser.off > err.offset) break;
      goodEnd = parser.off;
      kept++;
    }
  } catch (e) {
    if (!(e instanceof WALCorruptionError)) throw e;
  }

  const tmp = fn + '.repair';
  const padded = goodEnd === 0 ? 0 : Math.ceil(goodEnd / PAGE_SIZE) * PAGE_SIZE;
  const out = new Uint8Array(padded);
  out.set(buf.subarray(0, goodEnd));
  const fd = openSync(tmp, 'w', 0o666);
  try {
    for (let w = 0; w < out.length; ) w += writeSync(fd, out, w, out.length - w);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, fn);
  syncDir(dir);
  logger.warn({ segment: err.segment, keptRecords: kept, keptBytes: goodEnd, deletedSegments }, 'WAL repaired');
  return { keptRecords: kept, keptBytes: goodEnd, deletedSegments };
}

