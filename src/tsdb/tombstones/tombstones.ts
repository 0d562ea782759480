// Tombstones: deleted time ranges per series, and the block's `tombstones`
// file (Prometheus tsdb/tombstones):
//   magic 0x0130BA30 (BE u32) | version byte 1 |
//   entries (uvarint series ref, varint mint, varint maxt)… | CRC32C (BE u32)
// The CRC covers the entries only (not the magic, not the version byte). An
// empty file is 9 bytes.
//
// Times are JS numbers. Prometheus marks open ends with math.MinInt64 and
// math.MaxInt64; -2^63 is exactly representable but 2^63-1 is not, so open
// ends are MIN_TIME = -2^63 and MAX_TIME = 2^63 here: values read from a file
// are clamped into [MIN_TIME, MAX_TIME], and when writing MIN_TIME/MAX_TIME
// (or anything beyond) become the exact int64 minimum/maximum bytes.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptionError, Decbuf, Encbuf } from '../encoding.js';
import { crc32c } from '../../util/crc32c.js';

export const TOMBSTONES_FILENAME = 'tombstones';
export const MAGIC_TOMBSTONE = 0x0130ba30;
export const TOMBSTONE_FORMAT_V1 = 1;

/** math.MinInt64 as a number (exact). */
export const MIN_TIME = -(2 ** 63);
/** math.MaxInt64 as a number (2^63, the nearest double to 2^63-1). */
export const MAX_TIME = 2 ** 63;

/** A deleted time range, inclusive on both ends. */
export interface Interval {
  mint: number;
  maxt: number;
}

/** Zigzag varint bytes of math.MinInt64 and math.MaxInt64. */
const MIN_INT64_VARINT = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
const MAX_INT64_VARINT = Uint8Array.of(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);

function putTime(e: Encbuf, t: number): void {
  if (t >= MAX_TIME) e.putBytes(MAX_INT64_VARINT);
  else if (t <= MIN_TIME) e.putBytes(MIN_INT64_VARINT);
  else e.putVarint(Math.trunc(t));
}

function clampTime(t: number): number {
  return t > MAX_TIME ? MAX_TIME : t < MIN_TIME ? MIN_TIME : t;
}

/**
 * Adds n to sorted, non-overlapping intervals and returns the result (the
 * array is updated in place when possible), as Prometheus Intervals.Add:
 * overlapping or adjacent (1 ms apart) intervals are merged.
 */
export function addInterval(ivs: Interval[], n: Interval): Interval[] {
  if (ivs.length === 0) {
    ivs.push({ mint: n.mint, maxt: n.maxt });
    return ivs;
  }
  // First interval that overlaps or touches n from the left.
  let lo = 0;
  let hi = ivs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ivs[mid]!.maxt >= n.mint - 1) hi = mid;
    else lo = mid + 1;
  }
  const mini = lo;
  if (mini === ivs.length) {
    ivs.push({ mint: n.mint, maxt: n.maxt });
    return ivs;
  }
  // Number of intervals from mini on that overlap or touch n.
  lo = mini;
  hi = ivs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ivs[mid]!.mint > n.maxt + 1) hi = mid;
    else lo = mid + 1;
  }
  const count = lo - mini;
  if (count === 0) {
    ivs.splice(mini, 0, { mint: n.mint, maxt: n.maxt });
    return ivs;
  }
  const first = ivs[mini]!;
  first.mint = Math.min(first.mint, n.mint);
  first.maxt = Math.max(n.maxt, ivs[mini + count - 1]!.maxt);
  ivs.splice(mini + 1, count - 1);
  return ivs;
}

