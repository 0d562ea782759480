import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { labelsFrom } from '../../src/model/labels.js';
import { Matcher } from '../../src/model/matchers.js';
import {
  AppendError, Block, DB, Head, decodeSeries, encodeMeta, planCompaction, splitByRange, rangeForTimestamp,
  computeChunkEndTime, type BlockMeta,
} from '../../src/tsdb/index.js';

const H = 3600_000;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyperion-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fill(db: DB, series: number, from: number, to: number, step: number): void {
  for (let t = from; t < to; t += step) {
    const app = db.appender();
    for (let i = 0; i < series; i++) app.add(labelsFrom({ __name__: 'm', i: String(i) }), t, t / 1000 + i);
    app.commit();
  }
}

function readAll(db: DB): Map<string, { ts: number[]; vs: number[] }> {
  const out = new Map<string, { ts: number[]; vs: number[] }>();
  for (const s of db.select([new Matcher('=', '__name__', 'm')], -Infinity, Infinity)) {
    const b = decodeSeries(s, -Infinity, Infinity);
    out.set(s.labels.map((l) => `${l.name}=${l.value}`).join(','), { ts: [...b.ts.subarray(0, b.length)], vs: [...b.vs.subarray(0, b.length)] });
  }
  return out;
}

describe('meta.json', () => {
  it('is written exactly as Go MarshalIndent writes it', () => {
    const meta: BlockMeta = {
      ulid: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
      minTime: 0,
      maxTime: 7200000,
      stats: { numSamples: 10, numFloatSamples: 10, numSeries: 2, numChunks: 2 },
      compaction: { level: 2, sources: ['01A', '01B'], parents: [{ ulid: '01A', minTime: 0, maxTime: 1 }] },
      version: 1,
    };
    expect(encodeMeta(meta)).toBe(
      '{\n\t"ulid": "01HZZZZZZZZZZZZZZZZZZZZZZZ",\n\t"minTime": 0,\n\t"maxTime": 7200000,\n\t"stats": {\n\t\t"numSamples": 10,\n\t\t"numFloatSamples": 10,\n\t\t"numSeries": 2,\n\t\t"numChunks": 2\n\t},\n\t"compaction": {\n\t\t"level": 2,\n\t\t"sources": [\n\t\t\t"01A",\n\t\t\t"01B"\n\t\t],\n\t\t"parents": [\n\t\t\t{\n\t\t\t\t"ulid": "01A",\n\t\t\t\t"minTime": 0,\n\t\t\t\t"maxTime": 1\n\t\t\t}\n\t\t]\n\t},\n\t"version": 1\n}',
    );
  });
});

describe('head chunk cutting', () => {
  it('uses Go truncating division for range ends and Prometheus end-time prediction', () => {
    expect(rangeForTimestamp(0, 2 * H)).toBe(2 * H);
    expect(rangeForTimestamp(2 * H - 1, 2 * H)).toBe(2 * H);
    expect(rangeForTimestamp(-1, 2 * H)).toBe(2 * H);
    // 30 samples at 15s (0..435000) into a 2h range: 120-sample chunks predicted.
    expect(computeChunkEndTime(0, 435_000, 2 * H, 4)).toBe(1_800_000);
    expect(computeChunkEndTime(0, 7_000_000, 2 * H, 4)).toBe(2 * H);
  });

  it('cuts 120-sample chunks at a 15s interval and never crosses a range boundary', () => {
    const head = new Head();
    const app = head.appender();
    const ls = labelsFrom({ __name__: 'x' });
    for (let t = 0; t < 3 * H; t += 15_000) app.add(ls, t, t);
    app.commit();
    const [s] = [...head.select([], -Infinity, Infinity)];
    const sizes = s!.chunks.map((c) => (c.data[0]! << 8) | c.data[1]!);
    expect(sizes.slice(0, 4)).toEqual([120, 120, 120, 120]);
    for (const c of s!.chunks) expect(Math.floor(c.minTime / (2 * H))).toBe(Math.floor(c.maxTime / (2 * H)));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(720);
  });
});

