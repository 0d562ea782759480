// Write-ahead log segments, as Prometheus's tsdb/wlog.WL writes them.
//
// A WAL is a directory of segment files named %08d. Each segment is a run of
// 32 KiB pages; records are split into fragments that never cross a page, and
// a record never crosses a segment (so whole segments can be deleted safely).
// Fragment header (7 bytes): type byte, u16 BE data length, u32 BE CRC32C of
// the data. Type byte: low 3 bits pad/full/first/middle/last, 0x08 snappy,
// 0x10 zstd.
//
// Durability matches Prometheus: every log() call ends with a write() of the
// partially filled page (no fsync), so a killed process loses nothing log()
// returned for; segments are fsynced when rotated or closed.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, fstatSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import snappy from 'snappyjs';
import { crc32c } from '../../util/crc32c.js';
import { silentLogger, type Logger } from '../../util/log.js';

export const PAGE_SIZE = 32 * 1024;
export const DEFAULT_SEGMENT_SIZE = 128 * 1024 * 1024;
export const RECORD_HEADER_SIZE = 7;

/** Fragment types (low 3 bits of the header's type byte). */
export const FragmentType = { PageTerm: 0, Full: 1, First: 2, Middle: 3, Last: 4 } as const;
export const SNAPPY_FLAG = 0x08;
export const ZSTD_FLAG = 0x10;
export const FRAGMENT_TYPE_MASK = 0x07;

/** Path of segment i in dir. */
export function segmentName(dir: string, i: number): string {
  return join(dir, formatSegmentIndex(i));
}

export function formatSegmentIndex(i: number): string {
  return String(i).padStart(8, '0');
}

/** Segments in dir (names that are all digits), sorted; throws if the sequence has a gap, as Prometheus does. */
export function listSegments(dir: string): { index: number; name: string }[] {
  const refs: { index: number; name: string }[] = [];
  for (const name of readdirSync(dir)) {
    if (!/^\d+$/.test(name)) continue;
    refs.push({ index: Number(name), name });
  }
  refs.sort((a, b) => a.index - b.index);
  for (let i = 1; i < refs.length; i++) {
    if (refs[i - 1]!.index + 1 !== refs[i]!.index) {
      throw new Error(`wal ${dir}: segments are not sequential (${refs[i - 1]!.name} is followed by ${refs[i]!.name})`);
    }
  }
  return refs;
}

/** First and last segment index in dir, or −1/−1 when there is none. */
export function segmentRange(dir: string): { first: number; last: number } {
  const refs = listSegments(dir);
  if (refs.length === 0) return { first: -1, last: -1 };
  return { first: refs[0]!.index, last: refs[refs.length - 1]!.index };
}

/**
 * Bytes in a WAL segment that do not decode. `offset` is where the bad
 * fragment (or the torn record) starts in the segment file; repair() keeps
 * every record that ends at or before it.
 */
export class WALCorruptionError extends Error {
  readonly dir: string;
  readonly segment: number;
  readonly offset: number;
  readonly file: string;
  /** The bare reason, without the segment/offset decoration. */
  readonly reason: string;

  constructor(dir: string, segment: number, offset: number, reason: string) {
    super(`wal segment ${formatSegmentIndex(segment)}: ${reason} at offset ${offset}`);
    this.name = 'WALCorruptionError';
    this.dir = dir;
    this.segment = segment;
    this.offset = offset;
    this.file = segmentName(dir, segment);
    this.reason = reason;
  }
}

/**
 * A well-formed fragment this reader cannot decode (zstd compression). Not a
 * corruption: repairing would throw good data away.
 */
export class WALUnsupportedError extends Error {
  constructor(
    readonly dir: string,
    readonly segment: number,
    readonly offset: number,
    reason: string,
  ) {
    super(`wal segment ${formatSegmentIndex(segment)}: ${reason} at offset ${offset}`);
    this.name = 'WALUnsupportedError';
  }
}

export interface WALOptions {
  /** Bytes per segment file; a multiple of 32 KiB. Default 128 MiB. */
  segmentSize?: number;
  /** Snappy-compress records (when it makes them smaller). Default true, as Prometheus. */
  compress?: boolean;
  logger?: Logger;
}

/** Appends records to the segment files of one WAL directory. Not safe for concurrent writers. */
export class WAL {
  readonly dir: string;
  readonly segmentSize: number;
  readonly compress: boolean;
  private readonly logger: Logger;
  private fd = -1;
  private segIndex = -1;
  /** Complete pages already in the active segment. */
  private donePages = 0;
  private readonly page = new Uint8Array(PAGE_SIZE);
  /** Bytes of the page in use, and how many of them are already written to the file. */
  private alloc = 0;
  private flushed = 0;
  private closed = false;

  private constructor(dir: string, opts: WALOptions) {
    this.dir = dir;
    this.segmentSize = opts.segmentSize ?? DEFAULT_SEGMENT_SIZE;
    this.compress = opts.compress ?? true;
    this.logger = opts.logger ?? silentLogger;
    if (!Number.isInteger(this.segmentSize) || this.segmentSize <= 0 || this.segmentSize % PAGE_SIZE !== 0) {
      throw new Error(`invalid WAL segment size ${this.segmentSize}: must be a positive multiple of ${PAGE_SIZE}`);
    }
  }

