// Tombstones: interval merging (Prometheus Intervals.Add cases), the file
// format (pinned bytes, round trip, open ends) and clear errors.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { crc32c } from '../../src/util/crc32c.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MemTombstones, addInterval, isDeleted, encodeTombstones, decodeTombstones, readTombstones, writeTombstones,
  MIN_TIME, MAX_TIME, type Interval,
} from '../../src/tsdb/tombstones/index.js';

let tmp: string;
let seq = 0;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hyperion-tombstones-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = () => {
  const d = join(tmp, `b${seq++}`);
  mkdirSync(d);
  return d;
};

const I = (mint: number, maxt: number): Interval => ({ mint, maxt });
const MIN = MIN_TIME;
const MAX = MAX_TIME;

describe('addInterval', () => {
  // The cases of Prometheus's TestAddingNewIntervals.
  const cases: [Interval[], Interval, Interval[]][] = [
    [[], I(1, 2), [I(1, 2)]],
    [[I(1, 2)], I(1, 2), [I(1, 2)]],
    [[I(1, 4), I(6, 6)], I(5, 6), [I(1, 6)]],
    [[I(1, 10), I(12, 20), I(25, 30)], I(21, 25), [I(1, 10), I(12, 30)]],
    [[I(1, 10), I(12, 20), I(25, 30)], I(22, 23), [I(1, 10), I(12, 20), I(22, 23), I(25, 30)]],
    [[I(1, 2), I(3, 5), I(7, 7)], I(6, 7), [I(1, 2), I(3, 7)]],
    [[I(1, 10), I(12, 20), I(25, 30)], I(18, 23), [I(1, 10), I(12, 23), I(25, 30)]],
    [[I(1, 10), I(12, 20), I(25, 30)], I(9, 23), [I(1, 23), I(25, 30)]],
    [[I(1, 10), I(12, 20), I(25, 30)], I(9, 230), [I(1, 230)]],
    [[I(5, 10), I(12, 20), I(25, 30)], I(1, 4), [I(1, 10), I(12, 20), I(25, 30)]],
    [[I(5, 10), I(12, 20), I(25, 30)], I(11, 14), [I(5, 20), I(25, 30)]],
    [[I(5, 10), I(12, 20), I(25, 30)], I(1, 3), [I(1, 3), I(5, 10), I(12, 20), I(25, 30)]],
    [[I(5, 10), I(12, 20), I(25, 30)], I(35, 40), [I(5, 10), I(12, 20), I(25, 30), I(35, 40)]],
    [[], I(MIN, 2), [I(MIN, 2)]],
    [[I(MIN, 2)], I(9, MAX), [I(MIN, 2), I(9, MAX)]],
    [[I(9, MAX)], I(MIN, 2), [I(MIN, 2), I(9, MAX)]],
    [[I(9, MAX)], I(MIN, 10), [I(MIN, MAX)]],
    [[I(9, 10)], I(MIN, 7), [I(MIN, 7), I(9, 10)]],
    [[I(9, 10)], I(12, MAX), [I(9, 10), I(12, MAX)]],
    [[I(9, 10)], I(MIN, 8), [I(MIN, 10)]],
    [[I(9, 10)], I(11, MAX), [I(9, MAX)]],
    // Open end merging into a later interval (Go indexes past the slice here).
    [[I(0, 10), I(20, 30)], I(25, MAX), [I(0, 10), I(20, MAX)]],
  ];
  it.each(cases.map((c, i) => [i, ...c] as const))('case %i', (_, exist, n, exp) => {
    expect(addInterval(exist.map((x) => ({ ...x })), n)).toEqual(exp);
  });

  it('equals the union of the covered points (adjacent intervals merge)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 })), { maxLength: 12 }), (adds) => {
        let ivs: Interval[] = [];
        const covered = new Array<boolean>(80).fill(false);
        for (const [a, len] of adds) {
          ivs = addInterval(ivs, I(a, a + len));
          for (let t = a; t <= a + len; t++) covered[t] = true;
        }
        const want: Interval[] = [];
        for (let t = 0; t < covered.length; t++) {
          if (!covered[t]) continue;
          const last = want[want.length - 1];
          if (last && last.maxt === t - 1) last.maxt = t;
          else want.push(I(t, t));
        }
        expect(ivs).toEqual(want);
        for (let t = -1; t < covered.length; t++) expect(isDeleted(ivs, t)).toBe(covered[t] ?? false);
      }),
      { numRuns: 300 },
    );
  });

  it('isDeleted', () => {
    expect(isDeleted(undefined, 5)).toBe(false);
    expect(isDeleted([], 5)).toBe(false);
    const ivs = [I(1, 3), I(10, 10)];
    expect([0, 1, 3, 4, 9, 10, 11].map((t) => isDeleted(ivs, t))).toEqual([false, true, true, false, false, true, false]);
    expect(isDeleted([I(MIN, MAX)], -(2 ** 62))).toBe(true);
  });
});

