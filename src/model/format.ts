// Go-compatible number text. Prometheus prints and parses floats with Go's
// strconv, and its output is part of our compatibility surface (API value
// strings, promtool dump lines, exposition values), so we reproduce Go's exact
// rules rather than JS's: '+Inf', two-digit exponents ('1e+06'), %g switching
// to exponent form at 1e6 rather than 1e21, half-to-even fixed rounding.
import { goQuote } from './labels.js';

/** Bits of the NaN Prometheus stores for an exposition `NaN` (value.NormalNaN). */
export const NORMAL_NAN_BITS = 0x7ff8000000000001n;
export const NORMAL_NAN_BITS_HI = 0x7ff80000;
export const NORMAL_NAN_BITS_LO = 0x00000001;

export type GoFloatFormat = 'g' | 'e' | 'f';

/** Decimal digits without leading/trailing zeros; value = 0.d × 10^dp (Go's decimalSlice). */
interface Digits {
  d: string;
  dp: number;
}

/**
 * Go's strconv.FormatFloat(v, fmt, prec, 64). prec -1 means the shortest
 * text that parses back to v; otherwise digits after the point ('e', 'f') or
 * significant digits ('g'), rounded half to even on the exact binary value.
 */
export function formatGoFloat(v: number, fmt: GoFloatFormat, prec = -1): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || (v === 0 && 1 / v < 0);
  const a = neg ? -v : v;
  if (prec < 0) {
    // JS's own shortest digits equal Go's (both: fewest digits that round-trip,
    // nearest of those); only the layout differs, and in these ranges it doesn't.
    if (fmt === 'g' ? a >= 1e-4 && a < 1e6 : fmt === 'f' && a >= 1e-6 && a < 1e21) return String(v);
    const digs = shortestDigits(a);
    const nd = digs.d.length;
    switch (fmt) {
      case 'e':
        return fmtE(neg, digs, Math.max(nd - 1, 0));
      case 'f':
        return fmtF(neg, digs, Math.max(nd - digs.dp, 0));
      case 'g': {
        const exp = digs.dp - 1;
        // Shortest %g decides with precision 6 (ftoa.go formatDigits).
        if (exp < -4 || exp >= 6) return fmtE(neg, digs, nd - 1);
        return fmtF(neg, digs, Math.max(nd - digs.dp, 0));
      }
    }
  }
  const exact = exactDigits(a);
  switch (fmt) {
    case 'e':
      return fmtE(neg, roundDigits(exact, prec + 1), prec);
    case 'f':
      return fmtF(neg, roundDigits(exact, exact.dp + prec), prec);
    case 'g': {
      let p = prec === 0 ? 1 : prec;
      const digs = roundDigits(exact, p);
      const nd = digs.d.length;
      let eprec = p;
      if (eprec > nd && nd >= digs.dp) eprec = nd;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > nd) p = nd;
        return fmtE(neg, digs, p - 1);
      }
      if (p > digs.dp) p = nd;
      return fmtF(neg, digs, Math.max(p - digs.dp, 0));
    }
  }
  throw new Error(`unknown float format ${String(fmt)}`);
}

/**
 * A sample value as the Prometheus HTTP API writes it (util/jsonutil
 * MarshalFloat): 'f' shortest, but 'e' when 0 < |v| < 1e-6 or |v| ≥ 1e21.
 */
export function formatPromValue(v: number): string {
  const a = v < 0 ? -v : v;
  if (a >= 1e-6 && a < 1e21) return String(v);
  if (v !== 0 && (a < 1e-6 || a >= 1e21)) return formatGoFloat(v, 'e');
  return formatGoFloat(v, 'f'); // 0, -0, NaN
}

/**
 * What Go's fmt `%g` prints for a float64 (promtool tsdb dump's value column:
 * `fmt.Printf("%s %g %d\n", …)`). fmt uses strconv 'g' with the shortest
 * precision and keeps the sign of infinities ('+Inf'), drops none elsewhere.
 */
export function formatGoPercentG(v: number): string {
  return formatGoFloat(v, 'g');
}

/**
 * An API timestamp (seconds) from milliseconds, as jsonutil.MarshalTimestamp
 * writes it: integer seconds, plus '.' and exactly three digits when the
 * millisecond part is not zero; negative times get a leading '-'.
 */
