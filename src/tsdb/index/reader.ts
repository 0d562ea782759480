// Index reader for format v2, v1 (symbol and series refs are byte offsets)
// and v3 (read exactly like v2, as Prometheus does). The whole file is held
// in memory; on open only the TOC, the symbol table and the postings offset
// table are checked (CRC) and indexed; series and postings lists are decoded
// (and CRC-checked) on demand.
//
// Every error names the file: `index <path>: <what>`. Corrupt bytes give a
// CorruptionError, never a hang: every loop is bounded by counts that are
// first checked against the bytes actually present.
import { readFileSync } from 'node:fs';
import { CorruptionError, Decbuf, utf8Decode, utf8Encode } from '../encoding.js';
import { crc32c } from '../../util/crc32c.js';
import { compareUtf8, type Label } from '../../model/labels.js';
import {
  FORMAT_V1, FORMAT_V2, FORMAT_V3, HEADER_LEN, MAGIC_INDEX, SERIES_ALIGN, TOC_LEN,
  type ChunkMeta, type SeriesEntry, type TOC,
} from './format.js';
import { EMPTY_POSTINGS, merge, type Postings, type PostingsSource } from './postings.js';

/** Above this many symbols the decoded-symbol cache is not kept (names are still cached). */
const MAX_SYMBOL_CACHE = 1 << 22;

interface NameRange {
  start: number;
  end: number;
}


/** Reads a uvarint-length-prefixed string. */
function readStr(d: Decbuf): string {
  const n = d.uvarint();
  const start = d.off;
  d.skip(n);
  return utf8Decode(d.buf, start, start + n);
}

function hex32(v: number): string {
  return '0x' + (v >>> 0).toString(16).padStart(8, '0');
}

export class IndexReader implements PostingsSource {
  readonly version: number;
  readonly name: string;
  private b: Uint8Array;
  private readonly dv: DataView;
  private readonly toc: TOC;
  /** Where the TOC starts: no section may reach past it. */
  private readonly tocStart: number;
  /** End of the series section (start of whatever section follows it). */
  private readonly seriesEnd: number;

  /** Offset of each symbol entry, relative to symBase. */
  private readonly symOff: Uint32Array;
  private readonly symBase: number;
  private readonly symCache: (string | undefined)[] | undefined;
  private readonly nameCache = new Map<number, string>();

  /** Postings offset table: per label name a range of entries sorted by value. */
  private readonly names = new Map<string, NameRange>();
  /** Absolute offset of each entry's value (its uvarint length). */
  private readonly valuePos: Float64Array;
  /** Absolute offset of each entry's postings list. */
  private readonly listOff: Float64Array;
  private readonly sortedNames: string[];

  /** v1 only: label name → offset of its label index section. */
  private readonly labelIndexOff = new Map<string, number>();
  private closed = false;

  /** Reads an index file into memory and checks its structure. */
  static open(path: string): IndexReader {
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (e) {
      throw new Error(`index ${path}: ${(e as Error).message}`);
    }
    return new IndexReader(buf, path);
  }

  static fromBuffer(buf: Uint8Array, name = '<buffer>'): IndexReader {
    return new IndexReader(buf, name);
  }