describe('MemTombstones', () => {
  it('merges per series, counts intervals, iterates in ref order and hands out copies', () => {
    const ts = new MemTombstones();
    ts.addInterval(7, I(1, 10));
    ts.addInterval(2, I(5, 6));
    ts.addInterval(7, I(11, 20));
    ts.addInterval(7, I(30, 40));
    expect(ts.total()).toBe(3);
    expect(ts.size).toBe(2);
    expect(ts.get(7)).toEqual([I(1, 20), I(30, 40)]);
    expect(ts.get(3)).toBeUndefined();
    ts.get(7)![0]!.mint = 999;
    expect(ts.get(7)![0]!.mint).toBe(1);
    const seen: [number, Interval[]][] = [];
    ts.iter((ref, ivs) => seen.push([ref, [...ivs]]));
    expect(seen).toEqual([[2, [I(5, 6)]], [7, [I(1, 20), I(30, 40)]]]);
    ts.truncateBefore(25);
    expect(ts.get(2)).toBeUndefined();
    expect(ts.get(7)).toEqual([I(30, 40)]);
    ts.deleteTombstones([7]);
    expect(ts.total()).toBe(0);
  });
});

describe('tombstones file', () => {
  it('an empty file is 9 bytes: magic, version, CRC of nothing', () => {
    const d = dir();
    expect(writeTombstones(d, new MemTombstones())).toBe(9);
    expect(readFileSync(join(d, 'tombstones')).toString('hex')).toBe('0130ba30' + '01' + '00000000');
    expect(existsSync(join(d, 'tombstones.tmp'))).toBe(false);
    expect(readTombstones(d).total()).toBe(0);
  });

  it('pinned bytes, open ends as exact int64 min/max', () => {
    const ts = new MemTombstones();
    ts.addInterval(300, I(MIN, MAX));
    ts.addInterval(5, I(-5, 5));
    ts.addInterval(1, I(20, 30));
    ts.addInterval(1, I(1, 10));
    // Independently encoded (Python): uvarint ref, zigzag varint mint/maxt.
    const hex =
      '0130ba30' + '01' +
      '01' + '02' + '14' + // ref 1 [1, 10]
      '01' + '28' + '3c' + // ref 1 [20, 30]
      '05' + '09' + '0a' + // ref 5 [-5, 5]
      'ac02' + 'ffffffffffffffffff01' + 'feffffffffffffffff01' + // ref 300 [MinInt64, MaxInt64]
      '1caf4c1f';
    expect(Buffer.from(encodeTombstones(ts)).toString('hex')).toBe(hex);
    const d = dir();
    expect(writeTombstones(d, ts)).toBe(40);
    const back = readTombstones(d);
    expect(back.get(1)).toEqual([I(1, 10), I(20, 30)]);
    expect(back.get(5)).toEqual([I(-5, 5)]);
    expect(back.get(300)).toEqual([I(MIN, MAX)]);
    expect(back.total()).toBe(4);
  });

  it('clamps out-of-range times on write and read', () => {
    const ts = new MemTombstones();
    ts.addInterval(1, I(-Infinity, Infinity));
    const b = encodeTombstones(ts);
    expect(Buffer.from(b.subarray(6, 26)).toString('hex')).toBe('ffffffffffffffffff01' + 'feffffffffffffffff01');
    expect(decodeTombstones(b).get(1)).toEqual([I(MIN, MAX)]);
  });

  it('round-trips arbitrary tombstones', () => {
    const time = fc.oneof(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.constantFrom(MIN, MAX));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 2 ** 40 }), time, time), { maxLength: 30 }), (adds) => {
        const ts = new MemTombstones();
        for (const [ref, a, b] of adds) ts.addInterval(ref, I(Math.min(a, b), Math.max(a, b)));
        const back = decodeTombstones(encodeTombstones(ts));
        const dump = (t: MemTombstones) => {
          const out: unknown[] = [];
          t.iter((ref, ivs) => out.push(ref, ivs));
          return out;
        };
        expect(dump(back)).toEqual(dump(ts));
      }),
      { numRuns: 200 },
    );
  });

  it('a missing file means no tombstones', () => {
    expect(readTombstones(dir()).total()).toBe(0);
  });

  it('errors name the file', () => {
    const cases: [Buffer, string][] = [
      [Buffer.from('0130ba3001', 'hex'), 'truncated: 5 bytes, need at least 9'],
      [Buffer.from('0130ba3101' + '00000000', 'hex'), 'invalid magic number 0x0130ba31'],
      [Buffer.from('0130ba3001' + '010214' + '00000000', 'hex'), 'invalid checksum'],
      [Buffer.from('0130ba3002' + '00000000', 'hex'), 'invalid tombstone format 2'],
    ];
    // Entries that end mid-entry, under a valid CRC.
    const cut = Buffer.from('0130ba3001' + '0102', 'hex');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32c(cut, 5));
    cases.push([Buffer.concat([cut, crc]), 'unexpected end of data in varint']);
    for (const [bytes, msg] of cases) {
      const d = dir();
      writeFileSync(join(d, 'tombstones'), bytes);
      expect(() => readTombstones(d)).toThrow(`tombstones ${join(d, 'tombstones')}: ${msg}`);
    }
  });
});
