// Index v2 writer and reader: pinned bytes, reading back, writer validation,
// clear errors on corrupt files, v1 files, and a large index (buffer flushes).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexReader, IndexWriter, type ChunkMeta, type SeriesEntry } from '../../src/tsdb/index/index.js';
import { Encbuf, CorruptionError } from '../../src/tsdb/encoding.js';
import { crc32c } from '../../src/util/crc32c.js';
import { labelsFrom, type Labels } from '../../src/model/labels.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-index-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let seq = 0;
function path(): string {
  return join(tmp, `index-${seq++}`);
}

const L = (name: string, job: string): Labels => labelsFrom({ __name__: name, job });

/** The small index of the pinned-bytes test, written with IndexWriter. */
function writeSmall(p: string): number[] {
  const w = IndexWriter.create(p);
  for (const s of ['__name__', 'a', 'b', 'job', 'up', 'x']) w.addSymbol(s);
  const refs = [
    w.addSeries(L('up', 'a'), [{ ref: 8, minTime: 1000, maxTime: 2000 }]),
    w.addSeries(L('up', 'b'), [
      { ref: 30, minTime: 1000, maxTime: 1500 },
      { ref: 52, minTime: 1600, maxTime: 3000 },
    ]),
    w.addSeries(L('x', 'a'), [{ ref: 74, minTime: -5, maxTime: 10 }]),
  ];
  w.close();
  return refs;
}

// Derived by hand from tsdb/docs/format/index.md and tsdb/index/index.go (and
// reproduced by an independent Python encoder). All integers big-endian.
const PINNED = [
  // header: magic, version 2
  'baaad700', '02',
  // @5 symbol table: len=26, #symbols=6, "__name__" "a" "b" "job" "up" "x", CRC
  '0000001a', '00000006', '085f5f6e616d655f5f', '0161', '0162', '036a6f62', '027570', '0178', 'a36bc655',
  // @39 TOC.series; pad to 48
  '000000000000000000',
  // @48 series ref 3 {__name__="up",job="a"}: len 11, 2 labels (0,4) (3,1),
  // 1 chunk: mint varint(1000)=d00f, maxt-mint uvarint(1000)=e807, ref 8; CRC
  '0b', '02', '0004', '0301', '01', 'd00f', 'e807', '08', '5f108bcc',
  // @64 series ref 4 {__name__="up",job="b"}: 2 chunks; the second is
  // mint-prev.maxt=100 (64), maxt-mint=1400 (f80a), ref delta +22 varint (2c);
  // then pad from 84 to 96
  '0f', '02', '0004', '0302', '02', 'd00f', 'f403', '1e', '64', 'f80a', '2c', '5e19f74b',
  '000000000000000000000000',
  // @96 series ref 6 {__name__="x",job="a"}: mint -5 (varint 09), maxt-mint 15, ref 74
  '09', '02', '0005', '0301', '01', '09', '0f', '4a', '1a8fc6d7',
  // @110 end of series = TOC.labelIndices = TOC.postings; pad to 112
  '0000',
  // @112 all postings ("",""): len 16, 3 entries 3,4,6, CRC
  '00000010', '00000003', '00000003', '00000004', '00000006', 'cc4d8734',
  // @136 __name__=up: 3,4
  '0000000c', '00000002', '00000003', '00000004', '495848d7',
  // @156 __name__=x: 6
  '00000008', '00000001', '00000006', '92983ace',
  // @172 job=a: 3,6
  '0000000c', '00000002', '00000003', '00000006', 'a8633820',
  // @192 job=b: 4
  '00000008', '00000001', '00000004', '73a34a39',
  // @208 postings offset table: len 55, 5 entries of (2, name, value, uvarint offset), CRC
  '00000037', '00000005',
  '02', '00', '00', '70',
  '02', '085f5f6e616d655f5f', '027570', '8801',
  '02', '085f5f6e616d655f5f', '0178', '9c01',
  '02', '036a6f62', '0161', 'ac01',
  '02', '036a6f62', '0162', 'c001',
  '9d48ef55',
  // @271 TOC: symbols 5, series 39, label indices 110, label offset table 208
  // (= postings offset table), postings 110, postings offset table 208, CRC
  '0000000000000005', '0000000000000027', '000000000000006e', '00000000000000d0', '000000000000006e', '00000000000000d0',
  '38328e55',
].join('');

