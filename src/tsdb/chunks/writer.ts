// Writes a block's chunks/ segment files. Synchronous and buffered (1 MiB):
// blocks are built in one go by compaction, where plain write(2) calls beat
// async streams. Segment cutting follows Prometheus's Writer.WriteChunks so a
// given chunk sequence lands on the same files and offsets as there.

import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { syncDir } from '../../util/fsutil.js';
import { join } from 'node:path';
import { crc32cUpdate } from '../../util/crc32c.js';
import { putUvarintAt } from '../encoding.js';
import {
  CHUNK_CRC_SIZE,
  CHUNK_ENCODING_SIZE,
  CHUNKS_FORMAT_V1,
  DEFAULT_CHUNK_SEGMENT_SIZE,
  MAGIC_CHUNKS,
  MAX_CHUNK_LENGTH_FIELD_SIZE,
  SEGMENT_HEADER_SIZE,
  chunkRef,
  isSegmentFileName,
  segmentFileName,
} from './format.js';

/** A chunk to write (or one read from the index): bounds, ref, and the encoded chunk. */
export interface ChunkMeta {
  /** Set by ChunkWriter.writeChunks. */
  ref: number;
  minTime: number;
  maxTime: number;
  chunk?: { encoding: number; bytes(): Uint8Array };
}

const BUFFER_SIZE = 1 << 20;
const TWO32 = 0x1_0000_0000;

export class ChunkWriter {
  private readonly buf = new Uint8Array(BUFFER_SIZE);
  private bufLen = 0;
  private fd = -1;
  /** Paths of the segments written, in order; index = segment index in refs. */
  private readonly files: string[] = [];
  /** Bytes in the current segment, header included (0 = no segment yet). */
  private n = 0;
  private closed = false;
  private readonly encByte = new Uint8Array(1);

  private constructor(readonly dir: string, readonly segmentSize: number) {}

  /**
   * A writer for the chunks directory `dir` (created if missing; it must not
   * already hold segment files, since refs number segments from 0). No file is
   * created until the first chunk is written, as in Prometheus.
   */
  static create(dir: string, segmentSize = DEFAULT_CHUNK_SEGMENT_SIZE): ChunkWriter {
    if (!(segmentSize > 0)) segmentSize = DEFAULT_CHUNK_SEGMENT_SIZE;
    if (segmentSize > TWO32) throw new RangeError(`chunk segment size ${segmentSize} exceeds 4 GiB (refs hold 32-bit offsets)`);
    mkdirSync(dir, { recursive: true });
    const existing = readdirSync(dir).filter(isSegmentFileName);
    if (existing.length > 0) throw new Error(`${dir}: chunks directory already holds segment files (${existing[0]})`);
    return new ChunkWriter(dir, segmentSize);
  }

  /** Segment files written so far. */
  segmentPaths(): readonly string[] {
    return this.files;
  }

  /**
   * Appends the chunks and sets each meta.ref. Chunks that do not fit in the
   * current segment go to new ones (a chunk larger than a whole segment gets
   * a segment of its own).
   */
  writeChunks(metas: ChunkMeta[]): void {
    if (this.closed) throw new Error(`${this.dir}: chunk writer is closed`);
    if (metas.length === 0) return;
    // Split into batches the way Prometheus does; a batch never straddles segments.
    const bounds: number[] = [0]; // start index of each batch
    let batchSize = 0;
    let firstBatch = true;
    for (let i = 0; i < metas.length; i++) {
      const c = metas[i]!.chunk;
      if (c === undefined) throw new Error(`${this.dir}: chunk meta ${i} has no chunk data`);
      const chkSize = MAX_CHUNK_LENGTH_FIELD_SIZE + CHUNK_ENCODING_SIZE + c.bytes().length + CHUNK_CRC_SIZE;
      batchSize += chkSize;
      let cut = i !== 0 && batchSize + SEGMENT_HEADER_SIZE > this.segmentSize;
      // The first batch shares the current segment with what is already there.
      if (firstBatch && this.n > SEGMENT_HEADER_SIZE) {
        cut = batchSize + this.n > this.segmentSize;
        if (cut) firstBatch = false;
      }
      if (cut) {
        bounds.push(i);
        batchSize = chkSize;
      }
    }
    bounds.push(metas.length);

    if (this.n === 0) this.cut();
    for (let b = 0; b + 1 < bounds.length; b++) {
      for (let i = bounds[b]!; i < bounds[b + 1]!; i++) this.writeChunk(metas[i]!);
      if (b + 2 < bounds.length) this.cut();
    }
  }