/** True when t lies in one of the sorted intervals. */
export function isDeleted(intervals: readonly Interval[] | undefined, t: number): boolean {
  if (!intervals || intervals.length === 0) return false;
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (intervals[mid]!.maxt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < intervals.length && intervals[lo]!.mint <= t;
}

/** In-memory tombstones: sorted, merged intervals per series ref. */
export class MemTombstones {
  private readonly groups = new Map<number, Interval[]>();

  addInterval(ref: number, iv: Interval): void {
    const cur = this.groups.get(ref);
    if (cur) addInterval(cur, iv);
    else this.groups.set(ref, [{ mint: iv.mint, maxt: iv.maxt }]);
  }

  /** A copy of the series' intervals, or undefined when it has none. */
  get(ref: number): Interval[] | undefined {
    const cur = this.groups.get(ref);
    return cur ? cur.map((iv) => ({ mint: iv.mint, maxt: iv.maxt })) : undefined;
  }

  /** Calls cb for each series in ascending ref order (do not mutate the intervals). */
  iter(cb: (ref: number, intervals: readonly Interval[]) => void): void {
    const refs = [...this.groups.keys()].sort((a, b) => a - b);
    for (const r of refs) cb(r, this.groups.get(r)!);
  }

  /** Number of intervals over all series. */
  total(): number {
    let n = 0;
    for (const ivs of this.groups.values()) n += ivs.length;
    return n;
  }

  /** Number of series with tombstones. */
  get size(): number {
    return this.groups.size;
  }

  /** Drops the tombstones of the given series. */
  deleteTombstones(refs: Iterable<number>): void {
    for (const r of refs) this.groups.delete(r);
  }

  /** Drops intervals that end before t. */
  truncateBefore(t: number): void {
    for (const [ref, ivs] of this.groups) {
      let i = 0;
      while (i < ivs.length && ivs[i]!.maxt < t) i++;
      if (i === ivs.length) this.groups.delete(ref);
      else if (i > 0) ivs.splice(0, i);
    }
  }
}

/** The file's bytes for ts. */
export function encodeTombstones(ts: MemTombstones): Uint8Array {
  const e = new Encbuf(64);
  e.putBE32(MAGIC_TOMBSTONE);
  e.putByte(TOMBSTONE_FORMAT_V1);
  ts.iter((ref, ivs) => {
    for (const iv of ivs) {
      e.putUvarint(ref);
      putTime(e, iv.mint);
      putTime(e, iv.maxt);
    }
  });
  e.putBE32(crc32c(e.buf, 5, e.len));
  return e.get();
}

/** Parses a tombstones file; name is used in error messages. */
export function decodeTombstones(b: Uint8Array, name = '<buffer>'): MemTombstones {
  const fail = (msg: string) => new CorruptionError(`tombstones ${name}: ${msg}`);
  if (b.length < 9) throw fail(`truncated: ${b.length} bytes, need at least 9`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magic = dv.getUint32(0);
  if (magic !== MAGIC_TOMBSTONE) throw fail(`invalid magic number 0x${magic.toString(16).padStart(8, '0')}`);
  const end = b.length - 4;
  if (crc32c(b, 5, end) !== dv.getUint32(end)) throw fail('invalid checksum');
  if (b[4] !== TOMBSTONE_FORMAT_V1) throw fail(`invalid tombstone format ${b[4]}`);
  const ts = new MemTombstones();
  const d = new Decbuf(b, 5, end);
  try {
    while (d.remaining() > 0) {
      const ref = d.uvarint();
      const mint = clampTime(d.varint());
      const maxt = clampTime(d.varint());
      ts.addInterval(ref, { mint, maxt });
    }
  } catch (e) {
    throw fail((e as Error).message);
  }
  return ts;
}

/**
 * Writes <dir>/tombstones (via a synced temporary file and a rename) and
 * returns the number of bytes written.
 */
export function writeTombstones(dir: string, ts: MemTombstones): number {
  const path = join(dir, TOMBSTONES_FILENAME);
  const tmp = path + '.tmp';
  const bytes = encodeTombstones(ts);
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return bytes.length;
}

/** Reads <dir>/tombstones; a missing file means no tombstones. */
export function readTombstones(dir: string): MemTombstones {
  const path = join(dir, TOMBSTONES_FILENAME);
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new MemTombstones();
    throw new Error(`tombstones ${path}: ${(e as Error).message}`);
  }
  return decodeTombstones(b, path);
}