describe('IndexWriter', () => {
  it('writes the exact bytes of a small index', () => {
    const p = path();
    expect(writeSmall(p)).toEqual([3, 4, 6]);
    const b = readFileSync(p);
    expect(b.length).toBe(323);
    expect(b.toString('hex')).toBe(PINNED);
  });

  it('writes an empty index (no symbols, no series) that reads back empty', () => {
    const p = path();
    IndexWriter.create(p).close();
    const b = readFileSync(p);
    // header, symbol table (len 4, count 0, CRC), no series, all-postings list
    // with 0 entries, offset table with the ("","") entry, TOC.
    expect(b.subarray(0, 17).toString('hex')).toBe('baaad700' + '02' + '00000004' + '00000000' + crc32c(new Uint8Array(4)).toString(16).padStart(8, '0'));
    const r = IndexReader.fromBuffer(b);
    expect([...r.symbols()]).toEqual([]);
    expect(r.labelNames()).toEqual([]);
    expect(r.allPostings()).toEqual(new Uint32Array(0));
    expect(r.labelValues('x')).toEqual([]);
  });

  it('keeps a leading U+FEFF (BOM) in names and values', () => {
    const p = path();
    const w = IndexWriter.create(p);
    const long = '\uFEFF' + 'x'.repeat(40);
    for (const s of ['a', '\uFEFF', '\uFEFFb', long]) w.addSymbol(s);
    // Symbols sort by UTF-8 bytes: 'a' (61) < U+FEFF (ef bb bf).
    w.addSeries([{ name: 'a', value: '\uFEFF' }, { name: '\uFEFFb', value: long }], []);
    w.close();
    const r = IndexReader.open(p);
    expect([...r.symbols()]).toEqual(['a', '\uFEFF', '\uFEFFb', long]);
    expect(r.labelNames()).toEqual(['a', '\uFEFFb']);
    expect(r.labelValues('\uFEFFb')).toEqual([long]);
    expect(r.series(r.allPostings()[0]!).labels).toEqual([{ name: 'a', value: '\uFEFF' }, { name: '\uFEFFb', value: long }]);
  });

  it('rejects symbols out of order, duplicated, or after series', () => {
    const w = IndexWriter.create(path());
    w.addSymbol('b');
    expect(() => w.addSymbol('a')).toThrow(/symbol "a" out-of-order/);
    expect(() => w.addSymbol('b')).toThrow(/symbol "b" out-of-order/);
    // UTF-8 byte order, not UTF-16: U+E000 sorts before U+1F600.
    w.addSymbol('\uE000');
    w.addSymbol('😀');
    expect(() => w.addSymbol('\uFFFD')).toThrow(/out-of-order/);
    w.addSeries(labelsFrom({ b: '😀' }), []);
    expect(() => w.addSymbol('😀😀')).toThrow(/invalid stage "symbols", currently at "series"/);
    w.close();
  });

  it('rejects out-of-order series, unknown symbols and bad chunk metas, naming the file', () => {
    const p = path();
    const w = IndexWriter.create(p);
    for (const s of ['__name__', 'a', 'b', 'job', 'up']) w.addSymbol(s);
    expect(() => w.addSeries([], [])).toThrow(`index ${p}: out-of-order series added with label set {}, last label set {}`);
    expect(w.addSeries(L('up', 'b'), [{ ref: 100, minTime: 0, maxTime: 10 }])).toBe(3);
    expect(() => w.addSeries(L('up', 'a'), [])).toThrow(
      'out-of-order series added with label set {__name__="up", job="a"}, last label set {__name__="up", job="b"}',
    );
    expect(() => w.addSeries(L('up', 'b'), [])).toThrow(/out-of-order series/);
    expect(() => w.addSeries(labelsFrom({ job: 'zzz' }), [])).toThrow('symbol entry for "zzz" does not exist');
    expect(() => w.addSeries(labelsFrom({ jobs: 'a' }), [])).toThrow('symbol entry for "jobs" does not exist');
    expect(() => w.addSeries(labelsFrom({ job: 'a' }), [{ ref: 99, minTime: 0, maxTime: 1 }])).toThrow(
      'unsorted chunk reference: 99, previous: 100',
    );
    const two = (a: ChunkMeta, b: ChunkMeta) => () => w.addSeries(labelsFrom({ job: 'a' }), [a, b]);
    expect(two({ ref: 200, minTime: 0, maxTime: 10 }, { ref: 300, minTime: 10, maxTime: 20 })).toThrow(
      'chunk minT 10 is not higher than previous chunk maxT 10',
    );
    expect(() => w.addSeries(labelsFrom({ job: 'a' }), [{ ref: 200, minTime: 5, maxTime: 4 }])).toThrow(
      'chunk maxT 4 is less than minT 5',
    );
    expect(() => w.addSeries([{ name: 'job', value: 'a' }, { name: 'b', value: 'a' }], [])).toThrow(
      'label names of {job="a", b="a"} are not sorted and unique',
    );
    expect(() => w.addSeries([{ name: '', value: 'a' }, { name: 'job', value: 'a' }], [])).toThrow('empty label name in {="a", job="a"}');
    // Failed calls wrote nothing: the next series still lands right after the first.
    expect(w.addSeries(labelsFrom({ job: 'a' }), [{ ref: 200, minTime: 0, maxTime: 10 }])).toBe(4);
    w.close();
    w.close(); // idempotent
    const r = IndexReader.open(p);
    expect([...r.allPostings()]).toEqual([3, 4]);
    expect(r.series(4)).toEqual({ labels: [{ name: 'job', value: 'a' }], chunks: [{ ref: 200, minTime: 0, maxTime: 10 }] });
  });
});