describe('appends', () => {
  it('rejects out-of-order and conflicting duplicate samples with counted errors', async () => {
    const registry = new Registry();
    const db = DB.open(dir, { registry });
    try {
      const ls = labelsFrom({ __name__: 'm' });
      const app = db.appender();
      app.add(ls, 1000, 1);
      app.add(ls, 2000, 2);
      expect(() => app.add(ls, 1500, 3)).toThrow(AppendError);
      expect(() => app.add(ls, 2000, 5)).toThrow(/duplicate sample for timestamp/);
      app.add(ls, 2000, 2); // identical duplicate is accepted and dropped
      app.commit();
      const app2 = db.appender();
      expect(() => app2.add(ls, 500, 1)).toThrow(/out of order sample/);
      const text = await registry.metrics();
      expect(text).toMatch(/prometheus_tsdb_out_of_order_samples_total 2/);
      expect(text).toMatch(/prometheus_tsdb_duplicate_samples_total 1/);
      expect(readAll(db).get('__name__=m')!.ts).toEqual([1000, 2000]);
    } finally {
      db.close();
    }
  });
});

describe('head compaction, WAL replay and truncation', () => {
  it('cuts a 2h block once the head spans 3h, and keeps everything across a restart', () => {
    let db = DB.open(dir, { walSegmentSize: 32 * 1024 });
    fill(db, 10, 0, 4 * H, 15_000);
    const before = readAll(db);
    const { headBlocks } = db.compact();
    expect(headBlocks).toBe(1);
    expect(db.blocks.map((b) => [b.minTime, b.maxTime])).toEqual([[0, 2 * H]]);
    expect(db.blocks[0]!.meta.stats.numSamples).toBe(10 * 480);
    expect(db.blocks[0]!.meta.compaction).toEqual({ level: 1, sources: [db.blocks[0]!.ulid] });
    expect(db.head.minTime).toBe(2 * H);
    expect(readAll(db)).toEqual(before);
    // A checkpoint replaced the oldest segments.
    expect(readdirSync(join(dir, 'wal')).some((n) => n.startsWith('checkpoint.'))).toBe(true);
    db.close();

    db = DB.open(dir);
    try {
      expect(readAll(db)).toEqual(before);
      // Samples already in a block are out of bounds for the head.
      expect(() => db.appender().add(labelsFrom({ __name__: 'm', i: '0' }), H, 1)).toThrow(/out of bounds/);
    } finally {
      db.close();
    }
  });

  it('compacts level by level (ranges ×3) and applies time retention', () => {
    const M = 60_000;
    let db = DB.open(dir, { minBlockDuration: M, maxBlockDuration: 9 * M, retention: 0 });
    fill(db, 3, 0, 40 * M, 10_000);
    const before = readAll(db);
    db.compact();
    const spans = db.blocks.map((b) => [b.minTime / M, b.maxTime / M, b.meta.compaction.level]);
    // 38 one-minute blocks were cut; full 3m windows merged, then full 9m windows.
    expect(spans.slice(0, 4)).toEqual([[0, 9, 3], [9, 18, 3], [18, 27, 3], [27, 36, 3]]);
    expect(spans.slice(4)).toEqual([[36, 37, 1], [37, 38, 1], [38, 39, 1]]);
    for (const b of db.blocks) {
      if (b.meta.compaction.level === 3) {
        expect(b.meta.compaction.parents!.map((p) => (p.maxTime - p.minTime) / M)).toEqual([3, 3, 3]);
        expect(b.meta.compaction.sources!.length).toBe(9);
      }
    }
    // Nothing lost, nothing doubled, no overlaps.
    expect(readAll(db)).toEqual(before);
    for (let i = 1; i < db.blocks.length; i++) expect(db.blocks[i]!.minTime).toBeGreaterThanOrEqual(db.blocks[i - 1]!.maxTime);
    db.close();

    // Reopen with a 30m retention: blocks ending more than 30m before the newest go.
    db = DB.open(dir, { minBlockDuration: M, maxBlockDuration: 9 * M, retention: 30 * M });
    try {
      fill(db, 3, 40 * M, 80 * M, 10_000);
      db.compact();
      const newest = Math.max(...db.blocks.map((b) => b.maxTime));
      expect(newest).toBe(79 * M);
      for (const b of db.blocks) expect(newest - b.maxTime).toBeLessThanOrEqual(30 * M);
      expect(Math.min(...db.blocks.map((b) => b.minTime))).toBeGreaterThanOrEqual(40 * M); // the first 40m are gone
    } finally {
      db.close();
    }
  });

  it('skips a corrupt block with an error naming the file and serves the rest', () => {
    let db = DB.open(dir);
    fill(db, 2, 0, 4 * H, 60_000);
    db.compact();
    const ulid = db.blocks[0]!.ulid;
    db.close();
    const indexPath = join(dir, ulid, 'index');
    const buf = readFileSync(indexPath);
    writeFileSync(indexPath, buf.subarray(0, buf.length - 30));
    expect(() => Block.open(join(dir, ulid))).toThrow(new RegExp(`${ulid}/index`));
    db = DB.open(dir);
    try {
      expect(db.blocks.length).toBe(0);
      // The rest still serves: the head (replayed from the WAL) is intact.
      const ts = readAll(db).get('__name__=m,i=0')!.ts;
      expect(ts[ts.length - 1]).toBe(4 * H - 60_000);
    } finally {
      db.close();
    }
    expect(existsSync(join(dir, ulid))).toBe(true); // never deleted: an operator can inspect it
  });
});

