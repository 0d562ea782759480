// Requirement: a corrupt or truncated block, index or WAL segment gives a
// clear error naming the file (and for the WAL, recovery up to the last good
// record), never a crash or a hang.
//
// Synchronous code cannot be interrupted by a vitest timeout, so everything
// that could loop forever on bad bytes is also run in a child process with a
// hard timeout: the CLI (`tools tsdb dump|analyze`) for every block and WAL
// case, and the whole fuzz loop.
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { labelsFrom, labelsToString } from '../../src/model/labels.js';
import { Block, DB, decodeSeries } from '../../src/tsdb/index.js';
import { IndexReader } from '../../src/tsdb/index/index.js';
import { MemTombstones, writeTombstones } from '../../src/tsdb/tombstones/index.js';
import { PAGE_SIZE, RecordType, SNAPPY_FLAG, SampleBatch, WALReader, decodeSamples, listSegments, recordType, segmentName } from '../../src/tsdb/wal/index.js';

const H = 3600_000;
const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli.js');
const DIST_TSDB = join(ROOT, 'dist/src/tsdb/index.js');
/** Per-test budget: a hang fails the test instead of stalling the run. */
const T = 20_000;
/** Every CLI run gets this long before it is killed and the test fails. */
const CLI_TIMEOUT = 15_000;

type Data = Map<string, { ts: number[]; vs: number[] }>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hyperion-corrupt-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function distBuilt(): void {
  if (!existsSync(CLI) || !existsSync(DIST_TSDB)) throw new Error('dist/ missing: run `npx tsc -p tsconfig.build.json` first');
}

function readAll(db: DB, mint = -Infinity, maxt = Infinity): Data {
  const out: Data = new Map();
  for (const s of db.select([], mint, maxt)) {
    const b = decodeSeries(s, mint, maxt);
    out.set(labelsToString(s.labels), { ts: [...b.ts.subarray(0, b.length)], vs: [...b.vs.subarray(0, b.length)] });
  }
  return out;
}

/** Reads every series of a block, all the way down to the chunk bytes. */
function readBlock(b: Block): Data {
  const out: Data = new Map();
  for (const s of b.select([], -Infinity, Infinity)) {
    const buf = decodeSeries(s, -Infinity, Infinity);
    out.set(labelsToString(s.labels), { ts: [...buf.ts.subarray(0, buf.length)], vs: [...buf.vs.subarray(0, buf.length)] });
  }
  return out;
}

function onlyFrom(data: Data, mint: number): Data {
  const out: Data = new Map();
  for (const [k, { ts, vs }] of data) {
    const i = ts.findIndex((t) => t >= mint);
    if (i >= 0) out.set(k, { ts: ts.slice(i), vs: vs.slice(i) });
  }
  return out;
}

/** A pino logger writing JSON lines into memory. */
function captureLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
  return { logger, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function metric(reg: Registry, name: string): Promise<number> {
  const m = reg.getSingleMetric(name);
  if (!m) return 0;
  const v = await m.get();
  return v.values[0]?.value ?? 0;
}

function cli(...args: string[]): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: CLI_TIMEOUT, maxBuffer: 64 << 20 });
  // A timeout (hang) shows up as r.error ETIMEDOUT / signal SIGTERM.
  expect(r.error, `hyperion ${args.join(' ')} did not finish: ${r.error?.message}`).toBeUndefined();
  expect(r.signal).toBeNull();
  return r;
}

/** The CLI failed cleanly: exit 1, one `hyperion: …` line naming the file, no stack trace. */
function expectCleanCliError(r: SpawnSyncReturns<string>, file: string): void {
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr.startsWith('hyperion: ')).toBe(true);
  expect(r.stderr).toContain(file);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |Uncaught|node:internal/);
}

function flip(file: string, pos: number, xor = 0xff): void {
  const b = readFileSync(file);
  if (pos < 0 || pos >= b.length) throw new Error(`flip position ${pos} outside ${file} (${b.length} bytes)`);
  b[pos]! ^= xor;
  writeFileSync(file, b);
}

// ---------------------------------------------------------------------------
// Blocks

const SERIES = 10;
const val = (t: number, i: number) => Math.sin(t / 100_000 + i) * 100 + i;

/**
 * A data dir with two blocks ([0,2h) and [2h,4h)) and a head ([4h,6h)),
 * 10 series at 30s (two chunks per series per block). Returns block ULIDs
 * and everything the DB serves.
 */