describe('IndexReader', () => {
  let r: IndexReader;
  let p: string;
  beforeAll(() => {
    p = path();
    writeSmall(p);
    r = IndexReader.open(p);
  });

  it('reads the pinned index', () => {
    expect(r.version).toBe(2);
    expect(r.size()).toBe(323);
    expect([...r.symbols()]).toEqual(['__name__', 'a', 'b', 'job', 'up', 'x']);
    expect(r.lookupSymbol(4)).toBe('up');
    expect(() => r.lookupSymbol(6)).toThrow(`index ${p}: lookup symbol: unknown symbol offset 6`);
    expect(r.labelNames()).toEqual(['__name__', 'job']);
    expect(r.labelValues('__name__')).toEqual(['up', 'x']);
    expect(r.labelValues('job')).toEqual(['a', 'b']);
    expect(r.labelValues('nope')).toEqual([]);
    expect([...r.allPostings()]).toEqual([3, 4, 6]);
    expect([...r.postings('job', ['a'])]).toEqual([3, 6]);
    expect([...r.postings('job', ['b', 'a', 'zz', 'a'])]).toEqual([3, 4, 6]);
    expect([...r.postings('job', [])]).toEqual([]);
    expect([...r.postings('nope', ['a'])]).toEqual([]);
    expect([...r.postings('__name__', ['x', 'up'])]).toEqual([3, 4, 6]);
    expect(r.sortedPostings(r.allPostings())).toEqual(new Uint32Array([3, 4, 6]));
    expect(r.tableOfContents()).toEqual({ symbols: 5, series: 39, labelIndices: 110, labelOffsetTable: 208, postings: 110, postingsTable: 208 });
  });

  it('decodes series entries, reusing an out entry', () => {
    expect(r.series(4)).toEqual({
      labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'b' }],
      chunks: [
        { ref: 30, minTime: 1000, maxTime: 1500 },
        { ref: 52, minTime: 1600, maxTime: 3000 },
      ],
    });
    const out: SeriesEntry = { labels: [], chunks: [] };
    r.series(4, out);
    const firstChunk = out.chunks[0];
    expect(r.series(6, out)).toBe(out);
    expect(out.chunks[0]).toBe(firstChunk);
    expect(out).toEqual({
      labels: [{ name: '__name__', value: 'x' }, { name: 'job', value: 'a' }],
      chunks: [{ ref: 74, minTime: -5, maxTime: 10 }],
    });
    // Fresh entries are never shared.
    expect(r.series(3)).not.toBe(r.series(3));
    expect(() => r.series(5)).toThrow(`index ${p}: series 5:`);
    expect(() => r.series(1)).toThrow(`index ${p}: series 1: series ref 1 out of range`);
    expect(() => r.series(1e6)).toThrow(/out of range/);
  });

  it('fails on use after close', () => {
    const r2 = IndexReader.open(p);
    r2.close();
    expect(() => r2.labelValues('job')).toThrow(`index ${p}: reader is closed`);
    expect(r2.size()).toBe(0);
  });
});

