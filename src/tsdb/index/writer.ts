// Index v2 writer, byte-compatible with Prometheus's tsdb/index Writer:
// header, symbol table, 16-byte aligned series, no label indices (as the
// current Prometheus writer), 4-byte aligned postings with the all-series list
// under ("","") first, postings offset table, TOC.
//
// Writes go through one in-memory buffer flushed with fs.writeSync, so a series
// costs no syscall. Postings are collected during addSeries as (pair, ref)
// occurrences in growable Uint32Arrays and bucketed once at close: no
// per-posting objects and no second pass over the series section.
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { Encbuf } from '../encoding.js';
import { crc32c, crc32cUpdate } from '../../util/crc32c.js';
import { compareLabels, compareUtf8, labelsToString, type Labels } from '../../model/labels.js';
import {
  FORMAT_V2, MAGIC_INDEX, MAX_INDEX_SIZE, POSTINGS_ALIGN, SERIES_ALIGN, type ChunkMeta,
} from './format.js';

const FLUSH_AT = 1 << 20;

/** A Uint32Array that doubles when full. */
class U32List {
  a: Uint32Array;
  len = 0;
  constructor(cap = 1024) {
    this.a = new Uint32Array(cap);
  }
  push(v: number): void {
    if (this.len === this.a.length) {
      const n = new Uint32Array(this.a.length * 2);
      n.set(this.a);
      this.a = n;
    }
    this.a[this.len++] = v;
  }
}

/** Sequential file output through one buffer; positions are absolute file offsets. */
class BufferedFile {
  readonly enc = new Encbuf(FLUSH_AT + 64 * 1024);
  private flushed = 0;
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
  }

  get pos(): number {
    return this.flushed + this.enc.len;
  }

  maybeFlush(): void {
    if (this.enc.len >= FLUSH_AT) this.flush();
  }

  flush(): void {
    let off = 0;
    while (off < this.enc.len) off += writeSync(this.fd, this.enc.buf, off, this.enc.len - off);
    this.flushed += this.enc.len;
    this.enc.reset();
    if (this.flushed > MAX_INDEX_SIZE) throw new Error(`index ${this.path}: exceeding max size of 64GiB`);
  }

  pad(align: number): void {
    const r = this.pos % align;
    for (let i = r === 0 ? align : r; i < align; i++) this.enc.putByte(0);
  }

  /** Overwrites already flushed bytes. */
  writeAt(b: Uint8Array, position: number): void {
    if (position + b.length > this.flushed) throw new Error('index writer: writeAt beyond flushed data');
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off, position + off);
  }

  /** CRC32C of flushed bytes [start, end), read back from the file. */
  crcOf(crc: number, start: number, end: number): number {
    const scratch = new Uint8Array(Math.min(FLUSH_AT, Math.max(end - start, 1)));
    let p = start;
    while (p < end) {
      const n = readSync(this.fd, scratch, 0, Math.min(scratch.length, end - p), p);
      if (n <= 0) throw new Error(`index ${this.path}: short read at ${p}`);
      crc = crc32cUpdate(crc, scratch, 0, n);
      p += n;
    }
    return crc;
  }

  close(sync: boolean): void {
    try {
      if (sync) {
        this.flush();
        fsyncSync(this.fd);
      }
    } finally {
      closeSync(this.fd);
    }
  }
}

const enum Stage {
  None,
  Symbols,
  Series,
  Done,
}

export class IndexWriter {
  private readonly f: BufferedFile;
  private stage = Stage.None;
  private readonly toc = { symbols: 0, series: 0, labelIndices: 0, labelOffsetTable: 0, postings: 0, postingsTable: 0 };

  private readonly symbolIndex = new Map<string, number>();
  private readonly symbolList: string[] = [];
  private lastSymbol = '';

  private lastSeries: Labels = [];
  private lastChunkRef = 0;
  private readonly scratch = new Encbuf(4096);