function buildDB(dataDir: string): { a: string; b: string; all: Data } {
  const db = DB.open(dataDir);
  try {
    for (let t = 0; t < 6 * H; t += 30_000) {
      const app = db.appender();
      for (let i = 0; i < SERIES; i++) app.add(labelsFrom({ __name__: 'm', i: String(i) }), t, val(t, i));
      app.commit();
    }
    db.compact();
    expect(db.blocks.map((b) => [b.minTime, b.maxTime])).toEqual([[0, 2 * H], [2 * H, 4 * H]]);
    const all = readAll(db);
    expect(all.size).toBe(SERIES);
    expect(all.get('{__name__="m", i="3"}')!.ts).toHaveLength(6 * 120);
    return { a: db.blocks[0]!.ulid, b: db.blocks[1]!.ulid, all };
  } finally {
    db.close();
  }
}

interface BlockCase {
  name: string;
  /** The damaged file, relative to the block dir. */
  file: string;
  /** Found by Block.open, or only when series/chunks are read. */
  when: 'open' | 'read';
  /** What the message says besides the file name. */
  reason: RegExp;
  corrupt(blockDir: string): void;
}

const tocOf = (blockDir: string) => {
  const ix = IndexReader.open(join(blockDir, 'index'));
  try {
    return ix.tableOfContents();
  } finally {
    ix.close();
  }
};
const sizeOf = (f: string) => statSync(f).size;

const blockCases: BlockCase[] = [
  { name: 'meta.json missing', file: 'meta.json', when: 'open', reason: /ENOENT|no such file/, corrupt: (d) => unlinkSync(join(d, 'meta.json')) },
  {
    name: 'meta.json truncated JSON', file: 'meta.json', when: 'open', reason: /JSON/,
    corrupt: (d) => truncateSync(join(d, 'meta.json'), Math.floor(sizeOf(join(d, 'meta.json')) / 2)),
  },
  {
    name: 'meta.json wrong version', file: 'meta.json', when: 'open', reason: /unsupported meta version 2/,
    corrupt: (d) => {
      const p = join(d, 'meta.json');
      const s = readFileSync(p, 'utf8');
      expect(s).toContain('"version": 1');
      writeFileSync(p, s.replace('"version": 1', '"version": 2'));
    },
  },
  {
    name: 'index truncated inside the TOC', file: 'index', when: 'open', reason: /invalid checksum in TOC/,
    corrupt: (d) => truncateSync(join(d, 'index'), sizeOf(join(d, 'index')) - 20),
  },
  {
    name: 'index truncated inside the postings offset table', file: 'index', when: 'open', reason: /checksum|truncated/,
    corrupt: (d) => truncateSync(join(d, 'index'), tocOf(d).postingsTable + 10),
  },
  {
    name: 'index truncated inside the series section', file: 'index', when: 'open', reason: /checksum|truncated/,
    corrupt: (d) => truncateSync(join(d, 'index'), tocOf(d).series + 20),
  },
  {
    name: 'index truncated inside the header', file: 'index', when: 'open', reason: /truncated: 3 bytes/,
    corrupt: (d) => truncateSync(join(d, 'index'), 3),
  },
  {
    name: 'index with a flipped byte in the symbol table', file: 'index', when: 'open', reason: /invalid checksum in symbol table/,
    // Past the section length (4) and the symbol count (4): inside the first symbols.
    corrupt: (d) => flip(join(d, 'index'), tocOf(d).symbols + 9),
  },
  {
    name: 'index with flipped bytes all over the symbol table', file: 'index', when: 'open', reason: /checksum|symbol/,
    corrupt: (d) => {
      const at = tocOf(d).symbols;
      for (const k of [0, 3, 5, 8, 13, 21]) flip(join(d, 'index'), at + k, 0x5a);
    },
  },
  {
    name: 'index with a flipped byte in the postings offset table', file: 'index', when: 'open', reason: /invalid checksum in postings offset table/,
    corrupt: (d) => flip(join(d, 'index'), tocOf(d).postingsTable + 9),
  },
  {
    name: 'index with a flipped byte in a series entry', file: 'index', when: 'read', reason: /invalid checksum in series entry/,
    // The TOC points before the padding; entries start 16-byte aligned.
    corrupt: (d) => flip(join(d, 'index'), Math.ceil(tocOf(d).series / 16) * 16 + 3),
  },
  {
    name: 'index with a flipped byte in the all-series postings list', file: 'index', when: 'read', reason: /invalid checksum in postings list/,
    // The ("","") list is written first, 4-byte aligned; +9 is inside its refs.
    corrupt: (d) => flip(join(d, 'index'), Math.ceil(tocOf(d).postings / 4) * 4 + 9),
  },
  {
    name: 'chunks/000001 truncated', file: 'chunks/000001', when: 'read', reason: /truncated|out of range/,
    corrupt: (d) => truncateSync(join(d, 'chunks/000001'), sizeOf(join(d, 'chunks/000001')) - 7),
  },
  {
    name: 'chunks/000001 truncated inside its header', file: 'chunks/000001', when: 'open', reason: /invalid segment header/,
    corrupt: (d) => truncateSync(join(d, 'chunks/000001'), 5),
  },
  {
    name: 'chunks/000001 with a flipped byte in chunk data', file: 'chunks/000001', when: 'read', reason: /checksum mismatch at offset 8\b/,
    // Header (8), length uvarint (1-2), encoding (1): offset 13 is data of the first chunk.
    corrupt: (d) => flip(join(d, 'chunks/000001'), 13, 0x10),
  },
  {
    name: 'chunks/000001 with a bad segment magic', file: 'chunks/000001', when: 'open', reason: /invalid magic number/,
    corrupt: (d) => flip(join(d, 'chunks/000001'), 0, 0x01),
  },
  {
    name: 'tombstones with a bad CRC', file: 'tombstones', when: 'open', reason: /invalid checksum/,
    corrupt: (d) => {
      const ts = new MemTombstones();
      ts.addInterval(1, { mint: 0, maxt: 60_000 });
      writeTombstones(d, ts);
      const p = join(d, 'tombstones');
      flip(p, sizeOf(p) - 1, 0x01);
    },
  },
  {
    name: 'tombstones with a flipped entry byte', file: 'tombstones', when: 'open', reason: /invalid checksum/,
    corrupt: (d) => {
      const ts = new MemTombstones();
      ts.addInterval(1, { mint: 0, maxt: 60_000 });
      writeTombstones(d, ts);
      flip(join(d, 'tombstones'), 6, 0x02);
    },
  },
];

