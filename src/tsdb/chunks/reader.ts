// Reads chunks from a block's chunks/ segment files by ref, with positional
// reads (no mmap, no whole-file reads). A read-ahead window serves the
// common sequential pattern (series are read in ref order) from one read(2);
// a random access reads only a small window. Every error names the file.

import { closeSync, fstatSync, openSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32c } from '../../util/crc32c.js';
import {
  CHUNK_CRC_SIZE,
  CHUNK_ENCODING_SIZE,
  CHUNKS_FORMAT_V1,
  MAGIC_CHUNKS,
  MAX_CHUNK_LENGTH_FIELD_SIZE,
  SEGMENT_HEADER_SIZE,
  chunkRef,
  isSegmentFileName,
} from './format.js';

const TWO32 = 0x1_0000_0000;
/** Window used when reads look sequential. */
const SEQ_WINDOW = 256 * 1024;
/** Window used for an isolated read: a typical chunk plus change. */
const RANDOM_WINDOW = 4096;

export interface RawChunk {
  encoding: number;
  /** The chunk bytes (a copy owned by the caller). */
  data: Uint8Array;
}

export class ChunkReader {
  private readonly win = new Uint8Array(SEQ_WINDOW);
  private winSeg = -1;
  private winStart = 0;
  private winLen = 0;
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly paths: string[],
    private readonly fds: number[],
    private readonly sizes: number[],
  ) {}

  /** Opens every segment in `chunksDir` and checks its header (magic, version). */
  static open(chunksDir: string): ChunkReader {
    const names = readdirSync(chunksDir).filter(isSegmentFileName).sort();
    const paths: string[] = [];
    const fds: number[] = [];
    const sizes: number[] = [];
    try {
      for (const name of names) {
        const path = join(chunksDir, name);
        const fd = openSync(path, 'r');
        fds.push(fd);
        paths.push(path);
        const size = fstatSync(fd).size;
        sizes.push(size);
        if (size < SEGMENT_HEADER_SIZE) {
          throw new Error(`${path}: invalid segment header: file has ${size} bytes, need ${SEGMENT_HEADER_SIZE}`);
        }
        const h = new Uint8Array(SEGMENT_HEADER_SIZE);
        readFully(fd, h, 0, SEGMENT_HEADER_SIZE, 0, path);
        const magic = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
        if (magic !== MAGIC_CHUNKS) {
          throw new Error(`${path}: invalid magic number 0x${magic.toString(16).padStart(8, '0')} (want 0x${MAGIC_CHUNKS.toString(16)})`);
        }
        if (h[4] !== CHUNKS_FORMAT_V1) throw new Error(`${path}: invalid chunk format version ${h[4]}`);
      }
    } catch (e) {
      for (const fd of fds) closeSync(fd);
      throw e;
    }
    return new ChunkReader(chunksDir, paths, fds, sizes);
  }

  /** Number of segment files. */
  numSegments(): number {
    return this.paths.length;
  }

  /** Total bytes of all segment files. */
  size(): number {
    let s = 0;
    for (const n of this.sizes) s += n;
    return s;
  }

  /** The chunk at `ref`, CRC-checked. */
  chunk(ref: number): RawChunk {
    const c = this.read(ref);
    return { encoding: c.encoding, data: c.data };
  }

  /** Every chunk of every segment in file order, with its ref (for dumps and checks). */
  *scan(): Generator<{ ref: number; encoding: number; data: Uint8Array }> {
    for (let seg = 0; seg < this.paths.length; seg++) {
      let off = SEGMENT_HEADER_SIZE;
      while (off < this.sizes[seg]!) {
        const ref = chunkRef(seg, off);
        const c = this.read(ref);
        yield { ref, encoding: c.encoding, data: c.data };
        off += c.total;
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fd of this.fds) closeSync(fd);
  }

  private read(ref: number): RawChunk & { total: number } {
    if (this.closed) throw new Error(`${this.dir}: chunk reader is closed`);
    const seg = Math.floor(ref / TWO32);
    if (!Number.isInteger(ref) || ref < 0 || seg >= this.paths.length) {
      throw new Error(`${this.dir}: chunk ref ${ref}: segment index ${seg} out of range (${this.paths.length} segments)`);
    }
    const off = ref - seg * TWO32;
    const path = this.paths[seg]!;
    const size = this.sizes[seg]!;
    if (off < SEGMENT_HEADER_SIZE || off >= size) {
      throw new Error(`${path}: chunk offset ${off} out of range (file has ${size} bytes)`);
    }
    // Length field and encoding byte.
    const headNeed = Math.min(MAX_CHUNK_LENGTH_FIELD_SIZE + CHUNK_ENCODING_SIZE, size - off);
    this.ensureWindow(seg, off, headNeed);
    let i = off - this.winStart;
    const w = this.win;
    let len = 0;
    let mul = 1;
    let k = 0;
    for (; ; k++) {
      if (k >= MAX_CHUNK_LENGTH_FIELD_SIZE || k >= headNeed) {
        throw new Error(`${path}: invalid chunk length field at offset ${off}`);
      }
      const b = w[i++]!;
      len += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) break;
    }
    const lenBytes = k + 1;
    const total = lenBytes + CHUNK_ENCODING_SIZE + len + CHUNK_CRC_SIZE;
    if (off + total > size) {
      throw new Error(`${path}: chunk at offset ${off} is truncated: needs ${total} bytes, file has ${size - off} left`);
    }
    let src: Uint8Array;
    let at: number;
    if (total <= SEQ_WINDOW) {
      this.ensureWindow(seg, off, total);
      src = this.win;
      at = off - this.winStart;
    } else {
      src = new Uint8Array(total);
      readFully(this.fds[seg]!, src, 0, total, off, path);
      at = 0;
    }
    const encAt = at + lenBytes;
    const dataEnd = encAt + CHUNK_ENCODING_SIZE + len;
    const want = ((src[dataEnd]! << 24) | (src[dataEnd + 1]! << 16) | (src[dataEnd + 2]! << 8) | src[dataEnd + 3]!) >>> 0;
    const got = crc32c(src, encAt, dataEnd);
    if (got !== want) {
      throw new Error(`${path}: checksum mismatch at offset ${off}: stored ${hex32(want)}, computed ${hex32(got)}`);
    }
    return { encoding: src[encAt]!, data: src.slice(encAt + 1, dataEnd), total };
  }

  /** Makes the window hold [off, off+need) of segment seg. */
  private ensureWindow(seg: number, off: number, need: number): void {
    if (seg === this.winSeg && off >= this.winStart && off + need <= this.winStart + this.winLen) return;
    // Reads continuing at or just past the window look sequential: read ahead.
    const sequential = seg === this.winSeg && off >= this.winStart && off <= this.winStart + this.winLen + RANDOM_WINDOW;
    const size = this.sizes[seg]!;
    const want = Math.min(Math.max(need, sequential ? SEQ_WINDOW : RANDOM_WINDOW), SEQ_WINDOW, size - off);
    this.winSeg = -1; // invalid until the read succeeds
    readFully(this.fds[seg]!, this.win, 0, want, off, this.paths[seg]!);
    this.winSeg = seg;
    this.winStart = off;
    this.winLen = want;
  }
}

function hex32(v: number): string {
  return '0x' + v.toString(16).padStart(8, '0');
}

function readFully(fd: number, buf: Uint8Array, at: number, len: number, pos: number, path: string): void {
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, at + got, len - got, pos + got);
    if (n === 0) throw new Error(`${path}: unexpected end of file at offset ${pos + got}`);
    got += n;
  }
}