  // Postings: every (name, value) pair gets a dense id; each label occurrence
  // is recorded as (pair id, series ref).
  private readonly pairIds = new Map<number, Map<number, number>>();
  private readonly pairName = new U32List();
  private readonly pairValue = new U32List();
  private readonly pairCount = new U32List();
  private readonly occPair = new U32List(4096);
  private readonly occRef = new U32List(4096);
  private readonly allRefs = new U32List();

  private constructor(path: string) {
    this.f = new BufferedFile(path);
    this.f.enc.putBE32(MAGIC_INDEX);
    this.f.enc.putByte(FORMAT_V2);
  }

  /** Creates (or truncates) the index file at path. */
  static create(path: string): IndexWriter {
    return new IndexWriter(path);
  }

  get path(): string {
    return this.f.path;
  }

  private ensureStage(s: Stage): void {
    if (this.stage === s) return;
    if (this.stage > s) {
      const names = ['none', 'symbols', 'series', 'done'];
      throw new Error(`index ${this.f.path}: invalid stage "${names[s]}", currently at "${names[this.stage]}"`);
    }
    if (this.stage < s - 1) this.ensureStage(s - 1);
    switch (s) {
      case Stage.Symbols:
        this.toc.symbols = this.f.pos;
        // len and #symbols are back-filled when the table is complete.
        this.f.enc.putBE32(0);
        this.f.enc.putBE32(0);
        break;
      case Stage.Series:
        this.finishSymbols();
        this.toc.series = this.f.pos;
        break;
      case Stage.Done:
        this.finishIndex();
        break;
    }
    this.stage = s;
  }

  /** Adds the next symbol; symbols must come in strictly increasing UTF-8 byte order, all before any series. */
  addSymbol(s: string): void {
    this.ensureStage(Stage.Symbols);
    if (this.symbolList.length > 0 && compareUtf8(s, this.lastSymbol) <= 0) {
      throw new Error(`index ${this.f.path}: symbol ${JSON.stringify(s)} out-of-order (after ${JSON.stringify(this.lastSymbol)})`);
    }
    this.lastSymbol = s;
    this.symbolIndex.set(s, this.symbolList.length);
    this.symbolList.push(s);
    this.f.enc.putUvarintStr(s);
    this.f.maybeFlush();
  }

  private finishSymbols(): void {
    const start = this.toc.symbols;
    this.f.flush();
    const end = this.f.pos;
    const size = end - start - 4;
    if (size > 0xffff_ffff) throw new Error(`index ${this.f.path}: symbol table size exceeds 4294967295 bytes: ${size}`);
    const head = new Uint8Array(8);
    const dv = new DataView(head.buffer);
    dv.setUint32(0, size);
    dv.setUint32(4, this.symbolList.length);
    this.f.writeAt(head, start);
    // The CRC covers #symbols and the entries.
    const crc = this.f.crcOf(crc32c(head, 4, 8), start + 8, end);
    this.f.enc.putBE32(crc);
  }

  /**
   * Adds a series and returns its ref (offset/16). Series must come in
   * compareLabels order; chunk refs must not decrease (within and across
   * series) and chunks must be time-ordered and non-overlapping.
   */
  addSeries(labels: Labels, chunks: readonly ChunkMeta[]): number {
    this.ensureStage(Stage.Series);
    const path = this.f.path;
    // An empty name would collide with the all-postings key ("", "").
    if (labels.length > 0 && labels[0]!.name === '') throw new Error(`index ${path}: empty label name in ${labelsToString(labels)}`);
    for (let i = 1; i < labels.length; i++) {
      if (compareUtf8(labels[i - 1]!.name, labels[i]!.name) >= 0) {
        throw new Error(`index ${path}: label names of ${labelsToString(labels)} are not sorted and unique`);
      }
    }
    if (compareLabels(labels, this.lastSeries) <= 0) {
      throw new Error(
        `index ${path}: out-of-order series added with label set ${labelsToString(labels)}, last label set ${labelsToString(this.lastSeries)}`,
      );
    }
    let lastChunkRef = this.lastChunkRef;
    let lastMaxT = 0;
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      if (c.ref < lastChunkRef) throw new Error(`index ${path}: unsorted chunk reference: ${c.ref}, previous: ${lastChunkRef}`);
      lastChunkRef = c.ref;
      if (i > 0 && c.minTime <= lastMaxT) {
        throw new Error(`index ${path}: chunk minT ${c.minTime} is not higher than previous chunk maxT ${lastMaxT}`);
      }
      if (c.maxTime < c.minTime) throw new Error(`index ${path}: chunk maxT ${c.maxTime} is less than minT ${c.minTime}`);
      lastMaxT = c.maxTime;
    }