export function formatTimestampSeconds(ms: number): string {
  let t = ms;
  let s = '';
  if (t < 0) {
    s = '-';
    t = -t;
  }
  const frac = t % 1000;
  s += String((t - frac) / 1000);
  if (frac === 0) return s;
  return s + (frac < 10 ? '.00' : frac < 100 ? '.0' : '.') + String(frac);
}

// ---------------------------------------------------------------------------
// Digit generation and layout (strconv/ftoa.go fmtE/fmtF).

function shortestDigits(a: number): Digits {
  if (a === 0) return { d: '', dp: 0 };
  const s = a.toExponential(); // shortest round-trip digits: "d.ddde±x"
  const e = s.indexOf('e');
  const d = e > 1 ? s[0]! + s.slice(2, e) : s[0]!;
  return { d, dp: Number(s.slice(e + 1)) + 1 };
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word is [1]

/** The exact decimal expansion of a finite a ≥ 0 (BigInt; only the fixed-precision path uses it). */
function exactDigits(a: number): Digits {
  if (a === 0) return { d: '', dp: 0 };
  f64[0] = a;
  const hi = u32[HI]!;
  const lo = u32[1 - HI]!;
  let e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e === 0) e = 1;
  else m |= 1n << 52n;
  const be = e - 1075;
  let d: string;
  let dp: number;
  if (be >= 0) {
    d = (m << BigInt(be)).toString();
    dp = d.length;
  } else {
    d = (m * 5n ** BigInt(-be)).toString();
    dp = d.length + be;
  }
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
  return { d: d.slice(0, end), dp };
}

/** Go's decimal.Round(nd): half to even on exact digits, trailing zeros trimmed. */
function roundDigits(x: Digits, nd: number): Digits {
  const { d, dp } = x;
  if (nd < 0 || nd >= d.length) return x;
  const c = d.charCodeAt(nd);
  let up = c > 53;
  if (c === 53) up = nd + 1 < d.length || (nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1);
  if (!up) {
    let end = nd;
    while (end > 0 && d.charCodeAt(end - 1) === 48) end--;
    return { d: d.slice(0, end), dp };
  }
  let i = nd - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: dp + 1 };
  return { d: d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1), dp };
}

function fmtE(neg: boolean, x: Digits, prec: number): string {
  const { d, dp } = x;
  let s = neg ? '-' : '';
  s += d.length ? d[0] : '0';
  if (prec > 0) {
    s += '.';
    const m = Math.min(d.length, prec + 1);
    if (m > 1) s += d.slice(1, m);
    for (let i = Math.max(m, 1); i <= prec; i++) s += '0';
  }
  let exp = d.length === 0 ? 0 : dp - 1;
  s += exp < 0 ? 'e-' : 'e+';
  if (exp < 0) exp = -exp;
  return s + (exp < 10 ? '0' : '') + String(exp);
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  const { d, dp } = x;
  let s = neg ? '-' : '';
  if (dp > 0) {
    const m = Math.min(d.length, dp);
    s += d.slice(0, m);
    for (let i = m; i < dp; i++) s += '0';
  } else {
    s += '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      const j = dp + i;
      s += j >= 0 && j < d.length ? d[j] : '0';
    }
  }
  return s;
}

// ---------------------------------------------------------------------------
// Parsing (strconv/atof.go).

/** The error strconv.ParseFloat returns, with Go's message. */
export class GoNumError extends Error {
  constructor(
    readonly num: string,
    readonly kind: 'syntax' | 'range',
    /** What Go returns alongside the error: ±Inf for range errors, else 0. */
    readonly value: number,
  ) {
    super(`strconv.ParseFloat: parsing ${goQuote(num)}: ${kind === 'syntax' ? 'invalid syntax' : 'value out of range'}`);
    this.name = 'GoNumError';
  }
}

/**
 * Go's strconv.ParseFloat(s, 64): decimal and hex ('0x1.8p3') floats,
 * underscores between digits, case-insensitive 'inf'/'infinity' (signed) and
 * 'nan'. Throws GoNumError for bad syntax and for overflow to ±Inf.
 * NaN comes back as the JS NaN; store it as NORMAL_NAN_BITS where bits matter.
 */