describe('IndexReader errors name the file', () => {
  const pinned = () => Buffer.from(PINNED, 'hex');
  const openBytes = (b: Uint8Array) => {
    const p = path();
    writeFileSync(p, b);
    return { p, open: () => IndexReader.open(p) };
  };
  const flip = (off: number) => {
    const b = pinned();
    b[off] ^= 0x40;
    return b;
  };

  it('missing file', () => {
    const p = join(tmp, 'missing', 'index');
    expect(() => IndexReader.open(p)).toThrow(new RegExp(`^index ${p}: ENOENT`));
  });

  it('bad magic, version, truncation', () => {
    let t = openBytes(flip(0));
    expect(t.open).toThrow(`index ${t.p}: invalid magic number 0xfaaad700`);
    const v = pinned();
    v[4] = 7;
    t = openBytes(v);
    expect(t.open).toThrow(`index ${t.p}: unsupported index version 7`);
    t = openBytes(pinned().subarray(0, 3));
    expect(t.open).toThrow(`index ${t.p}: truncated: 3 bytes, the header alone needs 5`);
    t = openBytes(pinned().subarray(0, 40));
    expect(t.open).toThrow(`index ${t.p}: truncated: 40 bytes, too short for header and TOC`);
    t = openBytes(pinned().subarray(0, 300));
    expect(t.open).toThrow(`index ${t.p}: invalid checksum in TOC`);
    expect(t.open).toThrow(CorruptionError);
  });

  it('checksums of TOC, symbol table and postings offset table are checked on open', () => {
    let t = openBytes(flip(300));
    expect(t.open).toThrow(`index ${t.p}: invalid checksum in TOC`);
    t = openBytes(flip(20));
    expect(t.open).toThrow(`index ${t.p}: open: invalid checksum in symbol table`);
    t = openBytes(flip(230));
    expect(t.open).toThrow(`index ${t.p}: open: invalid checksum in postings offset table`);
  });

  it('series and postings list checksums are checked when read', () => {
    let t = openBytes(flip(52));
    const r = t.open();
    expect(r.series(4).labels[1]!.value).toBe('b');
    expect(() => r.series(3)).toThrow(`index ${t.p}: series 3: invalid checksum in series entry`);
    t = openBytes(flip(180));
    const r2 = t.open();
    expect([...r2.postings('job', ['b'])]).toEqual([4]);
    expect(() => r2.postings('job', ['a'])).toThrow(`index ${t.p}: postings for "job": invalid checksum in postings list at 172`);
  });

  it('a TOC pointing past the data is rejected', () => {
    const b = pinned();
    b.writeUInt32BE(0x7fffffff, 271 + 44);
    b.writeUInt32BE(crc32c(b, 271, 319), 319);
    const t = openBytes(b);
    expect(t.open).toThrow(`index ${t.p}: invalid TOC: postingsTable offset 2147483647 beyond the end of the data (271)`);
  });
});