describe('corrupt blocks', () => {
  for (const c of blockCases) {
    it(c.name, async () => {
      distBuilt();
      const started = Date.now();
      const { a, b, all } = buildDB(dir);
      const blockDir = join(dir, a);
      const file = join(blockDir, c.file);
      c.corrupt(blockDir);

      // Block level: a plain Error naming the exact file.
      let err: unknown;
      let opened = false;
      try {
        const blk = Block.open(blockDir);
        opened = true;
        try {
          readBlock(blk);
        } finally {
          blk.close();
        }
      } catch (e) {
        err = e;
      }
      expect(err, 'corruption went unnoticed').toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(TypeError);
      const msg = (err as Error).message;
      expect(msg).toContain(file);
      expect(msg).toMatch(c.reason);
      expect(opened).toBe(c.when === 'read');

      // DB level.
      const registry = new Registry();
      const log = captureLogger();
      const db = DB.open(dir, { registry, logger: log.logger });
      try {
        if (c.when === 'open') {
          // Skipped, logged with the file, counted; the other block and the head serve.
          expect(db.blocks.map((x) => x.ulid)).toEqual([b]);
          expect(await metric(registry, 'hyperion_tsdb_corrupt_blocks_total')).toBe(1);
          const errs = log.entries().filter((e) => e.level === 50);
          expect(errs).toHaveLength(1);
          expect(String(errs[0]!.err)).toContain(file);
          expect(readAll(db)).toEqual(onlyFrom(all, 2 * H));
        } else {
          // Not detectable on open: the read fails, naming the file, and
          // everything outside the damaged block still reads exactly.
          expect(db.blocks.map((x) => x.ulid)).toEqual([a, b]);
          expect(await metric(registry, 'hyperion_tsdb_corrupt_blocks_total')).toBe(0);
          expect(() => readAll(db)).toThrow(file);
          expect(readAll(db, 2 * H, Infinity)).toEqual(onlyFrom(all, 2 * H));
        }
        // The head still takes appends.
        const app = db.appender();
        app.add(labelsFrom({ __name__: 'm', i: '0' }), 6 * H, 42);
        app.commit();
        expect(readAll(db, 6 * H, Infinity).get('{__name__="m", i="0"}')).toEqual({ ts: [6 * H], vs: [42] });
      } finally {
        db.close();
      }
      expect(existsSync(blockDir)).toBe(true); // kept for the operator to inspect

      // CLI: `dump` reads the whole DB; `analyze` opens the block and reads its index.
      expectCleanCliError(cli('tools', 'tsdb', 'dump', dir), file);
      if (c.when === 'open' || c.file === 'index') expectCleanCliError(cli('tools', 'tsdb', 'analyze', dir, a), file);

      expect(Date.now() - started).toBeLessThan(T);
    }, T);
  }

  it('`list` names the file of a block that does not open', () => {
    distBuilt();
    const { a, b } = buildDB(dir);
    const r0 = cli('tools', 'tsdb', 'list', dir);
    expect(r0.status).toBe(0);
    expect(r0.stdout).toContain(a);
    truncateSync(join(dir, a, 'index'), 100);
    expectCleanCliError(cli('tools', 'tsdb', 'list', dir), join(dir, a, 'index'));
    // The good block alone lists fine.
    rmSync(join(dir, a), { recursive: true });
    const r1 = cli('tools', 'tsdb', 'list', dir);
    expect(r1.status).toBe(0);
    expect(r1.stdout).toContain(b);
  }, T);
});