  /**
   * Opens dir for appending (creating it if needed). As Prometheus, writing
   * always starts in a new segment after the last existing one; existing
   * segments are never appended to.
   */
  static open(dir: string, opts: WALOptions = {}): WAL {
    const w = new WAL(dir, opts);
    mkdirSync(dir, { recursive: true });
    const { last } = segmentRange(dir);
    w.setSegment(last === -1 ? 0 : last + 1);
    return w;
  }

  /** Index of the segment being written. */
  get currentSegment(): number {
    return this.segIndex;
  }

  /**
   * Logs the records in order. When it returns, their bytes have been
   * handed to the kernel (write, not fsync).
   */
  log(...records: Uint8Array[]): void {
    if (this.closed) throw new Error(`wal ${this.dir}: log on a closed WAL`);
    for (let i = 0; i < records.length; i++) this.logOne(records[i]!, i === records.length - 1);
  }

  private logOne(rec: Uint8Array, final: boolean): void {
    if (this.pageFull()) this.flushPage(true);

    let enc = rec;
    let flag = 0;
    if (this.compress && rec.length > 0) {
      const c = snappy.compress(rec);
      // Like Prometheus: keep the raw bytes when snappy does not help.
      if (c.length < rec.length) {
        enc = c;
        flag = SNAPPY_FLAG;
      }
    }

    // Records never span segments: start a new one if this does not fit.
    const pagesPerSegment = this.segmentSize / PAGE_SIZE;
    const left =
      PAGE_SIZE - this.alloc - RECORD_HEADER_SIZE +
      (PAGE_SIZE - RECORD_HEADER_SIZE) * (pagesPerSegment - this.donePages - 1);
    // A record larger than a whole segment goes into a fresh one regardless
    // (an empty active segment is used rather than leaving it empty).
    if (enc.length > left && !(this.donePages === 0 && this.alloc === 0)) this.nextSegment();

    const page = this.page;
    let p = 0;
    // One pass even for an empty record: it is written as an empty full fragment.
    for (let i = 0; i === 0 || p < enc.length; i++) {
      const l = Math.min(enc.length - p, PAGE_SIZE - this.alloc - RECORD_HEADER_SIZE);
      const isLast = p + l === enc.length;
      const typ = i === 0 ? (isLast ? FragmentType.Full : FragmentType.First) : isLast ? FragmentType.Last : FragmentType.Middle;
      const at = this.alloc;
      const crc = crc32c(enc, p, p + l);
      page[at] = typ | flag;
      page[at + 1] = l >>> 8;
      page[at + 2] = l & 0xff;
      page[at + 3] = crc >>> 24;
      page[at + 4] = (crc >>> 16) & 0xff;
      page[at + 5] = (crc >>> 8) & 0xff;
      page[at + 6] = crc & 0xff;
      page.set(enc.subarray(p, p + l), at + RECORD_HEADER_SIZE);
      this.alloc += l + RECORD_HEADER_SIZE;
      if (this.pageFull()) this.flushPage(true);
      p += l;
    }
    if (final && this.alloc > 0) this.flushPage(false);
  }

  private pageFull(): boolean {
    return PAGE_SIZE - this.alloc < RECORD_HEADER_SIZE;
  }

  /** Writes the unwritten part of the page; with clear (or a full page) pads it to 32 KiB and starts a new one. */
  private flushPage(clear: boolean): void {
    const shouldClear = clear || this.pageFull();
    if (shouldClear) this.alloc = PAGE_SIZE; // the rest of the page is already zeros
    while (this.flushed < this.alloc) {
      this.flushed += writeSync(this.fd, this.page, this.flushed, this.alloc - this.flushed);
    }
    if (shouldClear) {
      this.page.fill(0);
      this.alloc = 0;
      this.flushed = 0;
      this.donePages++;
    }
  }

  private setSegment(index: number): void {
    // O_APPEND|O_CREAT, as Prometheus's CreateSegment.
    const fd = openSync(segmentName(this.dir, index), 'a', 0o666);
    this.fd = fd;
    this.segIndex = index;
    this.donePages = Math.floor(fstatSync(fd).size / PAGE_SIZE);
  }

  /** Pads and closes the active segment (fsync) and starts the next one; returns its index. */
  nextSegment(): number {
    if (this.closed) throw new Error(`wal ${this.dir}: nextSegment on a closed WAL`);
    if (this.alloc > 0) this.flushPage(true);
    const prev = this.fd;
    this.setSegment(this.segIndex + 1);
    try {
      fsyncSync(prev);
    } catch (e) {
      this.logger.error({ err: String(e) }, 'sync previous WAL segment');
    }
    closeSync(prev);
    return this.segIndex;
  }

  /** fsyncs the active segment. */
  sync(): void {
    if (!this.closed) fsyncSync(this.fd);
  }

  /** First and last segment in the directory (−1/−1 if none). */
  segments(): { first: number; last: number } {
    return segmentRange(this.dir);
  }

  /** Deletes segments with index < i (never the active one). */
  truncate(i: number): void {
    const limit = this.closed ? i : Math.min(i, this.segIndex);
    for (const s of listSegments(this.dir)) {
      if (s.index >= limit) break;
      unlinkSync(join(this.dir, s.name));
    }
  }

  /** Pads the last page, fsyncs and closes. Calling it again does nothing. */
  close(): void {
    if (this.closed) return;
    // An empty page is not padded: that would mark the segment done for nothing.
    if (this.alloc > 0) this.flushPage(true);
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.closed = true;
    }
  }
}
