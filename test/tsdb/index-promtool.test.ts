// Cross-checks against the real peer, promtool (Prometheus 2.42):
// 1. our reader on an index promtool wrote (create-blocks-from openmetrics),
//    with unicode label values that sort differently in UTF-8 and UTF-16;
// 2. our writer re-encoding what we read gives byte-identical symbol table,
//    series section and postings lists (promtool 2.42 also writes label
//    indices, so only the offsets after the series differ);
// 3. promtool reads a block whose index (and tombstones) we wrote.
// promtool missing is a failure, never a skip (see test/helpers/peers.ts).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer, run } from '../helpers/peers.js';
import { IndexReader, IndexWriter, postingsForMatchers } from '../../src/tsdb/index/index.js';
import { MemTombstones, writeTombstones } from '../../src/tsdb/tombstones/index.js';
import { Encbuf } from '../../src/tsdb/encoding.js';
import { crc32c } from '../../src/util/crc32c.js';
import { compareLabels, compareUtf8, goQuote, labelsFrom, type Label, type Labels } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matchers.js';

interface InputSeries {
  labels: Labels;
  samples: [number, number][]; // [ms, value]
}

const T0 = 1_700_006_400_000; // 2h-aligned, so promtool cuts one block

// Values that order differently by UTF-16 code unit and by UTF-8 byte:
// U+E000 and U+FFFD sort before 😀 (U+1F600) in UTF-8 but after it in UTF-16.
const PATHS = ['/a', '/z', '/é', '/中文', '/\uE000', '/\uE000x', '/\uFFFD', '/😀', '/😀\uE000', '/"q"', '/back\\slash'];

function dataset(): InputSeries[] {
  const out: InputSeries[] = [];
  let v = 0;
  const add = (name: string, ls: Record<string, string>, n = 3) => {
    const samples: [number, number][] = [];
    for (let i = 0; i < n; i++) samples.push([T0 + i * 15_000, v++ + 0.5]);
    out.push({ labels: labelsFrom({ __name__: name, ...ls }), samples });
  };
  for (const [i, path] of PATHS.entries()) {
    add('http_requests_total', { code: i % 3 === 0 ? '500' : '200', method: i % 2 ? 'post' : 'get', path });
  }
  add('up', { instance: 'host-1:9100', job: 'node' });
  add('up', { instance: 'host-2:9100', job: 'node' }, 1);
  add('up', { instance: '😀', job: 'emoji' });
  add('up', { instance: '\uE000', job: 'emoji' });
  add('temp_celsius', { room: 'küche', sensor: 'Ω' }, 5);
  add('temp_celsius', { room: 'Zimmer' });
  add('temp_celsius', { room: 'ß', sensor: '\uE000' });
  return out;
}

function sortedInput(input: InputSeries[]): InputSeries[] {
  return [...input].sort((a, b) => compareLabels(a.labels, b.labels));
}

function escapeOM(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function toOpenMetrics(input: InputSeries[]): string {
  const byName = new Map<string, InputSeries[]>();
  for (const s of input) {
    const name = s.labels.find((l) => l.name === '__name__')!.value;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name)!.push(s);
  }
  let text = '';
  for (const [name, series] of byName) {
    text += `# TYPE ${name} gauge\n`;
    for (const s of series) {
      const ls = s.labels.filter((l) => l.name !== '__name__').map((l) => `${l.name}="${escapeOM(l.value)}"`).join(',');
      for (const [t, v] of s.samples) text += `${name}{${ls}} ${v} ${t / 1000}\n`;
    }
  }
  return text + '# EOF\n';
}