    // Encode the body first: it validates the symbols before anything is written.
    const b = this.scratch;
    b.reset();
    b.putUvarint(labels.length);
    const ids = new Array<number>(labels.length * 2);
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      const n = this.symbolIndex.get(l.name);
      if (n === undefined) throw new Error(`index ${path}: symbol entry for ${JSON.stringify(l.name)} does not exist`);
      const v = this.symbolIndex.get(l.value);
      if (v === undefined) throw new Error(`index ${path}: symbol entry for ${JSON.stringify(l.value)} does not exist`);
      b.putUvarint(n);
      b.putUvarint(v);
      ids[2 * i] = n;
      ids[2 * i + 1] = v;
    }
    b.putUvarint(chunks.length);
    if (chunks.length > 0) {
      const c0 = chunks[0]!;
      b.putVarint(c0.minTime);
      b.putUvarint(c0.maxTime - c0.minTime);
      b.putUvarint(c0.ref);
      let t0 = c0.maxTime;
      let ref0 = c0.ref;
      for (let i = 1; i < chunks.length; i++) {
        const c = chunks[i]!;
        b.putUvarint(c.minTime - t0);
        b.putUvarint(c.maxTime - c.minTime);
        b.putVarint(c.ref - ref0);
        t0 = c.maxTime;
        ref0 = c.ref;
      }
    }

    const f = this.f;
    f.pad(SERIES_ALIGN);
    const ref = f.pos / SERIES_ALIGN;
    if (ref > 0xffff_ffff) throw new Error(`index ${path}: exceeding max size of 64GiB`);
    const body = b.get();
    f.enc.putUvarint(body.length);
    f.enc.putBytes(body);
    f.enc.putBE32(crc32c(body));
    f.maybeFlush();

    for (let i = 0; i < ids.length; i += 2) this.addPosting(ids[i]!, ids[i + 1]!, ref);
    this.allRefs.push(ref);
    this.lastSeries = labels.slice();
    this.lastChunkRef = lastChunkRef;
    return ref;
  }

  private addPosting(name: number, value: number, ref: number): void {
    let byValue = this.pairIds.get(name);
    if (!byValue) this.pairIds.set(name, (byValue = new Map()));
    let id = byValue.get(value);
    if (id === undefined) {
      id = this.pairCount.len;
      byValue.set(value, id);
      this.pairName.push(name);
      this.pairValue.push(value);
      this.pairCount.push(0);
    }
    this.pairCount.a[id]!++;
    this.occPair.push(id);
    this.occRef.push(ref);
  }

  private finishIndex(): void {
    const f = this.f;
    const enc = f.enc;
    // No label indices: both label-index offsets point at the end of the series.
    this.toc.labelIndices = f.pos;
    this.toc.postings = f.pos;

    // Bucket the occurrences by pair; refs stay ascending within each bucket
    // because series were added in ref order.
    const nPairs = this.pairCount.len;
    const starts = new Float64Array(nPairs + 1);
    for (let i = 0; i < nPairs; i++) starts[i + 1] = starts[i]! + this.pairCount.a[i]!;
    const fill = starts.slice(0, nPairs);
    const bucketed = new Uint32Array(this.occRef.len);
    for (let i = 0; i < this.occRef.len; i++) bucketed[fill[this.occPair.a[i]!]!++] = this.occRef.a[i]!;

    // Pairs in (name, value) order: symbol numbers sort as the strings do.
    const order: number[] = [];
    for (const name of [...this.pairIds.keys()].sort((a, b) => a - b)) {
      const byValue = this.pairIds.get(name)!;
      for (const value of [...byValue.keys()].sort((a, b) => a - b)) order.push(byValue.get(value)!);
    }

    f.pad(POSTINGS_ALIGN);
    const offsets = new Float64Array(order.length + 1);
    offsets[0] = f.pos;
    this.writePostingsList(this.allRefs.a, 0, this.allRefs.len);
    for (let i = 0; i < order.length; i++) {
      const id = order[i]!;
      f.pad(POSTINGS_ALIGN);
      offsets[i + 1] = f.pos;
      this.writePostingsList(bucketed, starts[id]!, starts[id + 1]!);
    }

    // Postings offset table: len is back-filled, the CRC runs along.
    const tableStart = f.pos;
    this.toc.labelOffsetTable = tableStart;
    this.toc.postingsTable = tableStart;
    enc.putBE32(0);
    let at = enc.len;
    enc.putBE32(order.length + 1);
    const entry = (name: string, value: string, off: number) => {
      enc.putUvarint(2);
      enc.putUvarintStr(name);
      enc.putUvarintStr(value);
      enc.putUvarint(off);
    };
    entry('', '', offsets[0]!);
    let crc = 0;
    for (let i = 0; i < order.length; i++) {
      const id = order[i]!;
      entry(this.symbolList[this.pairName.a[id]!]!, this.symbolList[this.pairValue.a[id]!]!, offsets[i + 1]!);
      if (enc.len >= FLUSH_AT) {
        crc = crc32cUpdate(crc, enc.buf, at, enc.len);
        f.flush();
        at = 0;
      }
    }
    crc = crc32cUpdate(crc, enc.buf, at, enc.len);
    const tableLen = f.pos - tableStart - 4;
    if (tableLen > 0xffff_ffff) throw new Error(`index ${this.f.path}: postings offset table length exceeds 4 bytes: ${tableLen}`);
    f.flush();
    const lenBytes = new Uint8Array(4);
    new DataView(lenBytes.buffer).setUint32(0, tableLen);
    f.writeAt(lenBytes, tableStart);
    enc.putBE32(crc);

    // TOC.
    at = enc.len;
    const t = this.toc;
    for (const v of [t.symbols, t.series, t.labelIndices, t.labelOffsetTable, t.postings, t.postingsTable]) enc.putBE64(v);
    enc.putBE32(crc32c(enc.buf, at, enc.len));
  }

  private writePostingsList(refs: Uint32Array, from: number, to: number): void {
    const enc = this.f.enc;
    const n = to - from;
    if (4 + 4 * n > 0xffff_ffff) throw new Error(`index ${this.f.path}: posting size exceeds 4 bytes: ${4 + 4 * n}`);
    enc.putBE32(4 + 4 * n);
    const at = enc.len;
    enc.putBE32(n);
    for (let i = from; i < to; i++) enc.putBE32(refs[i]!);
    enc.putBE32(crc32c(enc.buf, at, enc.len));
    this.f.maybeFlush();
  }

  /** Writes the postings, offset table and TOC, then fsyncs and closes the file. Idempotent. */
  close(): void {
    if (this.stage === Stage.Done) return;
    let ok = false;
    try {
      this.ensureStage(Stage.Done);
      ok = true;
    } finally {
      this.stage = Stage.Done;
      this.f.close(ok);
    }
  }
}