  private constructor(buf: Uint8Array, name: string) {
    this.name = name;
    this.b = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const len = buf.length;
    if (len < HEADER_LEN) throw this.corrupt(`truncated: ${len} bytes, the header alone needs ${HEADER_LEN}`);
    const magic = this.dv.getUint32(0);
    if (magic !== MAGIC_INDEX) throw this.corrupt(`invalid magic number ${hex32(magic)}`);
    this.version = buf[4]!;
    if (this.version !== FORMAT_V1 && this.version !== FORMAT_V2 && this.version !== FORMAT_V3) {
      throw this.corrupt(`unsupported index version ${this.version}`);
    }
    if (len < HEADER_LEN + TOC_LEN) throw this.corrupt(`truncated: ${len} bytes, too short for header and TOC`);

    this.tocStart = len - TOC_LEN;
    const tocCRC = this.dv.getUint32(len - 4);
    if (crc32c(buf, this.tocStart, len - 4) !== tocCRC) throw this.corrupt('invalid checksum in TOC');
    const d = new Decbuf(buf, this.tocStart, len - 4);
    this.toc = {
      symbols: d.be64(),
      series: d.be64(),
      labelIndices: d.be64(),
      labelOffsetTable: d.be64(),
      postings: d.be64(),
      postingsTable: d.be64(),
    };
    for (const [k, v] of Object.entries(this.toc)) {
      if (v > this.tocStart) throw this.corrupt(`invalid TOC: ${k} offset ${v} beyond the end of the data (${this.tocStart})`);
    }
    if (this.toc.symbols < HEADER_LEN) throw this.corrupt(`invalid TOC: symbol table offset ${this.toc.symbols}`);
    if (this.toc.postingsTable < HEADER_LEN) throw this.corrupt(`invalid TOC: postings offset table offset ${this.toc.postingsTable}`);
    let seriesEnd = this.tocStart;
    for (const v of [this.toc.labelIndices, this.toc.postings, this.toc.labelOffsetTable, this.toc.postingsTable]) {
      if (v > this.toc.series && v < seriesEnd) seriesEnd = v;
    }
    this.seriesEnd = seriesEnd;

    try {
      // Symbol table.
      const sym = this.section(this.toc.symbols, 'symbol table');
      const count = sym.be32();
      if (count > sym.remaining()) throw new CorruptionError(`symbol table: ${count} symbols cannot fit in ${sym.remaining()} bytes`);
      this.symBase = sym.off;
      this.symOff = new Uint32Array(count);
      for (let i = 0; i < count; i++) {
        this.symOff[i] = sym.off - this.symBase;
        sym.skip(sym.uvarint());
      }
      this.symCache = count <= MAX_SYMBOL_CACHE ? new Array<string | undefined>(count) : undefined;

      // Postings offset table.
      const pt = this.section(this.toc.postingsTable, 'postings offset table');
      const n = pt.be32();
      // An entry is at least 4 bytes (key count, two lengths, offset).
      const cap = Math.min(n, Math.floor(pt.remaining() / 4));
      let valuePos = new Float64Array(cap);
      let listOff = new Float64Array(cap);
      let entries = 0;
      let needSort = false;
      let prevNameStart = -1;
      let prevNameLen = 0;
      let prevValueStart = -1;
      let prevValueLen = 0;
      let cur: NameRange | undefined;
      while (entries < n && pt.remaining() > 0) {
        const keys = pt.uvarint();
        if (keys !== 2) throw new CorruptionError(`unexpected number of keys for postings offset table ${keys}`);
        const nameLen = pt.uvarint();
        const nameStart = pt.off;
        pt.skip(nameLen);
        const vPos = pt.off;
        const valueLen = pt.uvarint();
        const valueStart = pt.off;
        pt.skip(valueLen);
        const off = pt.uvarint();
        if (entries === cap) throw new CorruptionError('postings offset table: more entries than fit');
        valuePos[entries] = vPos;
        listOff[entries] = off;
        if (cur && nameLen === prevNameLen && this.bytesEqual(nameStart, prevNameStart, nameLen)) {
          cur.end = entries + 1;
          if (this.compareBytes(valueStart, valueLen, prevValueStart, prevValueLen) <= 0) needSort = true;
        } else {
          const name = utf8Decode(buf, nameStart, nameStart + nameLen);
          const existing = this.names.get(name);
          if (existing) {
            // Names not contiguous (v1 tables are unsorted): regroup below.
            needSort = true;
            existing.end = entries + 1;
            cur = existing;
          } else {
            cur = { start: entries, end: entries + 1 };
            this.names.set(name, cur);
          }
        }
        prevNameStart = nameStart;
        prevNameLen = nameLen;
        prevValueStart = valueStart;
        prevValueLen = valueLen;
        entries++;
      }
      if (needSort) {
        // Sort all entries by (name, value) and rebuild the ranges.
        const keyed: { name: string; value: string; pos: number; off: number }[] = [];
        for (let i = 0; i < entries; i++) {
          keyed.push({ name: '', value: this.stringAt(valuePos[i]!), pos: valuePos[i]!, off: listOff[i]! });
        }
        // Walk the table again for the names.
        const again = this.section(this.toc.postingsTable, 'postings offset table');
        again.be32();
        for (let i = 0; i < entries; i++) {
          again.uvarint();
          keyed[i]!.name = readStr(again);
          again.skip(again.uvarint());
          again.uvarint();
        }
        keyed.sort((x, y) => compareUtf8(x.name, y.name) || compareUtf8(x.value, y.value));
        valuePos = new Float64Array(entries);
        listOff = new Float64Array(entries);
        this.names.clear();
        for (let i = 0; i < entries; i++) {
          const k = keyed[i]!;
          valuePos[i] = k.pos;
          listOff[i] = k.off;
          const r = this.names.get(k.name);
          if (r) r.end = i + 1;
          else this.names.set(k.name, { start: i, end: i + 1 });
        }
      }
      this.valuePos = valuePos;
      this.listOff = listOff;
      this.sortedNames = [...this.names.keys()].filter((x) => x !== '').sort(compareUtf8);

      // v1 label indices (ignored for v2: current writers leave them out).
      if (this.version === FORMAT_V1 && this.toc.labelOffsetTable >= HEADER_LEN) {
        const lt = this.section(this.toc.labelOffsetTable, 'label offset table');
        const ln = lt.be32();
        for (let i = 0; i < ln && lt.remaining() > 0; i++) {
          const keys = lt.uvarint();
          if (keys > lt.remaining()) throw new CorruptionError(`label offset table: ${keys} keys cannot fit`);
          const names: string[] = [];
          for (let k = 0; k < keys; k++) names.push(readStr(lt));
          const off = lt.uvarint();
          if (keys === 1) this.labelIndexOff.set(names[0]!, off);
        }
      }
    } catch (e) {
      throw this.wrap(e, 'open');
    }
  }

