// facette/natsort.Compare, which Prometheus's sort_by_label uses: strings are
// split into digit and non-digit runs; runs that both parse as int64 compare
// numerically, others by bytes.
import { compareUtf8 } from '../../model/labels.js';

const CHUNK = /(\d+|\D+)/g;
const MAX_INT64 = 9223372036854775807n;

function chunkify(s: string): string[] {
  return s.match(CHUNK) ?? [];
}

function asInt(c: string): bigint | null {
  if (c.charCodeAt(0) < 48 || c.charCodeAt(0) > 57) return null;
  const v = BigInt(c);
  return v > MAX_INT64 ? null : v; // strconv.Atoi fails on overflow
}

/** True when a sorts before b in natural order (natsort.Compare). */
export function natLess(a: string, b: string): boolean {
  const ca = chunkify(a);
  const cb = chunkify(b);
  for (let i = 0; i < ca.length; i++) {
    if (i >= cb.length) return false;
    const x = ca[i]!;
    const y = cb[i]!;
    const ax = asInt(x);
    const by = asInt(y);
    if (ax !== null && by !== null) {
      if (ax === by) {
        if (i === ca.length - 1) return true;
        if (i === cb.length - 1) return false;
        continue;
      }
      return ax < by;
    }
    if (x === y) {
      if (i === ca.length - 1) return true;
      if (i === cb.length - 1) return false;
      continue;
    }
    return compareUtf8(x, y) < 0;
  }
  return false;
}
