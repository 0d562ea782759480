// WAL segments: pinned page/fragment layout, fragmentation across pages,
// segment rotation, snappy on and off, durability after log() (including a
// SIGKILLed writer), corruption reports and repair, torn tails.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync,
  truncateSync, writeFileSync, writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { crc32c } from '../../src/util/crc32c.js';
import {
  WAL, WALCorruptionError, WALUnsupportedError, WALReader, SegmentParser, listSegments, readRecords, repair,
  segmentName, PAGE_SIZE, SNAPPY_FLAG,
} from '../../src/tsdb/wal/index.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hyperion-wal-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const seg = (dir: string, i: number) => new Uint8Array(readFileSync(segmentName(dir, i)));
const all = (dir: string) => [...readRecords(dir)].map((r) => hex(r));
/** Incompressible record whose first 4 bytes carry its number. */
function rec(i: number, size: number): Uint8Array {
  const r = new Uint8Array(randomBytes(size));
  if (size >= 4) new DataView(r.buffer).setUint32(0, i);
  return r;
}
/** A record and where it sits, as reported by the reader. */
function positions(dir: string): { segment: number; start: number; end: number; rec: string }[] {
  const r = new WALReader(dir);
  const out = [];
  for (let x = r.next(); x; x = r.next()) out.push({ segment: r.segment, start: r.recordOffset, end: r.offset, rec: hex(x) });
  return out;
}
function catchErr(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('page and fragment layout (pinned)', () => {
  it('writes a 7-byte header (type, u16 BE length, u32 BE CRC32C) and pads the page on close', () => {
    const dir = tmp();
    const w = WAL.open(dir, { compress: false });
    expect(w.currentSegment).toBe(0);
    w.log(new TextEncoder().encode('hello wal!'));
    // Flushed right away, not padded: 7 + 10 bytes.
    expect(hex(seg(dir, 0))).toBe('01' + '000a' + 'b7e8d73b' + Buffer.from('hello wal!').toString('hex'));
    w.log(Uint8Array.of(0x03, 0, 0, 0, 0, 0, 0, 0, 3, 0x09, 0x14), new Uint8Array(0));
    expect(hex(seg(dir, 0).subarray(17))).toBe('01' + '000b' + 'a5f31386' + '0300000000000000030914' + '01' + '0000' + '00000000');
    w.close();
    const b = seg(dir, 0);
    expect(b.length).toBe(PAGE_SIZE);
    expect(b.subarray(17 + 18 + 7).every((x) => x === 0)).toBe(true);
    expect(all(dir)).toEqual([Buffer.from('hello wal!').toString('hex'), '0300000000000000030914', '']);
    w.close(); // a second close is a no-op
    expect(() => w.log(Uint8Array.of(1))).toThrow('log on a closed WAL');
  });

  it('pads a page that has fewer than 7 bytes left, and fills a page exactly when a record fits', () => {
    const dir = tmp();
    const w = WAL.open(dir, { compress: false });
    // a leaves 10 bytes in page 1: b's first 3 bytes go there, the other 7 start page 2.
    w.log(rec(1, PAGE_SIZE - 17));
    w.log(rec(2, 10));
    let s = seg(dir, 0);
    expect(s[0]).toBe(1);
    expect(s[PAGE_SIZE - 10]).toBe(2); // first
    expect((s[PAGE_SIZE - 9]! << 8) | s[PAGE_SIZE - 8]!).toBe(3);
    expect(s[PAGE_SIZE]).toBe(4); // last
    expect((s[PAGE_SIZE + 1]! << 8) | s[PAGE_SIZE + 2]!).toBe(7);
    // A record that fits the rest of page 2 exactly completes it; the next starts page 3.
    w.log(rec(3, PAGE_SIZE - 14 - 7));
    s = seg(dir, 0);
    expect(s.length).toBe(2 * PAGE_SIZE);
    w.log(rec(4, 5));
    s = seg(dir, 0);
    expect(s[2 * PAGE_SIZE]).toBe(1);
    // Now leave 6 bytes: the page is padded and the next record starts a new page.
    w.log(rec(5, PAGE_SIZE - (7 + 5) - 7 - 6));
    w.log(rec(6, 1));
    s = seg(dir, 0);
    expect(s.subarray(3 * PAGE_SIZE - 6, 3 * PAGE_SIZE).every((x) => x === 0)).toBe(true);
    expect(s[3 * PAGE_SIZE]).toBe(1);
    w.close();
    expect(positions(dir).map((p) => p.start)).toEqual([0, PAGE_SIZE - 10, PAGE_SIZE + 14, 2 * PAGE_SIZE, 2 * PAGE_SIZE + 12, 3 * PAGE_SIZE]);
    expect(all(dir).length).toBe(6);
  });

  it('fragments a large record across pages as first, middle…, last', () => {
    const dir = tmp();
    const w = WAL.open(dir); // compression on, but random bytes do not compress: stored raw
    const big = rec(1, 100_000);
    w.log(big);
    w.close();
    const s = seg(dir, 0);
    const frag = (off: number) => [s[off], (s[off + 1]! << 8) | s[off + 2]!];
    expect(frag(0)).toEqual([2, PAGE_SIZE - 7]);
    expect(frag(PAGE_SIZE)).toEqual([3, PAGE_SIZE - 7]);
    expect(frag(2 * PAGE_SIZE)).toEqual([3, PAGE_SIZE - 7]);
    expect(frag(3 * PAGE_SIZE)).toEqual([4, 100_000 - 3 * (PAGE_SIZE - 7)]);
    expect(new DataView(s.buffer, s.byteOffset).getUint32(3)).toBe(crc32c(big, 0, PAGE_SIZE - 7));
    expect(all(dir)).toEqual([hex(big)]);
  });
});

describe('snappy', () => {
  it('compresses records that shrink (flag 0x08) and stores the others raw', () => {
    const dir = tmp();
    const w = WAL.open(dir);
    const zeros = new Uint8Array(200_000);
    zeros[7] = 1;
    const text = new TextEncoder().encode('up{job="a"} 1\n'.repeat(50));
    const random = rec(3, 64);
    w.log(zeros, text, random);
    w.close();
    const s = seg(dir, 0);
    expect(s[0]).toBe(1 | SNAPPY_FLAG); // 200 KB of zeros fit one fragment once compressed
    const len0 = (s[1]! << 8) | s[2]!;
    expect(len0).toBeLessThan(20_000);
    expect(s[7 + len0]).toBe(1 | SNAPPY_FLAG);
    const len1 = (s[8 + len0]! << 8) | s[9 + len0]!;
    expect(s[14 + len0 + len1]).toBe(1); // random: raw
    expect(all(dir)).toEqual([hex(zeros), hex(text), hex(random)]);
  });

  it('writes no snappy flag when compression is off, and reads the same records either way', () => {
    const recs = [new Uint8Array(100_000).fill(7), new TextEncoder().encode('x'.repeat(5000)), rec(1, 40_000)];
    const on = tmp();
    const off = tmp();
    for (const [d, compress] of [[on, true], [off, false]] as const) {
      const w = WAL.open(d, { compress, segmentSize: 2 * PAGE_SIZE });
      w.log(...recs);
      w.close();
    }
    expect(all(on)).toEqual(recs.map(hex));
    expect(all(off)).toEqual(recs.map(hex));
    // Uncompressed, the 100 KB record alone needs 4 pages: it gets its own segments.
    expect(listSegments(off).length).toBeGreaterThan(listSegments(on).length);
    for (const s of listSegments(off)) {
      const b = seg(off, s.index);
      for (let p = 0; p < b.length; p += PAGE_SIZE) expect(b[p]! & SNAPPY_FLAG).toBe(0);
    }
  });

  it('refuses zstd-compressed fragments with a clear error that is not a corruption', () => {
    const dir = tmp();
    const data = Uint8Array.of(1, 2, 3);
    const frame = new Uint8Array(7 + 3);
    frame[0] = 0x11; // full | zstd
    frame[2] = 3;
    new DataView(frame.buffer).setUint32(3, crc32c(data));
    frame.set(data, 7);
    writeFileSync(segmentName(dir, 0), frame);
    const e = catchErr(() => all(dir));
    expect(e).toBeInstanceOf(WALUnsupportedError);
    expect(e).not.toBeInstanceOf(WALCorruptionError);
    expect((e as Error).message).toMatch(/^wal segment 00000000: record is zstd-compressed, which this reader does not support .* at offset 0$/);
  });
});

describe('segments', () => {
  it('rotates so records never span segments, and opens a new segment after the last', () => {
    const dir = tmp();
    const w = WAL.open(dir, { segmentSize: 2 * PAGE_SIZE, compress: false });
    const recs: Uint8Array[] = [];
    for (let i = 0; i < 30; i++) {
      const r = rec(i, 5_000 + ((i * 7919) % 20_000));
      recs.push(r);
      w.log(r);
    }
    w.close();
    const segs = listSegments(dir);
    expect(segs.length).toBeGreaterThan(5);
    expect(w.segments()).toEqual({ first: 0, last: segs[segs.length - 1]!.index });
    // Each segment holds only whole records.
    const perSegment = segs.flatMap((s) => [...readRecords(dir, { from: s.index, to: s.index })].map(hex));
    expect(perSegment).toEqual(recs.map(hex));
    for (const s of segs) expect(statSync(segmentName(dir, s.index)).size).toBeLessThanOrEqual(2 * PAGE_SIZE);

    const w2 = WAL.open(dir, { segmentSize: 2 * PAGE_SIZE, compress: false });
    const last = segs[segs.length - 1]!.index;
    expect(w2.currentSegment).toBe(last + 1);
    expect(statSync(segmentName(dir, last + 1)).size).toBe(0);
    w2.log(Uint8Array.of(42));
    w2.close();
    expect(all(dir)).toEqual([...recs.map(hex), '2a']);
  });

  it('puts a record bigger than a segment into a fresh segment of its own', () => {
    const dir = tmp();
    const w = WAL.open(dir, { segmentSize: PAGE_SIZE, compress: false });
    w.log(Uint8Array.of(1));
    const big = rec(2, 3 * PAGE_SIZE);
    w.log(big);
    w.log(Uint8Array.of(3));
    w.close();
    expect(positions(dir).map((p) => [p.segment, p.start])).toEqual([[0, 0], [1, 0], [2, 0]]);
    expect(all(dir)).toEqual(['01', hex(big), '03']);
  });

  it('nextSegment pads the page and starts the next file; truncate deletes older segments but never the active one', () => {
    const dir = tmp();
    const w = WAL.open(dir);
    expect(w.segments()).toEqual({ first: 0, last: 0 });
    w.log(Uint8Array.of(1));
    expect(w.nextSegment()).toBe(1);
    expect(statSync(segmentName(dir, 0)).size).toBe(PAGE_SIZE);
    w.log(Uint8Array.of(2));
    expect(w.nextSegment()).toBe(2);
    expect(w.nextSegment()).toBe(3); // an empty segment is closed as is
    expect(statSync(segmentName(dir, 2)).size).toBe(0);
    w.log(Uint8Array.of(4));
    w.truncate(2);
    expect(listSegments(dir).map((s) => s.index)).toEqual([2, 3]);
    w.truncate(100);
    expect(listSegments(dir).map((s) => s.index)).toEqual([3]);
    w.log(Uint8Array.of(5));
    w.sync();
    w.close();
    expect(all(dir)).toEqual(['04', '05']);
    expect(readdirSync(dir).sort()).toEqual(['00000003']);
  });

  it('lists segments in order and rejects gaps', () => {
    const dir = tmp();
    expect(listSegments(dir)).toEqual([]);
    for (const n of ['00000002', '00000001', 'checkpoint.00000000', '00000003.repair', 'junk']) {
      if (n.startsWith('checkpoint')) mkdirSync(join(dir, n));
      else writeFileSync(join(dir, n), '');
    }
    expect(listSegments(dir)).toEqual([{ index: 1, name: '00000001' }, { index: 2, name: '00000002' }]);
    writeFileSync(join(dir, '00000004'), '');
    expect(() => listSegments(dir)).toThrow('segments are not sequential (00000002 is followed by 00000004)');
  });

  it('rejects a segment size that is not a multiple of the page size', () => {
    expect(() => WAL.open(tmp(), { segmentSize: 1000 })).toThrow('invalid WAL segment size 1000: must be a positive multiple of 32768');
  });

  it('reads from a start offset in the first segment', () => {
    const dir = tmp();
    const w = WAL.open(dir, { compress: false });
    w.log(Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3));
    w.nextSegment();
    w.log(Uint8Array.of(4));
    w.close();
    expect([...readRecords(dir, { startOffset: 8 })].map(hex)).toEqual(['02', '03', '04']);
    expect([...readRecords(dir, { from: 1 })].map(hex)).toEqual(['04']);
    expect([...readRecords(dir, { from: 5 })]).toEqual([]);
  });
});