export function parseGoFloat(s: string): number {
  const n = s.length;
  if (n === 0) throw new GoNumError(s, 'syntax', 0);
  const sp = special(s);
  if (sp !== undefined) return sp;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i++;
  }
  let hex = false;
  if (i + 2 < n && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    hex = true;
    i += 2;
  }
  const mantStart = i;
  let sawDot = false;
  let sawDigits = false;
  let underscores = false;
  let fracDigits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 95) {
      underscores = true;
    } else if (c === 46) {
      if (sawDot) break;
      sawDot = true;
    } else if ((c >= 48 && c <= 57) || (hex && (c | 0x20) >= 97 && (c | 0x20) <= 102)) {
      sawDigits = true;
      if (sawDot) fracDigits++;
    } else {
      break;
    }
  }
  if (!sawDigits) throw new GoNumError(s, 'syntax', 0);
  const mantEnd = i;
  let exp = 0;
  if (i < n && (s.charCodeAt(i) | 0x20) === (hex ? 112 : 101)) {
    i++;
    if (i >= n) throw new GoNumError(s, 'syntax', 0);
    let esign = 1;
    const c = s.charCodeAt(i);
    if (c === 43) i++;
    else if (c === 45) {
      i++;
      esign = -1;
    }
    if (i >= n || s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) throw new GoNumError(s, 'syntax', 0);
    for (; i < n; i++) {
      const d = s.charCodeAt(i);
      if (d === 95) underscores = true;
      else if (d >= 48 && d <= 57) {
        if (exp < 10000) exp = exp * 10 + (d - 48);
      } else break;
    }
    exp *= esign;
  } else if (hex) {
    throw new GoNumError(s, 'syntax', 0); // hex mantissa needs a 'p' exponent
  }
  if (i !== n) throw new GoNumError(s, 'syntax', 0);
  if (underscores && !underscoreOK(s)) throw new GoNumError(s, 'syntax', 0);
  let v: number;
  if (hex) {
    let m = 0n;
    for (let j = mantStart; j < mantEnd; j++) {
      const c = s.charCodeAt(j);
      if (c === 95 || c === 46) continue;
      m = (m << 4n) | BigInt(c <= 57 ? c - 48 : (c | 0x20) - 87);
    }
    v = bigTimesPow2(m, exp - 4 * fracDigits);
    if (neg) v = -v;
  } else {
    v = Number(underscores ? s.replace(/_/g, '') : s);
  }
  if (v === Infinity || v === -Infinity) throw new GoNumError(s, 'range', v);
  return v;
}

/** 'inf', 'infinity' (optionally signed) and 'nan', any case, filling all of s. */
function special(s: string): number | undefined {
  const n = s.length;
  if (n < 3 || n > 9) return undefined;
  let i = 0;
  let sign = 1;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    sign = c0 === 45 ? -1 : 1;
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return sign * Infinity;
  if (i === 0 && rest === 'nan') return NaN;
  return undefined;
}

/** Go's underscoreOK: '_' only between digits, or between a base prefix and a digit. */
function underscoreOK(str: string): boolean {
  let s = str;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1]!.toLowerCase())) {
    i = 2;
    saw = '0';
    hex = s[1]!.toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (hex && (c | 0x20) >= 97 && (c | 0x20) <= 102)) {
      saw = '0';
      continue;
    }
    if (c === 95) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** m × 2^e correctly rounded (half to even) to a double, subnormals included. */
function bigTimesPow2(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const bl = m.toString(2).length;
  // The value's least significant kept bit: 53 bits of precision, but never below 2^-1074.
  const lsb = Math.max(e + bl - 53, -1074);
  const shift = lsb - e;
  let q: bigint;
  if (shift > 0) {
    const sh = BigInt(shift);
    q = m >> sh;
    const rem = m & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else {
    q = m << BigInt(-shift);
  }
  const qb = q.toString(2).length;
  if (lsb + qb > 1024) return Infinity;
  // Two steps so neither the power of two nor the product under/overflows early.
  const half1 = Math.trunc(lsb / 2);
  return Number(q) * 2 ** half1 * 2 ** (lsb - half1);
}