/**
 * A version 1 index as old Prometheus wrote it: symbol refs and series refs
 * are byte offsets, series are not aligned, label indices are present, and
 * the postings offset table is not sorted.
 */
function buildV1(): { bytes: Uint8Array; seriesRefs: number[]; symOff: Map<string, number> } {
  const e = new Encbuf();
  e.putBE32(0xbaaad700);
  e.putByte(1);
  const syms = ['__name__', 'a', 'b', 'job', 'up', 'x', 'é', '😀'];
  const section = (write: () => void) => {
    const start = e.len;
    e.putBE32(0);
    write();
    e.setBE32(start, e.len - start - 4);
    e.putBE32(crc32c(e.buf, start + 4, e.len));
    return start;
  };
  const symOff = new Map<string, number>();
  const tocSymbols = section(() => {
    e.putBE32(syms.length);
    for (const s of syms) {
      symOff.set(s, e.len);
      e.putUvarintStr(s);
    }
  });
  const tocSeries = e.len;
  const series: [string, string][][] = [
    [['__name__', 'up'], ['job', 'a']],
    [['__name__', 'up'], ['job', 'é']],
    [['__name__', 'x'], ['job', '😀']],
  ];
  const seriesRefs: number[] = [];
  for (const [i, ls] of series.entries()) {
    seriesRefs.push(e.len);
    const body = new Encbuf();
    body.putUvarint(ls.length);
    for (const [n, v] of ls) {
      body.putUvarint(symOff.get(n)!);
      body.putUvarint(symOff.get(v)!);
    }
    body.putUvarint(1);
    body.putVarint(100 * i);
    body.putUvarint(50);
    body.putUvarint(8 + 20 * i);
    e.putUvarint(body.len);
    e.putBytes(body.get());
    e.putBE32(crc32c(body.get()));
  }
  const tocLabelIndices = e.len;
  const pad4 = () => {
    while (e.len % 4) e.putByte(0);
  };
  pad4();
  // Label index for "job", values deliberately unsorted; none for __name__.
  const jobIndex = section(() => {
    e.putBE32(1);
    e.putBE32(3);
    for (const v of ['😀', 'a', 'é']) e.putBE32(symOff.get(v)!);
  });
  const tocPostings = e.len;
  const lists = new Map<string, number>();
  const posting = (key: string, refs: number[]) => {
    pad4();
    lists.set(key, section(() => {
      e.putBE32(refs.length);
      for (const r of refs) e.putBE32(r);
    }));
  };
  posting('\0', seriesRefs);
  posting('__name__\0up', [seriesRefs[0]!, seriesRefs[1]!]);
  posting('__name__\0x', [seriesRefs[2]!]);
  posting('job\0a', [seriesRefs[0]!]);
  posting('job\0é', [seriesRefs[1]!]);
  posting('job\0😀', [seriesRefs[2]!]);
  const tocLabelTable = section(() => {
    e.putBE32(1);
    e.putUvarint(1);
    e.putUvarintStr('job');
    e.putUvarint(jobIndex);
  });
  const tocPostingsTable = section(() => {
    const order = ['job\0😀', '__name__\0x', '\0', 'job\0a', '__name__\0up', 'job\0é'];
    e.putBE32(order.length);
    for (const k of order) {
      const [n, v] = k.split('\0');
      e.putUvarint(2);
      e.putUvarintStr(n!);
      e.putUvarintStr(v!);
      e.putUvarint(lists.get(k)!);
    }
  });
  const tocAt = e.len;
  for (const v of [tocSymbols, tocSeries, tocLabelIndices, tocLabelTable, tocPostings, tocPostingsTable]) e.putBE64(v);
  e.putBE32(crc32c(e.buf, tocAt, e.len));
  return { bytes: e.get().slice(), seriesRefs, symOff };
}