// ---------------------------------------------------------------------------
// WAL

const WAL_SERIES = 20;
const COMMITS = 1000;
const wval = (k: number, i: number) => Math.sin(k * 0.37 + i) * 1000 + k;
const wlabels = (i: number) => labelsFrom({ __name__: 'w', i: String(i) });

function commitRange(db: DB, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const app = db.appender();
    for (let i = 0; i < WAL_SERIES; i++) app.add(wlabels(i), k * 1000, wval(k, i));
    app.commit();
  }
}

interface WalRec {
  seg: number;
  start: number;
  end: number;
  /** The commit a samples record holds, or −1 (series record). */
  commit: number;
}

/** Where every record of the WAL sits. */
function walRecords(walDir: string): WalRec[] {
  const out: WalRec[] = [];
  const r = new WALReader(walDir);
  const batch = new SampleBatch();
  for (let rec = r.next(); rec !== null; rec = r.next()) {
    let commit = -1;
    if (recordType(rec) === RecordType.Samples) {
      const n = decodeSamples(rec, batch);
      expect(n).toBe(WAL_SERIES);
      commit = batch.ts[0]! / 1000;
    }
    out.push({ seg: r.segment, start: r.recordOffset, end: r.offset, commit });
  }
  return out;
}

/** 1000 commits of 20 samples over 32 KiB segments; checks one samples record per commit. */
function buildWAL(dataDir: string): WalRec[] {
  const db = DB.open(dataDir, { walSegmentSize: 32 * 1024 });
  try {
    commitRange(db, 0, COMMITS);
  } finally {
    db.close();
  }
  const recs = walRecords(join(dataDir, 'wal'));
  expect(recs.filter((r) => r.commit >= 0).map((r) => r.commit)).toEqual([...Array(COMMITS).keys()]);
  expect(recs[0]!.commit).toBe(-1); // the series record leads segment 0
  return recs;
}

/** Commits whose records lie wholly before byte `off` of segment `seg` (all later segments lost). */
function commitsBefore(recs: WalRec[], seg: number, off: number): number {
  return recs.filter((r) => r.commit >= 0 && (r.seg < seg || (r.seg === seg && r.end <= off))).length;
}

/** Asserts the DB holds exactly commits 0..n-1 of every series and returns n. */
function recoveredPrefix(db: DB): number {
  const data = readAll(db);
  expect(data.size).toBe(WAL_SERIES);
  let n = -1;
  for (let i = 0; i < WAL_SERIES; i++) {
    const s = data.get(labelsToString(wlabels(i)))!;
    if (n < 0) n = s.ts.length;
    expect(s.ts.length).toBe(n);
    for (let k = 0; k < n; k++) {
      if (s.ts[k] !== k * 1000 || s.vs[k] !== wval(k, i)) {
        throw new Error(`series ${i}, sample ${k}: got (${s.ts[k]}, ${s.vs[k]}), want (${k * 1000}, ${wval(k, i)})`);
      }
    }
  }
  return n;
}

function walFiles(walDir: string): Map<string, Buffer> {
  return new Map(readdirSync(walDir).sort().map((n) => [n, readFileSync(join(walDir, n))]));
}

