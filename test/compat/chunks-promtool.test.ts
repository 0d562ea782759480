// Our XOR encoder and chunk segment writer against the real peer: promtool
// (`tsdb create-blocks-from openmetrics`) writes a block from an OpenMetrics
// file; its chunks/000001 must be byte-identical to what we produce from the
// same samples — chunk by chunk, cut points included, and as a whole file.
// promtool missing is a failure, never a skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer, run } from '../helpers/peers.js';
import { Head } from '../../src/tsdb/index.js';
import { ChunkReader, ChunkWriter, type ChunkMeta } from '../../src/tsdb/chunks/index.js';
import {
  Encoding,
  MAX_BYTES_PER_XOR_CHUNK_BEFORE_APPEND,
  XORChunk,
  XORIterator,
  decodeXOR,
  floatFromBits,
} from '../../src/tsdb/chunkenc/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** One series: its name (the only label) and samples (values as a typed array to keep NaN bits). */
interface Series {
  name: string;
  ts: number[];
  vs: Float64Array;
}

/** Go's math.NaN(), which strconv.ParseFloat("NaN") returns. */
const GO_NAN = floatFromBits(0x7ff80000, 0x00000001);
const BLOCK = 2 * 3600_000;
/** promtool's BlockWriter uses a head with chunk range 2 × block duration. */
const PROMTOOL_CHUNK_RANGE = 2 * BLOCK;
const BASE = 1_699_999_200_000; // 2h-aligned, so every series below lands in one block

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

function makeSeries(): Series[] {
  const out: Series[] = [];
  const add = (name: string, ts: number[], vals: number[]): void => {
    const vs = new Float64Array(vals.length);
    for (let i = 0; i < vals.length; i++) vs[i] = vals[i]!;
    out.push({ name, ts, vs });
  };
  const r = rng(42);

  // Counter: 300 samples at 15s with uneven increments and one reset.
  {
    const ts: number[] = [];
    const vs: number[] = [];
    let c = 1000;
    for (let i = 0; i < 300; i++) {
      ts.push(BASE + 60_000 + i * 15_000);
      c = i === 170 ? 3 : c + Math.floor(r() * 50);
      vs.push(c);
    }
    add('c01_counter', ts, vs);
  }
  // Gauge: 200 samples at 10s, quarter steps so chunks stay well under 1 KiB.
  {
    const ts: number[] = [];
    const vs: number[] = [];
    for (let i = 0; i < 200; i++) {
      ts.push(BASE + 5_000 + i * 10_000);
      vs.push(Math.round(Math.sin(i / 10) * 400) / 4);
    }
    add('c02_gauge', ts, vs);
  }
  // NaN, ±Inf, ±0 and ordinary values mixed.
  {
    const pattern = [1, NaN, NaN, Infinity, -Infinity, 0, -0, 2.5, Infinity, 7, NaN, -3];
    const ts = pattern.map((_, i) => BASE + 1_000 + i * 30_000);
    add('c03_special', ts, pattern.map((v) => (Number.isNaN(v) ? GO_NAN : v)));
  }
  // Irregular: ms jitter (14/17-bit dods), minute gaps (20-bit) and a 30 min gap (64-bit).
  {
    const ts: number[] = [];
    const vs: number[] = [];
    let t = BASE + 123;
    for (let i = 0; i < 150; i++) {
      t += 15_000 + Math.floor(r() * 6_000) - 3_000;
      if (i % 37 === 36) t += 60_000 + Math.floor(r() * 100_000);
      if (i === 100) t += 1_800_000;
      ts.push(t);
      vs.push(i % 3);
    }
    add('c04_irregular', ts, vs);
  }
  // Large and negative value swings (new leading/trailing windows all the time).
  {
    const pool = [1e300, -1e-300, 123456789.123, -5e10, 0.1, -0.30000000000000004, 2 ** 52 + 1, -1];
    const ts: number[] = [];
    const vs: number[] = [];
    for (let i = 0; i < 80; i++) {
      ts.push(BASE + 2_000 + i * 20_000);
      vs.push(pool[Math.floor(r() * pool.length)]!);
    }
    add('c05_swings', ts, vs);
  }
  add('c06_one', [BASE + 7_000], [42]);
  add('c07_two', [BASE + 7_000, BASE + 22_000], [42, 43.5]);
  // Dense constant series: 1 s interval cuts every ~120 samples via the end-time prediction.
  {
    const ts: number[] = [];
    const vs: number[] = [];
    for (let i = 0; i < 700; i++) {
      ts.push(BASE + 900_000 + i * 1_000);
      vs.push(1);
    }
    add('c08_dense', ts, vs);
  }
  return out;
}