describe('IndexReader on a v1 index', () => {
  it('reads symbols by offset, unaligned series refs, label indices and an unsorted postings table', () => {
    const { bytes, seriesRefs, symOff } = buildV1();
    const r = IndexReader.fromBuffer(bytes, 'v1-index');
    expect(r.version).toBe(1);
    expect([...r.symbols()]).toEqual(['__name__', 'a', 'b', 'job', 'up', 'x', 'é', '😀']);
    expect(r.lookupSymbol(symOff.get('😀')!)).toBe('😀');
    expect(() => r.lookupSymbol(symOff.get('😀')! + 1)).toThrow(/^index v1-index: lookup symbol: unknown symbol offset \d+$/);
    expect(r.labelNames()).toEqual(['__name__', 'job']);
    // From the label index (sorted on read) and, for __name__, from the postings table.
    expect(r.labelValues('job')).toEqual(['a', 'é', '😀']);
    expect(r.labelValues('__name__')).toEqual(['up', 'x']);
    expect([...r.allPostings()]).toEqual(seriesRefs);
    expect([...r.postings('job', ['😀', 'a'])]).toEqual([seriesRefs[0], seriesRefs[2]]);
    expect([...r.postings('__name__', ['up'])]).toEqual([seriesRefs[0], seriesRefs[1]]);
    expect(r.series(seriesRefs[2]!)).toEqual({
      labels: [{ name: '__name__', value: 'x' }, { name: 'job', value: '😀' }],
      chunks: [{ ref: 48, minTime: 200, maxTime: 250 }],
    });
  });
});

describe('corrupt v1 index', () => {
  it('byte flips give the original data or an error naming the file', () => {
    const { bytes } = buildV1();
    const readAll = (r: IndexReader) =>
      JSON.stringify([
        [...r.symbols()],
        r.labelNames().map((n) => [n, r.labelValues(n), r.labelValues(n).map((v) => [...r.postings(n, [v])])]),
        [...r.allPostings()].map((ref) => r.series(ref)),
      ]);
    const want = readAll(IndexReader.fromBuffer(bytes, 'v1'));
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const b = bytes.slice();
        b[at] ^= x;
        let got: string;
        try {
          got = readAll(IndexReader.fromBuffer(b, 'v1'));
        } catch (e) {
          expect((e as Error).message).toMatch(/^index v1: \S/);
          return;
        }
        expect(got).toBe(want);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('large index', () => {
  it('round-trips 70k series (symbol table and sections larger than the write buffer)', () => {
    const p = path();
    const n = 70_000;
    const id = (i: number) => `series-${String(i).padStart(9, '0')}`;
    const w = IndexWriter.create(p);
    for (const s of ['__name__', 'even', 'id', 'metric', 'odd', 'parity']) w.addSymbol(s);
    for (let i = 0; i < n; i++) w.addSymbol(id(i));
    const refs: number[] = [];
    for (let i = 0; i < n; i++) {
      const ls = [
        { name: '__name__', value: 'metric' },
        { name: 'id', value: id(i) },
        { name: 'parity', value: i % 2 === 0 ? 'even' : 'odd' },
      ];
      refs.push(w.addSeries(ls, [{ ref: i * 100, minTime: i, maxTime: i + 10 }]));
    }
    w.close();
    const r = IndexReader.open(p);
    expect(r.size()).toBeGreaterThan(3 << 20);
    expect([...r.symbols()].length).toBe(n + 6);
    expect(r.allPostings()).toEqual(Uint32Array.from(refs));
    const even = r.postings('parity', ['even']);
    expect(even.length).toBe(n / 2);
    expect(even[1]).toBe(refs[2]);
    expect(r.labelValues('id').length).toBe(n);
    expect(r.labelValues('id')[12345]).toBe(id(12345));
    expect([...r.postings('id', [id(69_999), id(3)])]).toEqual([refs[3], refs[69_999]]);
    expect(r.series(refs[54_321]!)).toEqual({
      labels: [{ name: '__name__', value: 'metric' }, { name: 'id', value: id(54_321) }, { name: 'parity', value: 'odd' }],
      chunks: [{ ref: 5_432_100, minTime: 54_321, maxTime: 54_331 }],
    });
  });
});