  // --- helpers --------------------------------------------------------------

  private corrupt(msg: string): CorruptionError {
    return new CorruptionError(`index ${this.name}: ${msg}`);
  }

  /** Adds the file name (and what was being read) to an error. */
  private wrap(e: unknown, what: string): Error {
    const msg = (e as Error)?.message ?? String(e);
    if (msg.startsWith(`index ${this.name}: `)) return e as Error;
    if (e instanceof CorruptionError || e instanceof RangeError) return this.corrupt(`${what}: ${msg}`);
    return new Error(`index ${this.name}: ${what}: ${msg}`);
  }

  private check(): void {
    if (this.closed) throw new Error(`index ${this.name}: reader is closed`);
  }

  /**
   * A `len u32 | body | CRC32C` section at off: returns a reader over the
   * body after checking bounds and the checksum.
   */
  private section(off: number, what: string): Decbuf {
    if (off + 4 > this.tocStart) throw new CorruptionError(`${what} at ${off}: truncated`);
    const len = this.dv.getUint32(off);
    const end = off + 4 + len;
    if (end + 4 > this.tocStart) throw new CorruptionError(`${what} at ${off}: truncated (length ${len} runs past the data)`);
    if (crc32c(this.b, off + 4, end) !== this.dv.getUint32(end)) throw new CorruptionError(`invalid checksum in ${what}`);
    return new Decbuf(this.b, off + 4, end);
  }

  private bytesEqual(a: number, b: number, n: number): boolean {
    const buf = this.b;
    for (let i = 0; i < n; i++) if (buf[a + i] !== buf[b + i]) return false;
    return true;
  }

  private compareBytes(a: number, an: number, b: number, bn: number): number {
    const buf = this.b;
    const n = Math.min(an, bn);
    for (let i = 0; i < n; i++) {
      const d = buf[a + i]! - buf[b + i]!;
      if (d !== 0) return d;
    }
    return an - bn;
  }

  /** Compares the length-prefixed string at pos with target bytes (Go byte order). */
  private compareAt(pos: number, target: Uint8Array): number {
    const d = new Decbuf(this.b, pos, this.tocStart);
    const n = d.uvarint();
    const start = d.off;
    d.skip(n);
    const buf = this.b;
    const m = Math.min(n, target.length);
    for (let i = 0; i < m; i++) {
      const x = buf[start + i]! - target[i]!;
      if (x !== 0) return x;
    }
    return n - target.length;
  }