describe('durability', () => {
  it('every log() call reaches the file before it returns (no user-space buffer)', () => {
    const dir = tmp();
    const w = WAL.open(dir);
    for (let i = 0; i < 200; i++) {
      w.log(rec(i, 4 + ((i * 37) % 3000)));
      // Read through a different file description, as a restarted process would.
      const recs = [...readRecords(dir)];
      expect(recs.length).toBe(i + 1);
      expect(new DataView(recs[i]!.buffer, recs[i]!.byteOffset).getUint32(0)).toBe(i);
    }
    w.close();
  });

  it('a SIGKILLed writer loses nothing that log() returned for', async () => {
    const mod = buildWalModule();
    const dir = tmp();
    const child = join(tmp(), 'child.mjs');
    writeFileSync(
      child,
      `import { WAL } from ${JSON.stringify(mod)};
import { writeSync } from 'node:fs';
const w = WAL.open(process.argv[2], { segmentSize: 4 * 32768 });
for (let i = 0; ; i++) {
  const r = new Uint8Array(8 + (i * 7919) % 9000);
  new DataView(r.buffer).setUint32(0, i);
  r.fill(i & 0xff, 4);
  w.log(r);
  // stdout is a non-blocking pipe: retry while the parent is slow to read.
  for (;;) {
    try {
      writeSync(1, 'ack ' + i + '\\n');
      break;
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
}
`,
    );
    const acked = await new Promise<number>((resolve, reject) => {
      const p = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let last = -1;
      let buf = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) last = Number(l.slice(4));
        if (last >= 3000 && !p.killed) p.kill('SIGKILL');
      });
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('exit', (_code, sig) => (sig === 'SIGKILL' ? resolve(last) : reject(new Error(`child exited: ${err}`))));
    });
    expect(acked).toBeGreaterThanOrEqual(3000);
    let recs: Uint8Array[];
    try {
      recs = [...readRecords(dir)];
    } catch (e) {
      // Killed in the middle of a record that spans pages: cut it, as the head does on startup.
      expect(e).toBeInstanceOf(WALCorruptionError);
      repair(dir, e as WALCorruptionError);
      recs = [...readRecords(dir)];
    }
    expect(recs.length).toBeGreaterThanOrEqual(acked + 1);
    recs.forEach((r, i) => {
      expect(new DataView(r.buffer, r.byteOffset).getUint32(0)).toBe(i);
      expect(r.length).toBe(8 + ((i * 7919) % 9000));
      expect(r[r.length - 1]).toBe(i & 0xff);
    });
  });
});

