// Elementwise instant-vector functions: f(value, scalar args) → value, as in
// Prometheus's promql/functions.go (histogram samples are the engine's to skip).
import { dateField } from './time.js';

/** An elementwise kernel: the sample value and the call's scalar arguments (e.g. round's to_nearest, clamp's min/max). */
export type SimpleKernel = (v: number, args: ArrayLike<number>) => number;

const view = new DataView(new ArrayBuffer(8));
let frexpExp = 0;

/** Go's math.Frexp: returns frac in [0.5, 1) and leaves the exponent in frexpExp; 0, ±Inf and NaN come back unchanged with exponent 0. */
function frexp(x: number): number {
  frexpExp = 0;
  if (x === 0 || x !== x || x === Infinity || x === -Infinity) return x;
  let e = 0;
  if (Math.abs(x) < 2.2250738585072014e-308) {
    x *= 4503599627370496; // 2^52: normalise a subnormal
    e = -52;
  }
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  e += ((hi >>> 20) & 0x7ff) - 1022;
  view.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  frexpExp = e;
  return view.getFloat64(0);
}

/** Go's math.Log2 (exact for powers of two; otherwise Log(frac)/Ln2 + exp), which can differ from Math.log2 in the last bit. */
export function goLog2(x: number): number {
  const frac = frexp(x);
  const exp = frexpExp;
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * Math.LOG2E + exp;
}

/** Go's math.Log10: Log(x) * (1/Ln10). */
export function goLog10(x: number): number {
  return Math.log(x) * Math.LOG10E;
}

function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v; // 0, -0 and NaN stay as they are
}

/** round(v, to_nearest = 1): ties round up; the inverse is used because it rounds better (Prometheus). */
function round(v: number, args: ArrayLike<number>): number {
  const toNearest = args.length > 0 ? args[0]! : 1;
  const inv = 1 / toNearest;
  return Math.floor(v * inv + 0.5) / inv;
}

/**
 * clamp(v, min, max). When max < min Prometheus returns no series at all;
 * the engine checks clampIsEmpty(min, max) before calling this per sample.
 */
function clamp(v: number, args: ArrayLike<number>): number {
  return Math.max(args[0]!, Math.min(args[1]!, v));
}

/** clamp(…, min, max) yields an empty vector when max < min (NaN bounds do not). */
export function clampIsEmpty(min: number, max: number): boolean {
  return max < min;
}

export const SIMPLE_KERNELS: Readonly<Record<string, SimpleKernel>> = Object.freeze({
  abs: (v: number) => Math.abs(v),
  ceil: (v: number) => Math.ceil(v),
  floor: (v: number) => Math.floor(v),
  exp: (v: number) => Math.exp(v),
  sqrt: (v: number) => Math.sqrt(v),
  ln: (v: number) => Math.log(v),
  log2: goLog2,
  log10: goLog10,
  sgn,
  round,
  clamp,
  clamp_min: (v: number, args: ArrayLike<number>) => Math.max(args[0]!, v),
  clamp_max: (v: number, args: ArrayLike<number>) => Math.min(args[0]!, v),
  sin: (v: number) => Math.sin(v),
  cos: (v: number) => Math.cos(v),
  tan: (v: number) => Math.tan(v),
  asin: (v: number) => Math.asin(v),
  acos: (v: number) => Math.acos(v),
  atan: (v: number) => Math.atan(v),
  sinh: (v: number) => Math.sinh(v),
  cosh: (v: number) => Math.cosh(v),
  tanh: (v: number) => Math.tanh(v),
  asinh: (v: number) => Math.asinh(v),
  acosh: (v: number) => Math.acosh(v),
  atanh: (v: number) => Math.atanh(v),
  deg: (v: number) => (v * 180) / Math.PI,
  rad: (v: number) => (v * Math.PI) / 180,
  // Date functions take the value as Unix seconds (UTC), truncated to an
  // integer as Go's int64(v). Called without an argument, Prometheus uses the
  // evaluation time: pass ts / 1000 (truncation matches Go's ts/1000).
  day_of_month: (v: number) => dateField(v, 'day_of_month'),
  day_of_week: (v: number) => dateField(v, 'day_of_week'),
  day_of_year: (v: number) => dateField(v, 'day_of_year'),
  days_in_month: (v: number) => dateField(v, 'days_in_month'),
  hour: (v: number) => dateField(v, 'hour'),
  minute: (v: number) => dateField(v, 'minute'),
  month: (v: number) => dateField(v, 'month'),
  year: (v: number) => dateField(v, 'year'),
});