describe('planner (Prometheus LeveledCompactor.Plan cases)', () => {
  const meta = (minTime: number, maxTime: number, extra: Partial<BlockMeta> = {}): BlockMeta => ({
    ulid: `B${minTime}-${maxTime}`, minTime, maxTime, stats: { numSeries: 10 }, compaction: { level: 1 }, version: 1, ...extra,
  });
  const plan = (blocks: [number, number][], ranges = [20, 60, 180, 540, 1620]) =>
    planCompaction(blocks.map(([a, b]) => ({ dir: `${a}-${b}`, meta: meta(a, b) })), ranges);

  it('matches Prometheus', () => {
    expect(plan([])).toEqual([]);
    expect(plan([[0, 20]])).toEqual([]);
    expect(plan([[0, 20], [20, 40]])).toEqual([]);
    expect(plan([[0, 20], [20, 40], [40, 60]])).toEqual([]);
    expect(plan([[0, 20], [20, 40], [40, 60], [60, 80]])).toEqual(['0-20', '20-40', '40-60']);
    expect(plan([[0, 60], [60, 120], [120, 180], [180, 200]])).toEqual(['0-60', '60-120', '120-180']);
    expect(plan([[0, 20], [20, 40], [60, 80]])).toEqual([]);
    expect(plan([[0, 20], [20, 40], [60, 80], [80, 100]])).toEqual(['0-20', '20-40']);
    expect(plan([[0, 60], [60, 80]])).toEqual([]);
    expect(plan([[0, 20], [10, 30], [40, 60]])).toEqual(['0-20', '10-30']);
    expect(plan([[0, 20], [30, 50], [40, 60]])).toEqual(['30-50', '40-60']);
  });

  it('rewrites a big block with >5% tombstones', () => {
    const blocks = [
      { dir: 'a', meta: meta(0, 540, { stats: { numSeries: 100, numTombstones: 6 } }) },
      { dir: 'b', meta: meta(540, 560) },
    ];
    expect(planCompaction(blocks, [20, 60, 180, 540, 1620])).toEqual(['a']);
  });

  it('splits by aligned ranges', () => {
    const b = (a: number, c: number) => ({ meta: { minTime: a, maxTime: c } });
    expect(splitByRange([b(0, 10), b(10, 20), b(30, 40)], 30).map((g) => g.length)).toEqual([2, 1]);
    expect(splitByRange([b(0, 40)], 30)).toEqual([]);
  });
});

describe('label validation on append', () => {
  it('drops empty-valued labels and rejects duplicate names and empty sets', () => {
    const head = new Head();
    const app = head.appender();
    app.add([{ name: '__name__', value: 'x' }, { name: 'a', value: '' }], 1, 1);
    expect(() => app.add([{ name: '__name__', value: 'x' }, { name: 'a', value: '1' }, { name: 'a', value: '2' }], 1, 1)).toThrow(/label name "a" is not unique: invalid sample/);
    expect(() => app.add([{ name: 'a', value: '' }], 1, 1)).toThrow(/empty labelset/);
    app.commit();
    expect([...head.select([], -Infinity, Infinity)].map((s) => s.labels)).toEqual([[{ name: '__name__', value: 'x' }]]);
  });
});