interface WalCase {
  name: string;
  /** Damages the WAL; returns the segment and the offset of the first bad byte. */
  corrupt(walDir: string, recs: WalRec[]): { seg: number; off: number };
  /** False when the damage reads as a clean end of the log (nothing to report). */
  reported: boolean;
  /** Every commit survives (only bytes after the last record were damaged). */
  keepsAll?: boolean;
}

/** The record in the middle of a segment. */
function middleRecord(recs: WalRec[], seg: number): WalRec {
  const inSeg = recs.filter((r) => r.seg === seg && r.commit >= 0);
  expect(inSeg.length).toBeGreaterThan(10);
  return inSeg[Math.floor(inSeg.length / 2)]!;
}

const walCases: WalCase[] = [
  {
    name: 'last segment truncated mid-record',
    reported: true,
    corrupt: (w, recs) => {
      const seg = recs[recs.length - 1]!.seg;
      const r = middleRecord(recs, seg);
      const off = r.start + Math.floor((r.end - r.start) / 2);
      truncateSync(segmentName(w, seg), off);
      return { seg, off: r.start };
    },
  },
  {
    name: 'a flipped byte in the middle of an earlier segment',
    reported: true,
    corrupt: (w, recs) => {
      const r = middleRecord(recs, 1);
      const off = r.start + Math.floor((r.end - r.start) / 2);
      flip(segmentName(w, 1), off, 0x04);
      return { seg: 1, off: r.start }; // the error names the start of the bad fragment
    },
  },
  {
    // Fragment flag bits lie outside the CRC. A snappy record read raw starts
    // with its length varint (here ≥ 0x80): it must not pass for a record of
    // some unknown type and be skipped, leaving a hole in the data.
    name: 'the snappy flag flipped off in a record header',
    reported: true,
    corrupt: (w, recs) => {
      const p = segmentName(w, 1);
      const b = readFileSync(p);
      const mid = middleRecord(recs, 1);
      const r = recs.find((x) => x.seg === 1 && x.start >= mid.start && (b[x.start]! & SNAPPY_FLAG) !== 0);
      expect(r, 'no snappy-compressed record in segment 1').toBeDefined();
      b[r!.start]! ^= SNAPPY_FLAG;
      writeFileSync(p, b);
      return { seg: 1, off: r!.start };
    },
  },
  {
    name: 'garbage appended to the last segment',
    reported: true,
    keepsAll: true,
    corrupt: (w, recs) => {
      const seg = recs[recs.length - 1]!.seg;
      const p = segmentName(w, seg);
      const off = sizeOf(p);
      let x = 0x9e3779b9;
      const junk = Buffer.alloc(3000);
      for (let i = 0; i < junk.length; i++) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        junk[i] = (x >>> 24) | 1; // never zero: zeros would read as padding
      }
      appendFileSync(p, junk);
      return { seg, off };
    },
  },
  {
    name: 'a segment tail zero-filled from mid-record',
    reported: true,
    corrupt: (w, recs) => {
      const r = middleRecord(recs, 2);
      const p = segmentName(w, 2);
      const b = readFileSync(p);
      b.fill(0, r.start + 3); // keeps type and length, zeroes CRC and data
      writeFileSync(p, b);
      return { seg: 2, off: r.start };
    },
  },
  {
    // A zeroed tail starting at a record boundary is indistinguishable from
    // page padding (as in Prometheus): the log just ends there.
    name: 'a last-segment tail zero-filled from a record boundary',
    reported: false,
    corrupt: (w, recs) => {
      const seg = recs[recs.length - 1]!.seg;
      const r = middleRecord(recs, seg);
      const p = segmentName(w, seg);
      const b = readFileSync(p);
      b.fill(0, r.start);
      writeFileSync(p, b);
      return { seg, off: r.start };
    },
  },
];

