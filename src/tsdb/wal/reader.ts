// Reads records back out of WAL segments (Prometheus's wlog.Reader, with
// stricter framing checks). A segment is loaded whole (≤ 128 MiB by default);
// a short last page reads as if zero-padded, as Prometheus's segment reader
// does, so a clean end after a crash is just the end.
import { readFileSync } from 'node:fs';
import snappy from 'snappyjs';
import { crc32c } from '../../util/crc32c.js';
import {
  FRAGMENT_TYPE_MASK, FragmentType, PAGE_SIZE, RECORD_HEADER_SIZE, SNAPPY_FLAG, ZSTD_FLAG,
  WALCorruptionError, WALUnsupportedError, listSegments, segmentName,
} from './wal.js';

const FRAGMENT_NAMES = ['zero', 'full', 'first', 'middle', 'last'];

/**
 * Parses the records of one segment held in memory. next() returns the next
 * record (decompressed), or null at the end; it throws WALCorruptionError at
 * the first thing that does not decode. Records that fit one fragment are
 * views into buf; the others are fresh arrays. Either way they stay valid.
 */
export class SegmentParser {
  /** Offset of the next byte to parse. */
  off: number;
  /** Offset of the first fragment of the record last returned. */
  recordStart = -1;

  constructor(
    readonly buf: Uint8Array,
    readonly dir: string,
    readonly segment: number,
    start = 0,
  ) {
    this.off = start;
  }

  private corrupt(offset: number, reason: string): WALCorruptionError {
    return new WALCorruptionError(this.dir, this.segment, offset, reason);
  }

  next(): Uint8Array | null {
    const buf = this.buf;
    const size = buf.length;
    let parts: Uint8Array[] | null = null;
    let partsLen = 0;
    let recStart = -1;
    for (;;) {
      const off = this.off;
      if (off >= size) {
        // A record left open at the end of a segment was torn by a crash.
        if (parts) throw this.corrupt(recStart, 'last record is torn (no last fragment before the end of the segment)');
        return null;
      }
      const pageEnd = off - (off % PAGE_SIZE) + PAGE_SIZE;
      const hdr = buf[off]!;
      const typ = hdr & FRAGMENT_TYPE_MASK;

      if (typ === FragmentType.PageTerm) {
        // The rest of the page must be padding; a short file counts as padded.
        const end = Math.min(pageEnd, size);
        for (let i = off; i < end; i++) {
          if (buf[i] !== 0) throw this.corrupt(i, 'unexpected non-zero byte in padded page');
        }
        this.off = pageEnd;
        continue;
      }
      if (typ > FragmentType.Last) throw this.corrupt(off, `unknown fragment type ${typ}`);
      if (off + RECORD_HEADER_SIZE > pageEnd) throw this.corrupt(off, 'fragment header crosses a page boundary');
      if (off + RECORD_HEADER_SIZE > size) throw this.corrupt(off, 'torn fragment header at the end of the segment');
      const len = (buf[off + 1]! << 8) | buf[off + 2]!;
      const crc = ((buf[off + 3]! << 24) | (buf[off + 4]! << 16) | (buf[off + 5]! << 8) | buf[off + 6]!) >>> 0;
      const dataStart = off + RECORD_HEADER_SIZE;
      const dataEnd = dataStart + len;
      if (dataEnd > pageEnd) throw this.corrupt(off, `invalid fragment size ${len} (crosses a page boundary)`);
      if (dataEnd > size) throw this.corrupt(off, `torn fragment: ${len} bytes of data but the segment ends after ${size - dataStart}`);
      if (crc32c(buf, dataStart, dataEnd) !== crc) throw this.corrupt(off, 'invalid checksum');

      const inRecord = parts !== null;
      if ((typ === FragmentType.Full || typ === FragmentType.First) === inRecord) {
        // full/first inside an open record, or middle/last without one.
        throw this.corrupt(inRecord ? recStart : off, `unexpected ${FRAGMENT_NAMES[typ]} fragment`);
      }
      if (hdr & ZSTD_FLAG && !(hdr & SNAPPY_FLAG)) {
        throw new WALUnsupportedError(
          this.dir, this.segment, inRecord ? recStart : off,
          'record is zstd-compressed, which this reader does not support (run Prometheus with --storage.tsdb.wal-compression-type=snappy)',
        );
      }
      this.off = dataEnd;
      const data = buf.subarray(dataStart, dataEnd);

      if (typ === FragmentType.First) {
        parts = [data];
        partsLen = len;
        recStart = off;
        continue;
      }
      if (typ === FragmentType.Middle) {
        parts!.push(data);
        partsLen += len;
        continue;
      }
      let rec: Uint8Array;
      if (typ === FragmentType.Full) {
        recStart = off;
        rec = data;
      } else {
        parts!.push(data);
        partsLen += len;
        rec = new Uint8Array(partsLen);
        let p = 0;
        for (const part of parts!) {
          rec.set(part, p);
          p += part.length;
        }
      }
      this.recordStart = recStart;
      if (hdr & SNAPPY_FLAG) {
        try {
          return snappy.uncompress(rec);
        } catch (e) {
          throw this.corrupt(recStart, `snappy decoding failed (${(e as Error).message})`);
        }
      }
      // A view into the segment buffer is safe to keep: buffers are never reused.
      return rec;
    }
  }
}

/** Reads a segment file into memory as a plain Uint8Array. */
export function readSegmentFile(dir: string, index: number): Uint8Array {
  const b = readFileSync(segmentName(dir, index));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export interface ReadOptions {
  /** First segment to read (inclusive). Default: the first one. */
  from?: number;
  /** Last segment to read (inclusive). Default: the last one. */
  to?: number;
  /** Byte offset to start at in the first segment read. */
  startOffset?: number;
}

/**
 * Reads records across the segments of a WAL directory in order. The
 * segment list is taken when the reader is created.
 */
export class WALReader {
  readonly dir: string;
  private readonly segs: { index: number; name: string }[];
  private i = 0;
  private parser: SegmentParser | null = null;
  private readonly startOffset: number;
  /** Segment of the record last returned (−1 before the first). */
  segment = -1;
  /** Offset just after the record last returned, in its segment. */
  offset = 0;
  /** Offset where the record last returned starts, in its segment. */
  recordOffset = 0;

  constructor(dir: string, opts: ReadOptions = {}) {
    this.dir = dir;
    const from = opts.from ?? -Infinity;
    const to = opts.to ?? Infinity;
    this.segs = listSegments(dir).filter((s) => s.index >= from && s.index <= to);
    this.startOffset = opts.startOffset ?? 0;
  }

  /** The next record, or null when every segment has been read. Throws WALCorruptionError. */
  next(): Uint8Array | null {
    for (;;) {
      if (!this.parser) {
        if (this.i >= this.segs.length) return null;
        const s = this.segs[this.i]!;
        const start = this.i === 0 ? this.startOffset : 0;
        this.i++;
        this.parser = new SegmentParser(readSegmentFile(this.dir, s.index), this.dir, s.index, start);
        this.segment = s.index;
        this.offset = start;
      }
      const rec = this.parser.next();
      if (rec) {
        this.offset = this.parser.off;
        this.recordOffset = this.parser.recordStart;
        return rec;
      }
      this.parser = null;
    }
  }
}

/** Yields every record (decompressed) of the segments [from, to] of dir. Throws WALCorruptionError. */
export function* readRecords(dir: string, opts: ReadOptions = {}): Generator<Uint8Array, void, undefined> {
  const r = new WALReader(dir, opts);
  for (let rec = r.next(); rec !== null; rec = r.next()) yield rec;
}