describe('corruption and repair', () => {
  /** A WAL over several small segments with 1 KB–20 KB records; returns the records. */
  function build(dir: string, n = 40, compress = false): Uint8Array[] {
    const w = WAL.open(dir, { segmentSize: 2 * PAGE_SIZE, compress });
    const recs: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const r = compress ? new Uint8Array(1000 + ((i * 4111) % 19000)).fill(i) : rec(i, 1000 + ((i * 4111) % 19000));
      recs.push(r);
      w.log(r);
    }
    w.close();
    return recs;
  }
  function flip(dir: string, segment: number, at: number): void {
    const b = seg(dir, segment);
    b[at]! ^= 0x40;
    writeFileSync(segmentName(dir, segment), b);
  }

  for (const compress of [false, true]) {
    it(`a flipped byte mid-WAL names segment and offset; repair keeps every record before it (snappy ${compress ? 'on' : 'off'})`, () => {
      const dir = tmp();
      const recs = build(dir, 40, compress);
      const pos = positions(dir);
      const segs = listSegments(dir);
      const target = segs[Math.floor(segs.length / 2)]!.index;
      const k = pos.findIndex((p) => p.segment === target && p.start > 0);
      expect(k).toBeGreaterThan(0);
      flip(dir, target, pos[k]!.start + 7 + 3);

      const e = catchErr(() => all(dir)) as WALCorruptionError;
      expect(e).toBeInstanceOf(WALCorruptionError);
      expect(e.segment).toBe(target);
      expect(e.offset).toBe(pos[k]!.start);
      expect(e.file).toBe(segmentName(dir, target));
      expect(e.message).toBe(`wal segment ${String(target).padStart(8, '0')}: invalid checksum at offset ${pos[k]!.start}`);

      const res = repair(dir, e);
      expect(res.keptRecords).toBe(pos.filter((p, i) => i < k && p.segment === target).length);
      expect(res.deletedSegments).toEqual(segs.filter((s) => s.index > target).map((s) => s.index));
      expect(all(dir)).toEqual(recs.slice(0, k).map(hex));
      expect(listSegments(dir).at(-1)!.index).toBe(target);
      expect(statSync(segmentName(dir, target)).size % PAGE_SIZE).toBe(0);
      expect(existsSync(segmentName(dir, target) + '.repair')).toBe(false);

      // Writing resumes in the next segment.
      const w = WAL.open(dir, { segmentSize: 2 * PAGE_SIZE });
      expect(w.currentSegment).toBe(target + 1);
      w.log(Uint8Array.of(9, 9));
      w.close();
      expect(all(dir)).toEqual([...recs.slice(0, k).map(hex), '0909']);
    });
  }

  it('a corrupted fragment header length is caught', () => {
    const dir = tmp();
    build(dir, 10);
    const pos = positions(dir);
    const b = seg(dir, 0);
    b[pos[1]!.start + 1] = 0xff; // length 0xff.. > page
    writeFileSync(segmentName(dir, 0), b);
    const e = catchErr(() => all(dir)) as WALCorruptionError;
    expect(e.reason).toMatch(/^invalid fragment size \d+ \(crosses a page boundary\)$/);
    expect([e.segment, e.offset]).toEqual([0, pos[1]!.start]);
    repair(dir, e);
    expect(all(dir).length).toBe(1);
  });

  it('a segment truncated mid-record (not the last one) is corruption; repair drops the later segments', () => {
    const dir = tmp();
    const recs = build(dir);
    const pos = positions(dir);
    const k = pos.findIndex((p) => p.segment === 1 && p.start > 0);
    truncateSync(segmentName(dir, 1), pos[k]!.start + 100);
    const e = catchErr(() => all(dir)) as WALCorruptionError;
    expect(e.segment).toBe(1);
    expect(e.offset).toBe(pos[k]!.start);
    expect(e.reason).toMatch(/^torn fragment: \d+ bytes of data but the segment ends after 93$/);
    repair(dir, e);
    expect(all(dir)).toEqual(recs.slice(0, k).map(hex));
    expect(listSegments(dir).map((s) => s.index)).toEqual([0, 1]);
  });

  it('a torn last page ends cleanly at a record boundary or when zero-padded', () => {
    const dir = tmp();
    const w = WAL.open(dir, { compress: false });
    w.log(Uint8Array.of(1), Uint8Array.of(2));
    // Never closed: the file ends mid-page, right after the last record.
    expect(statSync(segmentName(dir, 0)).size).toBe(16);
    expect(all(dir)).toEqual(['01', '02']);
    // Zeros after the last record (a page the kernel extended) read as padding.
    const fd = openSync(segmentName(dir, 0), 'a');
    writeSync(fd, new Uint8Array(1000));
    closeSync(fd);
    expect(all(dir)).toEqual(['01', '02']);
    w.close();
  });

  it('a torn header, and a record whose last fragment never made it, are reported so repair can cut them', () => {
    const dir = tmp();
    const w = WAL.open(dir, { compress: false });
    w.log(Uint8Array.of(1));
    w.log(rec(2, 3 * PAGE_SIZE)); // first, middle, middle, last
    w.close();
    // Crash after the first two pages were written.
    truncateSync(segmentName(dir, 0), 2 * PAGE_SIZE);
    let e = catchErr(() => all(dir)) as WALCorruptionError;
    expect(e.reason).toBe('last record is torn (no last fragment before the end of the segment)');
    expect(e.offset).toBe(8);
    repair(dir, e);
    expect(all(dir)).toEqual(['01']);
    expect(statSync(segmentName(dir, 0)).size).toBe(PAGE_SIZE);

    const d2 = tmp();
    const w2 = WAL.open(d2, { compress: false });
    w2.log(Uint8Array.of(1), Uint8Array.of(2));
    w2.close();
    truncateSync(segmentName(d2, 0), 8 + 3);
    e = catchErr(() => all(d2)) as WALCorruptionError;
    expect(e.message).toBe('wal segment 00000000: torn fragment header at the end of the segment at offset 8');
    repair(d2, e);
    expect(all(d2)).toEqual(['01']);
  });

  it('non-zero bytes in page padding and out-of-order fragments are corruption', () => {
    const dir = tmp();
    const w = WAL.open(dir, { compress: false });
    w.log(Uint8Array.of(1));
    w.close();
    const b = seg(dir, 0);
    b[5000] = 1;
    writeFileSync(segmentName(dir, 0), b);
    let e = catchErr(() => all(dir)) as WALCorruptionError;
    expect(e.message).toBe('wal segment 00000000: unexpected non-zero byte in padded page at offset 5000');
    repair(dir, e);
    expect(all(dir)).toEqual(['01']);

    // A last fragment with no first one.
    const d2 = tmp();
    const data = Uint8Array.of(7);
    const frame = new Uint8Array(8);
    frame[0] = 4;
    frame[2] = 1;
    new DataView(frame.buffer).setUint32(3, crc32c(data));
    frame[7] = 7;
    writeFileSync(segmentName(d2, 0), frame);
    e = catchErr(() => all(d2)) as WALCorruptionError;
    expect(e.reason).toBe('unexpected last fragment');
    frame[0] = 6;
    writeFileSync(segmentName(d2, 0), frame);
    e = catchErr(() => all(d2)) as WALCorruptionError;
    expect(e.reason).toBe('unknown fragment type 6');
  });

  it('refuses to repair the WAL for a corruption found in a checkpoint', () => {
    const dir = tmp();
    const w = WAL.open(dir);
    w.log(Uint8Array.of(1));
    w.nextSegment();
    w.log(Uint8Array.of(2));
    w.close();
    const cp = join(dir, 'checkpoint.00000000');
    mkdirSync(cp);
    const err = new WALCorruptionError(cp, 0, 0, 'invalid checksum');
    expect(() => repair(dir, err)).toThrow(`cannot repair WAL ${dir}: the corruption is in ${cp}`);
    expect(all(dir)).toEqual(['01', '02']);
  });

  it('SegmentParser works on a buffer and reports its directory', () => {
    // An empty snappy-flagged fragment: the CRC of nothing is 0, the snappy stream is invalid.
    const p = new SegmentParser(Uint8Array.of(1, 0, 1, 0xe1, 0x6d, 0xcd, 0xee, 0x41, 9, 0, 0, 0, 0, 0, 0), '/x', 4);
    expect(hex(p.next()!)).toBe('41');
    expect(p.recordStart).toBe(0);
    const e = catchErr(() => p.next()) as WALCorruptionError;
    expect(e.file).toBe(join('/x', '00000004'));
    expect(e.dir).toBe('/x');
    expect(e.message).toBe('wal segment 00000004: snappy decoding failed (Invalid Snappy bitstream) at offset 8');
  });
});

// --- helpers --------------------------------------------------------------------

/**
 * Transpiles src/tsdb/wal and its imports into a temp dir so a plain `node`
 * child can run the real writer (node_modules is linked for snappyjs/pino).
 */
function buildWalModule(): string {
  const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
  const out = tmp();
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
  const seen = new Set<string>();
  const queue = [join(root, 'src', 'tsdb', 'wal', 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)) queue.push(join(dirname(file), m[1]! + '.ts'));
    const js = ts.transpileModule(src, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const dest = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  return join(out, 'src', 'tsdb', 'wal', 'index.js');
}