/** OpenMetrics number text that Go's ParseFloat reads back to the same float64. */
function omValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** Timestamps are float seconds; promtool stores int64(ts*1000). */
function omTime(ms: number): { text: string; ms: number } {
  const text = (ms / 1000).toFixed(3);
  return { text, ms: Math.trunc(parseFloat(text) * 1000) };
}

/** Our Head's chunks for a series, with the chunk range promtool's BlockWriter gives its head. */
function cutChunks(s: Series): Uint8Array[] {
  const head = new Head({ chunkRange: PROMTOOL_CHUNK_RANGE });
  const app = head.appender();
  const labels = [{ name: '__name__', value: s.name }];
  for (let i = 0; i < s.ts.length; i++) {
    // These fixtures stay below the 3.x size cut (1005 bytes) so 2.42 and 3.x rules agree.
    app.add(labels, s.ts[i]!, s.vs[i]!);
  }
  app.commit();
  const [series] = [...head.select([], -Infinity, Infinity)];
  const chunks = series!.chunks.map((c) => c.data);
  // No chunk was cut for size (a 3.x rule 2.42 lacks): every chunk followed by another stayed small.
  for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThanOrEqual(MAX_BYTES_PER_XOR_CHUNK_BEFORE_APPEND);
  return chunks;
}

/**
 * Prometheus 2.x (before #14854, fixed in 3.0) had a bstream.writeByte bug:
 * a whole byte written at a byte boundary left an extra empty byte behind.
 * Mid-stream the next write fills it, so only a chunk whose bits end exactly
 * on a byte boundary with a whole-byte write (the 64-bit first value, or a
 * value whose significant bits are a multiple of 8) ends in one extra 0x00.
 * We write what Prometheus 3.x writes; this says when promtool 2.x adds it.
 */
function legacyTrailingByte(bytes: Uint8Array): boolean {
  const it = new XORIterator(bytes);
  let n = 0;
  let prev = it.state();
  let last = prev;
  while (it.next()) {
    prev = last;
    last = it.state();
    n++;
  }
  const aligned = (16 + it.bitPos()) % 8 === 0;
  if (!aligned || n === 0) return false;
  if (n === 1) return true; // the raw 64-bit value was the last write
  const changed = last.vHi !== prev.vHi || last.vLo !== prev.vLo;
  return changed && (64 - last.leading - last.trailing) % 8 === 0;
}