/** Go's labels.String(): strconv.Quote escapes private-use code points too. */
function goLabels(ls: Labels): string {
  const q = (v: string) => goQuote(v).replace(/[\uE000-\uF8FF]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return '{' + ls.map((l) => `${l.name}=${q(l.value)}`).join(', ') + '}';
}

function brute(input: InputSeries[], ms: Matcher[]): Labels[] {
  return sortedInput(input)
    .map((s) => s.labels)
    .filter((ls) => ms.every((m) => m.matches(ls.find((l) => l.name === m.name)?.value ?? '')));
}

let tmp: string;
let input: InputSeries[];
let blockDir: string;

beforeAll(() => {
  requirePeer('promtool');
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-index-promtool-'));
  input = dataset();
  const om = join(tmp, 'in.om');
  writeFileSync(om, toOpenMetrics(input));
  const out = join(tmp, 'theirs');
  run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, out]);
  const blocks = readdirSync(out).filter((d) => /^[0-9A-Z]{26}$/.test(d));
  expect(blocks).toHaveLength(1);
  blockDir = join(out, blocks[0]!);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('our reader on an index written by promtool', () => {
  it('has the label names, values, symbols and series of the input', () => {
    const r = IndexReader.open(join(blockDir, 'index'));
    expect(r.version).toBe(2);
    const names = new Set<string>();
    const values = new Map<string, Set<string>>();
    for (const s of input) {
      for (const l of s.labels) {
        names.add(l.name);
        if (!values.has(l.name)) values.set(l.name, new Set());
        values.get(l.name)!.add(l.value);
      }
    }
    expect(r.labelNames()).toEqual([...names].sort(compareUtf8));
    for (const [n, vs] of values) expect(r.labelValues(n)).toEqual([...vs].sort(compareUtf8));
    expect(r.labelValues('path')).toContain('/😀\uE000');
    // UTF-8 order puts U+E000 and U+FFFD before the emoji.
    const paths = r.labelValues('path');
    expect(paths.indexOf('/\uFFFD')).toBeLessThan(paths.indexOf('/😀'));
    const allStrings = new Set<string>();
    for (const s of input) for (const l of s.labels) allStrings.add(l.name).add(l.value);
    // The head hands promtool's writer every string it saw, which here includes "".
    expect([...r.symbols()].filter((x) => x !== '')).toEqual([...allStrings].sort(compareUtf8));

    const expected = sortedInput(input);
    const refs = r.allPostings();
    expect(refs.length).toBe(expected.length);
    let lastChunkRef = -1;
    const chunkFile = statSync(join(blockDir, 'chunks', '000001')).size;
    for (let i = 0; i < refs.length; i++) {
      const s = r.series(refs[i]!);
      expect(s.labels).toEqual(expected[i]!.labels);
      const ts = expected[i]!.samples.map(([t]) => t);
      expect(s.chunks.length).toBeGreaterThanOrEqual(1);
      expect(s.chunks[0]!.minTime).toBe(ts[0]);
      expect(s.chunks[s.chunks.length - 1]!.maxTime).toBe(ts[ts.length - 1]);
      for (const c of s.chunks) {
        expect(c.ref).toBeGreaterThan(lastChunkRef);
        expect(c.ref).toBeLessThan(chunkFile); // segment 0: the ref is the byte offset
        lastChunkRef = c.ref;
      }
    }
    for (const [n, vs] of values) {
      for (const v of vs) {
        const got = [...r.postings(n, [v])].map((ref) => r.series(ref).labels);
        expect(got).toEqual(expected.map((s) => s.labels).filter((ls) => ls.some((l) => l.name === n && l.value === v)));
      }
    }
    r.close();
  });

  it('postingsForMatchers matches a brute-force filter of the input', () => {
    const r = IndexReader.open(join(blockDir, 'index'));
    const cases: Matcher[][] = [
      [new Matcher('=', '__name__', 'up')],
      [new Matcher('=', '__name__', 'up'), new Matcher('!=', 'job', 'node')],
      [new Matcher('=~', 'path', '/(é|😀|\uE000)')],
      [new Matcher('!~', 'path', '/.*')],
      [new Matcher('=', 'sensor', '')],
      [new Matcher('!=', 'sensor', '')],
      [new Matcher('=~', 'instance', '.+'), new Matcher('!~', 'instance', 'host.*')],
      [new Matcher('=~', 'code', '.*')],
      [new Matcher('=', 'nope', 'x')],
      [new Matcher('!=', 'nope', 'x')],
      [new Matcher('=~', 'method', 'get|post'), new Matcher('=', 'code', '500')],
    ];
    for (const ms of cases) {
      const got = [...postingsForMatchers(r, ms)].map((ref) => r.series(ref).labels);
      expect(got, ms.join(',')).toEqual(brute(input, ms));
    }
    r.close();
  });
});

describe('our writer against promtool', () => {
  it('re-encodes promtool\'s index with identical symbols, series and postings bytes', () => {
    const theirs = readFileSync(join(blockDir, 'index'));
    const r = IndexReader.fromBuffer(theirs, 'theirs');
    const p = join(tmp, 'rewritten-index');
    const w = IndexWriter.create(p);
    for (const s of r.symbols()) w.addSymbol(s);
    const refs = r.allPostings();
    for (const ref of refs) {
      const s = r.series(ref);
      expect(w.addSeries(s.labels, s.chunks)).toBe(ref);
    }
    w.close();
    const ours = readFileSync(p);
    const o = IndexReader.fromBuffer(ours, 'ours');
    const ta = r.tableOfContents();
    const tb = o.tableOfContents();
    expect(tb.symbols).toBe(ta.symbols);
    expect(tb.series).toBe(ta.series);
    // Header, symbol table and every series entry are the same bytes. promtool
    // 2.42 starts its label indices after the last series (we write none).
    const seriesEnd = tb.labelIndices;
    expect(ta.labelIndices).toBe(seriesEnd);
    expect(ours.subarray(0, seriesEnd).equals(theirs.subarray(0, seriesEnd))).toBe(true);
    // Same postings lists, byte for byte (length, count, refs, CRC), for every pair.
    const pairs = (ix: IndexReader) => ix.labelNames().flatMap((n) => ix.labelValues(n).map((v) => [n, v] as const));
    expect(pairs(o)).toEqual(pairs(r));
    const listBytes = (buf: Buffer, ix: IndexReader, n: string, v: string) => {
      const lst = ix.postings(n, [v]);
      const enc = new Encbuf();
      enc.putBE32(4 + 4 * lst.length);
      enc.putBE32(lst.length);
      for (const x of lst) enc.putBE32(x);
      enc.putBE32(crc32c(enc.buf, 4, enc.len));
      const needle = Buffer.from(enc.get());
      const at = buf.indexOf(needle, ix.tableOfContents().postings);
      expect(at % 4).toBe(0);
      return needle;
    };
    for (const [n, v] of [['', ''] as const, ...pairs(r)]) {
      expect(listBytes(ours, o, n, v).equals(listBytes(theirs, r, n, v))).toBe(true);
    }
  });
});

/** XOR chunk holding one sample: u16 count, varint t, float64 bits. */
function xorOneSample(t: number, v: number): Uint8Array {
  const e = new Encbuf();
  e.putBE16(1);
  e.putVarint(t);
  e.putBE64Float(v);
  return e.get().slice();
}

describe('promtool reads a block with our index and tombstones', () => {
  it('dumps exactly the samples we indexed and analyzes the labels', () => {
    const ulid = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const db = join(tmp, 'ours-db');
    const dir = join(db, ulid);
    mkdirSync(join(dir, 'chunks'), { recursive: true });
    mkdirSync(join(db, 'wal'), { recursive: true }); // promtool 2.42 dump opens the WAL too

    // chunks/000001: one chunk per sample, so series have several chunks.
    const seg = new Encbuf();
    seg.putBE32(0x85bd40dd);
    seg.putByte(1);
    seg.putBytes(new Uint8Array(3));
    const series = sortedInput(input);
    const metas: { ref: number; minTime: number; maxTime: number }[][] = [];
    let numSamples = 0;
    for (const s of series) {
      const ms = [];
      for (const [t, v] of s.samples) {
        const data = xorOneSample(t, v);
        ms.push({ ref: seg.len, minTime: t, maxTime: t });
        seg.putUvarint(data.length);
        const at = seg.len;
        seg.putByte(1);
        seg.putBytes(data);
        seg.putBE32(crc32c(seg.buf, at, seg.len));
        numSamples++;
      }
      metas.push(ms);
    }
    writeFileSync(join(dir, 'chunks', '000001'), seg.get());

    const w = IndexWriter.create(join(dir, 'index'));
    const syms = new Set<string>();
    for (const s of input) for (const l of s.labels) syms.add(l.name).add(l.value);
    for (const s of [...syms].sort(compareUtf8)) w.addSymbol(s);
    series.forEach((s, i) => w.addSeries(s.labels, metas[i]!));
    w.close();
    expect(writeTombstones(dir, new MemTombstones())).toBe(9);
    const maxT = Math.max(...input.flatMap((s) => s.samples.map(([t]) => t)));
    const meta = {
      ulid,
      minTime: T0,
      maxTime: maxT + 1,
      stats: { numSamples, numSeries: series.length, numChunks: numSamples },
      compaction: { level: 1, sources: [ulid] },
      version: 1,
    };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, '\t'));

    const dump = run('promtool', ['tsdb', 'dump', db]).split('\n').filter((l) => l !== '');
    const expected = series.flatMap((s) => s.samples.map(([t, v]) => `${goLabels(s.labels)} ${v} ${t}`));
    expect(dump.sort()).toEqual(expected.sort());

    const analyze = run('promtool', ['tsdb', 'analyze', db, ulid]);
    const names = new Set(input.flatMap((s) => s.labels.map((l: Label) => l.name)));
    expect(analyze).toContain(`Series: ${series.length}\n`);
    expect(analyze).toContain(`Label names: ${names.size}\n`);
    const pairs = new Set(input.flatMap((s) => s.labels.map((l) => l.name + '=' + l.value)));
    expect(analyze).toContain(`Postings (unique label pairs): ${pairs.size}\n`);
    expect(analyze).toContain(`Postings entries (total label pairs): ${input.reduce((n, s) => n + s.labels.length, 0)}\n`);
  });
});