  private writeChunk(meta: ChunkMeta): void {
    const c = meta.chunk!;
    const data = c.bytes();
    const enc = c.encoding;
    if (!Number.isInteger(enc) || enc < 0 || enc > 255) throw new RangeError(`${this.dir}: invalid chunk encoding ${enc}`);
    if (this.n >= TWO32) throw new RangeError(`${this.files[this.files.length - 1]}: segment offset ${this.n} exceeds 32 bits`);
    meta.ref = chunkRef(this.files.length - 1, this.n);

    if (this.bufLen + MAX_CHUNK_LENGTH_FIELD_SIZE + CHUNK_ENCODING_SIZE > BUFFER_SIZE) this.flush();
    const start = this.bufLen;
    let off = putUvarintAt(this.buf, this.bufLen, data.length);
    this.buf[off++] = enc;
    this.bufLen = off;
    this.write(data);
    this.encByte[0] = enc;
    const crc = crc32cUpdate(crc32cUpdate(0, this.encByte), data);
    if (this.bufLen + CHUNK_CRC_SIZE > BUFFER_SIZE) this.flush();
    const b = this.buf;
    const p = this.bufLen;
    b[p] = crc >>> 24;
    b[p + 1] = (crc >>> 16) & 0xff;
    b[p + 2] = (crc >>> 8) & 0xff;
    b[p + 3] = crc & 0xff;
    this.bufLen = p + 4;
    this.n += off - start + data.length + CHUNK_CRC_SIZE;
  }

  /** Buffers bytes (large ones go straight to the file). Does not advance this.n. */
  private write(data: Uint8Array): void {
    if (this.bufLen + data.length <= BUFFER_SIZE) {
      this.buf.set(data, this.bufLen);
      this.bufLen += data.length;
      return;
    }
    this.flush();
    if (data.length >= BUFFER_SIZE / 2) {
      writeAll(this.fd, data);
    } else {
      this.buf.set(data, 0);
      this.bufLen = data.length;
    }
  }

  private flush(): void {
    if (this.bufLen === 0) return;
    writeAll(this.fd, this.buf.subarray(0, this.bufLen));
    this.bufLen = 0;
  }

  /** Finishes the current segment and starts the next one. */
  private cut(): void {
    this.finalizeTail();
    const path = join(this.dir, segmentFileName(this.files.length + 1));
    this.fd = openSync(path, 'wx', 0o666);
    this.files.push(path);
    const h = this.buf;
    h[0] = MAGIC_CHUNKS >>> 24;
    h[1] = (MAGIC_CHUNKS >>> 16) & 0xff;
    h[2] = (MAGIC_CHUNKS >>> 8) & 0xff;
    h[3] = MAGIC_CHUNKS & 0xff;
    h[4] = CHUNKS_FORMAT_V1;
    h[5] = h[6] = h[7] = 0;
    this.bufLen = SEGMENT_HEADER_SIZE;
    this.n = SEGMENT_HEADER_SIZE;
    syncDir(this.dir);
  }

  private finalizeTail(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    try {
      this.flush();
      fsyncSync(fd);
    } finally {
      this.fd = -1;
      this.bufLen = 0;
      closeSync(fd);
    }
  }

  /** Flushes, fsyncs and closes the last segment. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.finalizeTail();
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