  private stringAt(pos: number): string {
    return readStr(new Decbuf(this.b, pos, this.tocStart));
  }

  private symbolAt(i: number): string {
    const c = this.symCache;
    let s = c ? c[i] : this.nameCache.get(i);
    if (s === undefined) {
      const d = new Decbuf(this.b, this.symBase + this.symOff[i]!, this.tocStart);
      s = readStr(d);
      if (c) c[i] = s;
    }
    return s;
  }

  /** Symbol number for a ref: the sequence number (v2) or the entry's file offset (v1). */
  private symbolIndex(ref: number): number {
    if (this.version !== FORMAT_V1) {
      if (ref >= this.symOff.length) throw new CorruptionError(`unknown symbol offset ${ref}`);
      return ref;
    }
    const rel = ref - this.symBase;
    let lo = 0;
    let hi = this.symOff.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.symOff[mid]! < rel) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.symOff.length || this.symOff[lo] !== rel) throw new CorruptionError(`unknown symbol offset ${ref}`);
    return lo;
  }

  /** Decodes the postings list at off (CRC-checked). */
  private readList(off: number): Postings {
    const d = this.section(off, `postings list at ${off}`);
    const n = d.be32();
    if (d.remaining() !== 4 * n) {
      throw new CorruptionError(`unexpected postings length, should be ${4 * n} bytes for ${n} postings, got ${d.remaining()} bytes`);
    }
    const out = new Uint32Array(n);
    const dv = this.dv;
    let p = d.off;
    for (let i = 0; i < n; i++, p += 4) out[i] = dv.getUint32(p);
    return out;
  }

  /** Entry index of name=value, or -1. */
  private findEntry(r: NameRange, target: Uint8Array): number {
    let lo = r.start;
    let hi = r.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(this.valuePos[mid]!, target) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < r.end && this.compareAt(this.valuePos[lo]!, target) === 0 ? lo : -1;
  }

  // --- public API -------------------------------------------------------------

  /** All symbols in table order (sorted by UTF-8 bytes). */
  *symbols(): Generator<string> {
    this.check();
    for (let i = 0; i < this.symOff.length; i++) {
      let s: string;
      try {
        s = this.symbolAt(i);
      } catch (e) {
        throw this.wrap(e, 'read symbols');
      }
      yield s;
    }
  }

  /** Number of symbols in the symbol table. */
  get numSymbols(): number {
    return this.symOff.length;
  }

  lookupSymbol(ref: number): string {
    this.check();
    try {
      return this.symbolAt(this.symbolIndex(ref));
    } catch (e) {
      throw this.wrap(e, 'lookup symbol');
    }
  }

  /** Label names, sorted by UTF-8 bytes, without the all-postings key "". */
  labelNames(): string[] {
    this.check();
    return this.sortedNames.slice();
  }

  /** Values of a label name, sorted by UTF-8 bytes; [] if the name is unknown. */
  labelValues(name: string): string[] {
    this.check();
    try {
      const li = this.labelIndexOff.get(name);
      if (li !== undefined) return this.labelIndexValues(li);
      const r = this.names.get(name);
      if (!r) return [];
      const out = new Array<string>(r.end - r.start);
      for (let i = r.start; i < r.end; i++) out[i - r.start] = this.stringAt(this.valuePos[i]!);
      return out;
    } catch (e) {
      throw this.wrap(e, `label values of ${JSON.stringify(name)}`);
    }
  }

  /** v1: the values a label index section lists. */
  private labelIndexValues(off: number): string[] {
    const d = this.section(off, 'label index');
    const nNames = d.be32();
    const n = d.be32();
    if (nNames !== 1) throw new CorruptionError(`label index with ${nNames} names is not supported`);
    if (d.remaining() !== 4 * n) throw new CorruptionError(`label index: ${n} entries do not fit in ${d.remaining()} bytes`);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.symbolAt(this.symbolIndex(d.be32())));
    return out.sort(compareUtf8);
  }

  /** Union of the postings of name=v for each v in values (any order; unknown values are skipped). */
  postings(name: string, values: string[]): Postings {
    this.check();
    try {
      const r = this.names.get(name);
      if (!r || values.length === 0) return EMPTY_POSTINGS;
      const lists: Postings[] = [];
      let prev = -1;
      for (const v of values) {
        const i = this.findEntry(r, utf8Encode(v));
        if (i < 0 || i === prev) continue;
        prev = i;
        lists.push(this.readList(this.listOff[i]!));
      }
      return merge(lists);
    } catch (e) {
      throw this.wrap(e, `postings for ${JSON.stringify(name)}`);
    }
  }

  /** Every series ref (the ("","") list). */
  allPostings(): Postings {
    return this.postings('', ['']);
  }

  /** Postings in label-set order: series refs already sort that way. */
  sortedPostings(p: Postings): Postings {
    return p;
  }

  /**
   * Decodes a series entry (CRC-checked). Pass `out` to reuse its arrays and
   * chunk objects across calls; without it a fresh entry is returned.
   */
  series(ref: number, out?: SeriesEntry): SeriesEntry {
    this.check();
    try {
      return this.decodeSeries(ref, out ?? { labels: [], chunks: [] });
    } catch (e) {
      throw this.wrap(e, `series ${ref}`);
    }
  }

  private decodeSeries(ref: number, out: SeriesEntry): SeriesEntry {
    const off = this.version === FORMAT_V1 ? ref : ref * SERIES_ALIGN;
    if (!Number.isInteger(ref) || ref < 0 || off < this.toc.series || off >= this.seriesEnd) {
      throw new CorruptionError(`series ref ${ref} out of range`);
    }
    const hd = new Decbuf(this.b, off, this.seriesEnd);
    const len = hd.uvarint();
    const start = hd.off;
    const end = start + len;
    if (end + 4 > this.seriesEnd) throw new CorruptionError('truncated series entry');
    if (crc32c(this.b, start, end) !== this.dv.getUint32(end)) throw new CorruptionError('invalid checksum in series entry');
    const d = new Decbuf(this.b, start, end);

    const nl = d.uvarint();
    if (nl * 2 > d.remaining()) throw new CorruptionError(`${nl} labels cannot fit in ${d.remaining()} bytes`);
    const labels = out.labels;
    labels.length = 0;
    for (let i = 0; i < nl; i++) {
      const ni = this.symbolIndex(d.uvarint());
      const vi = this.symbolIndex(d.uvarint());
      let name = this.nameCache.get(ni);
      if (name === undefined) {
        name = this.symbolAt(ni);
        this.nameCache.set(ni, name);
      }
      const l: Label = { name, value: this.symbolAt(vi) };
      labels.push(l);
    }

    const nc = d.uvarint();
    if (nc * 3 > d.remaining()) throw new CorruptionError(`${nc} chunks cannot fit in ${d.remaining()} bytes`);
    const chunks = out.chunks;
    const reuse = chunks.length;
    chunks.length = Math.min(reuse, nc);
    if (nc > 0) {
      let mint = d.varint();
      let maxt = mint + d.uvarint();
      let cref = d.uvarint();
      this.putChunk(chunks, 0, reuse, cref, mint, maxt);
      for (let i = 1; i < nc; i++) {
        mint = maxt + d.uvarint();
        maxt = mint + d.uvarint();
        cref += d.varint();
        this.putChunk(chunks, i, reuse, cref, mint, maxt);
      }
    }
    return out;
  }

  private putChunk(chunks: ChunkMeta[], i: number, reuse: number, ref: number, minTime: number, maxTime: number): void {
    if (i < reuse) {
      const c = chunks[i]!;
      c.ref = ref;
      c.minTime = minTime;
      c.maxTime = maxTime;
    } else {
      chunks[i] = { ref, minTime, maxTime };
    }
  }

  /** Size of the index in bytes. */
  size(): number {
    return this.closed ? 0 : this.b.length;
  }

  /** Section offsets from the TOC (for tools and tests). */
  tableOfContents(): TOC {
    return { ...this.toc };
  }

  close(): void {
    this.closed = true;
    this.b = new Uint8Array(0);
  }
}