describe('corrupt WAL', () => {
  it('spreads the test data over several 32 KiB segments', () => {
    const recs = buildWAL(dir);
    const segs = listSegments(join(dir, 'wal'));
    expect(segs.length).toBeGreaterThanOrEqual(5);
    for (const s of segs) expect(sizeOf(join(dir, 'wal', s.name))).toBeLessThanOrEqual(32 * 1024);
    expect(new Set(recs.map((r) => r.seg)).size).toBeGreaterThanOrEqual(5);
  }, T);

  for (const c of walCases) {
    it(c.name, async () => {
      distBuilt();
      const started = Date.now();
      const recs = buildWAL(dir);
      const walDir = join(dir, 'wal');
      const lastSeg = recs[recs.length - 1]!.seg;
      const at = c.corrupt(walDir, recs);
      const want = commitsBefore(recs, at.seg, at.off);
      // The damage really cost something (appended garbage costs nothing but itself).
      expect(want).toBeGreaterThan(0);
      if (c.keepsAll) expect(want).toBe(COMMITS);
      else expect(want).toBeLessThan(COMMITS);
      if (at.seg < lastSeg) expect(recs.some((x) => x.seg > at.seg && x.commit >= 0)).toBe(true); // later segments had data

      // A read-only dump (no repair) reads up to the last good record, changes nothing.
      const before = walFiles(walDir);
      const r = cli('tools', 'tsdb', 'dump', dir);
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(want * WAL_SERIES);
      const first = labelsToString(wlabels(0));
      const s0 = lines.filter((l) => l.startsWith(first + ' '));
      expect(s0).toHaveLength(want);
      for (let k = 0; k < want; k++) {
        const [, v, t] = s0[k]!.slice(first.length).split(' ');
        expect(Number(t)).toBe(k * 1000);
        expect(Number(v)).toBe(wval(k, 0));
      }
      expect(walFiles(walDir)).toEqual(before);

      // Reopen: no throw, exactly the commits before the damage, nothing after it.
      let reg = new Registry();
      let log = captureLogger();
      let db = DB.open(dir, { walSegmentSize: 32 * 1024, registry: reg, logger: log.logger });
      try {
        expect(recoveredPrefix(db)).toBe(want);
        expect(await metric(reg, 'prometheus_tsdb_wal_corruptions_total')).toBe(c.reported ? 1 : 0);
        const warns = log.entries().filter((e) => e.level === 40 && /WAL corruption/.test(String(e.msg)));
        if (c.reported) {
          expect(warns.length).toBeGreaterThanOrEqual(1);
          const w = warns[0]!;
          expect(String(w.err)).toContain(`wal segment ${String(at.seg).padStart(8, '0')}`);
          expect(w.file).toBe(segmentName(walDir, at.seg));
          expect(w.segment).toBe(at.seg);
          expect(w.offset).toBe(at.off);
        } else {
          expect(warns).toHaveLength(0);
        }
        // Later segments were dropped by the repair; the damaged one now ends on a page boundary.
        if (c.reported) {
          for (const s of listSegments(walDir)) {
            if (s.index > at.seg) expect(sizeOf(join(walDir, s.name))).toBe(0); // only the new, empty writer segment
          }
          expect(sizeOf(segmentName(walDir, at.seg)) % PAGE_SIZE).toBe(0);
        }
        commitRange(db, want, want + 50);
        expect(recoveredPrefix(db)).toBe(want + 50);
      } finally {
        db.close();
      }

      // Second reopen: clean, with the appends; appending still works.
      reg = new Registry();
      log = captureLogger();
      db = DB.open(dir, { walSegmentSize: 32 * 1024, registry: reg, logger: log.logger });
      try {
        expect(await metric(reg, 'prometheus_tsdb_wal_corruptions_total')).toBe(0);
        expect(log.entries().filter((e) => (e.level as number) >= 40)).toEqual([]);
        expect(recoveredPrefix(db)).toBe(want + 50);
        commitRange(db, want + 50, want + 300);
      } finally {
        db.close();
      }

      // Third reopen: everything, still clean.
      reg = new Registry();
      db = DB.open(dir, { walSegmentSize: 32 * 1024, registry: reg });
      try {
        expect(await metric(reg, 'prometheus_tsdb_wal_corruptions_total')).toBe(0);
        expect(recoveredPrefix(db)).toBe(want + 300);
      } finally {
        db.close();
      }
      expect(Date.now() - started).toBeLessThan(T);
    }, T);
  }
});

// ---------------------------------------------------------------------------
// Fuzz: random single-byte flips and truncations anywhere in a block.