/** Our chunk as promtool 2.x writes it (see legacyTrailingByte). */
function asPromtool2(bytes: Uint8Array): Uint8Array {
  if (!legacyTrailingByte(bytes)) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** Prometheus ≥ 3.0 writes no legacy byte; 2.x does. */
function promtoolMajor(): number {
  const m = /version (\d+)\./.exec(run('promtool', ['--version']));
  return m ? Number(m[1]) : 0;
}

function bitsOf(vs: Float64Array): number[] {
  return Array.from(new Uint32Array(vs.buffer, vs.byteOffset, vs.length * 2));
}

describe('XOR chunks and segment files match promtool byte for byte', () => {
  let tmp: string;
  let series: Series[];
  let theirs: { ref: number; encoding: number; data: Uint8Array }[];
  let theirFile: Buffer;
  let legacy: boolean;

  beforeAll(() => {
    requirePeer('promtool');
    legacy = promtoolMajor() < 3;
    tmp = mkdtempSync(join(tmpdir(), 'hyperion-chunks-compat-'));
    series = makeSeries();
    let text = '';
    for (const s of series) {
      for (let i = 0; i < s.ts.length; i++) {
        const tm = omTime(s.ts[i]!);
        s.ts[i] = tm.ms;
        text += `${s.name} ${omValue(s.vs[i]!)} ${tm.text}\n`;
      }
    }
    text += '# EOF\n';
    writeFileSync(join(tmp, 'input.om'), text);
    const out = join(tmp, 'out');
    run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(tmp, 'input.om'), out]);
    const blocks = readdirSync(out).filter((n) => /^[0-9A-Z]{26}$/.test(n));
    expect(blocks).toHaveLength(1);
    const chunksDir = join(out, blocks[0]!, 'chunks');
    expect(readdirSync(chunksDir)).toEqual(['000001']);
    theirFile = readFileSync(join(chunksDir, '000001'));
    const r = ChunkReader.open(chunksDir);
    theirs = [...r.scan()];
    r.close();
  });

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the first chunk starts right after the 8-byte segment header', () => {
    expect(theirs[0]!.ref).toBe(8);
    expect(theirs.every((c) => c.encoding === Encoding.XOR)).toBe(true);
  });

  it('decoding promtool\'s chunks gives back exactly the input samples (series in label order)', () => {
    const ts: number[] = [];
    const vs: number[] = [];
    const buf = new Float64Array(1 << 16);
    const tsBuf = new Float64Array(1 << 16);
    for (const c of theirs) {
      const n = decodeXOR(c.data, tsBuf, buf);
      for (let i = 0; i < n; i++) ts.push(tsBuf[i]!);
      vs.push(...bitsOf(buf.subarray(0, n)));
      // The iterator agrees with the batch decoder.
      const it = new XORIterator(c.data);
      let k = 0;
      while (it.next()) expect(it.t).toBe(tsBuf[k++]);
      expect(it.err).toBeNull();
      expect(k).toBe(n);
    }
    expect(ts).toEqual(series.flatMap((s) => s.ts));
    expect(vs).toEqual(series.flatMap((s) => bitsOf(s.vs)));
  });

  it('re-encoding each promtool chunk\'s samples reproduces its bytes', () => {
    const tsBuf = new Float64Array(1 << 16);
    const vsBuf = new Float64Array(1 << 16);
    for (const c of theirs) {
      const n = decodeXOR(c.data, tsBuf, vsBuf);
      const ours = new XORChunk();
      const a = ours.appender();
      for (let i = 0; i < n; i++) a.append(tsBuf[i]!, vsBuf[i]!);
      expect(hex(legacy ? asPromtool2(ours.bytes()) : ours.bytes())).toBe(hex(c.data));
    }
  });

  it('promtool 2.x\'s extra trailing byte shows up exactly where predicted, and we read and extend such chunks', () => {
    const tsBuf = new Float64Array(1 << 16);
    const vsBuf = new Float64Array(1 << 16);
    let affected = 0;
    for (const c of theirs) {
      const n = decodeXOR(c.data, tsBuf, vsBuf);
      const ours = new XORChunk();
      const a = ours.appender();
      for (let i = 0; i < n; i++) a.append(tsBuf[i]!, vsBuf[i]!);
      const extra = legacy && legacyTrailingByte(ours.bytes()) ? 1 : 0;
      expect(c.data.length - ours.bytes().length).toBe(extra);
      if (extra === 0) continue;
      affected++;
      expect(c.data[c.data.length - 1]).toBe(0);
      // Reopening the 2.x chunk and appending continues in place, as 3.x would have written it.
      const reopened = new XORChunk(c.data);
      reopened.appender().append(tsBuf[n - 1]! + 1000, 12.5);
      a.append(tsBuf[n - 1]! + 1000, 12.5);
      if (n > 1) expect(hex(reopened.bytes())).toBe(hex(ours.bytes()));
      const ts = new Float64Array(n + 1);
      const vs = new Float64Array(n + 1);
      expect(decodeXOR(reopened.bytes(), ts, vs)).toBe(n + 1);
      expect(Array.from(ts.subarray(0, n))).toEqual(Array.from(tsBuf.subarray(0, n)));
      expect(bitsOf(vs.subarray(0, n))).toEqual(bitsOf(vsBuf.subarray(0, n)));
      expect([ts[n], vs[n]]).toEqual([tsBuf[n - 1]! + 1000, 12.5]);
    }
    // The one-sample series is always affected under 2.x; the fixtures have others too.
    if (legacy) expect(affected).toBeGreaterThanOrEqual(2);
  });

  it('our head-style cutting yields the same chunks, and our writer the same file', () => {
    const ours = series.flatMap(cutChunks);
    expect(ours.length).toBe(theirs.length);
    expect(ours.length).toBeGreaterThan(series.length + 5); // several series were cut
    ours.forEach((b, i) => expect(hex(legacy ? asPromtool2(b) : b), `chunk ${i}`).toBe(hex(theirs[i]!.data)));

    const dir = join(tmp, 'ours');
    const w = ChunkWriter.create(dir);
    const metas: ChunkMeta[] = ours.map((b) => {
      const data = legacy ? asPromtool2(b) : b;
      return { ref: 0, minTime: 0, maxTime: 0, chunk: { encoding: Encoding.XOR, bytes: () => data } };
    });
    w.writeChunks(metas);
    w.close();
    expect(metas.map((m) => m.ref)).toEqual(theirs.map((c) => c.ref));
    expect(readFileSync(join(dir, '000001')).equals(theirFile)).toBe(true);
  });
});