/** Runs in a child process (hard timeout): opens and reads the block after each mutation. */
const FUZZ_CHILD = `
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [, distUrl, pristine, work, mutsJson] = process.argv;
const { Block, decodeSeries } = await import(distUrl);
function read(dir) {
  const b = Block.open(dir);
  try {
    const parts = [[...b.symbols()].join(',')];
    for (const n of b.labelNames()) for (const v of b.labelValues(n)) parts.push(n + '=' + v + ':' + Array.from(b.index.postings(n, [v])).join(','));
    for (const s of b.select([], -Infinity, Infinity)) {
      const buf = decodeSeries(s, -Infinity, Infinity);
      parts.push(JSON.stringify(s.labels) + ':' + Array.from(buf.ts.subarray(0, buf.length)).join(',') + ':' + Array.from(buf.vs.subarray(0, buf.length)).join(','));
    }
    return parts.join('\\n');
  } finally {
    b.close();
  }
}
const want = read(pristine);
for (const m of JSON.parse(mutsJson)) {
  rmSync(work, { recursive: true, force: true });
  cpSync(pristine, work, { recursive: true });
  const f = join(work, m.file);
  if (m.kind === 'flip') {
    const b = readFileSync(f);
    b[m.pos] ^= m.xor;
    writeFileSync(f, b);
  } else {
    truncateSync(f, m.pos);
  }
  const t0 = performance.now();
  let res;
  try {
    res = { outcome: read(work) === want ? 'same' : 'different' };
  } catch (e) {
    res = { outcome: 'error', isError: e instanceof Error, ctor: e?.constructor?.name, message: String(e?.message ?? e) };
  }
  res.ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ...m, ...res, path: f }) + '\\n');
}
`;

/** Deterministic PRNG (mulberry32) so a failing case can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzz', () => {
  it('30 random flips/truncations: the original data or an Error naming the file, never a hang', () => {
    distBuilt();
    const started = Date.now();
    // A small block: 5 series over [0, 2h) at 60s, plus a tombstone.
    const data = join(dir, 'data');
    const db = DB.open(data);
    for (let t = 0; t < 4 * H; t += 60_000) {
      const app = db.appender();
      for (let i = 0; i < 5; i++) app.add(labelsFrom({ __name__: 'f', i: String(i), job: 'fuzz' }), t, val(t, i));
      app.commit();
    }
    db.compact();
    const ulid = db.blocks[0]!.ulid;
    db.close();
    const pristine = join(dir, 'pristine');
    cpSync(join(data, ulid), pristine, { recursive: true });
    const ts = new MemTombstones();
    const blk = Block.open(pristine);
    ts.addInterval(blk.index.allPostings()[2]!, { mint: 600_000, maxt: 1_200_000 });
    blk.close();
    writeTombstones(pristine, ts);

    const files = ['meta.json', 'index', 'chunks/000001', 'tombstones'];
    const sizes = new Map(files.map((f) => [f, sizeOf(join(pristine, f))]));
    const seed = 0xc0ffee;
    const rnd = prng(seed);
    const muts = Array.from({ length: 30 }, (_, n) => {
      // Every file gets its share, whatever its size.
      const file = files[n % files.length]!;
      const size = sizes.get(file)!;
      const pos = Math.floor(rnd() * size);
      return rnd() < 0.7 ? { file, kind: 'flip', pos, xor: 1 + Math.floor(rnd() * 255) } : { file, kind: 'truncate', pos };
    });

    const work = join(dir, 'work');
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', FUZZ_CHILD, pathToFileURL(DIST_TSDB).href, pristine, work, JSON.stringify(muts)],
      { encoding: 'utf8', timeout: 15_000 },
    );
    expect(r.error, `fuzz child did not finish (seed ${seed}): ${r.error?.message}`).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    const results = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as {
      file: string; kind: string; pos: number; xor?: number; outcome: string; isError?: boolean; ctor?: string; message?: string; ms: number; path: string;
    });
    expect(results).toHaveLength(30);
    for (const x of results) {
      const what = `seed ${seed}: ${x.kind} ${x.file} at ${x.pos}${x.xor ? ` ^0x${x.xor.toString(16)}` : ''}`;
      expect(x.outcome, what).not.toBe('different');
      if (x.outcome === 'error') {
        expect(x.isError, what).toBe(true);
        expect(['Error', 'CorruptionError'], `${what}: ${x.ctor}: ${x.message}`).toContain(x.ctor);
        expect(x.message, what).toContain(x.path);
      }
      expect(x.ms, what).toBeLessThan(2000);
    }
    // Not vacuous: most mutations are caught (padding and unused bytes may not be).
    expect(results.filter((x) => x.outcome === 'error').length).toBeGreaterThanOrEqual(15);
    expect(Date.now() - started).toBeLessThan(T);
  }, T);
});
