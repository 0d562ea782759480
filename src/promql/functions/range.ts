// Range-vector function kernels: one series, one window, one output value.
// Each follows the float path of the same-named function in Prometheus 3.x
// promql/functions.go, keeping Go's order of floating-point operations so
// results agree to the bit.
import { PromQLError } from '../value.js';
import { formatGoFloat } from '../../model/format.js';
import { kahanC } from './kahan.js';
import { quantileOf } from './quantile.js';

/** Where a kernel writes its result. */
export interface KernelOut {
  value: number;
  /** An annotation the engine should raise for this call (see WARN_* below). Kernels only ever set it; the caller resets it to null before each call. */
  warn: string | null;
}

/**
 * One series' samples in the window are ts[from..to) / vs[from..to) (ascending,
 * stale markers removed, never empty when the engine calls). rangeStart is
 * exclusive and rangeEnd inclusive (ms). args are the call's scalar arguments
 * at this step. Returns false when the function has no output at this step.
 */
export type RangeKernel = (
  ts: Float64Array,
  vs: Float64Array,
  from: number,
  to: number,
  rangeStart: number,
  rangeEnd: number,
  args: ArrayLike<number>,
  out: KernelOut,
) => boolean;

/**
 * quantile_over_time's φ was NaN or outside [0, 1]. The engine words it as
 * Prometheus: `PromQL warning: quantile value should be between 0 and 1, got <φ %g>`
 * with the φ argument's position.
 */
export const WARN_QUANTILE_OUT_OF_RANGE = 'quantile-out-of-range';

const MAX = Number.MAX_VALUE;

/** A Go time.Duration of `ms` milliseconds, .Seconds(): whole seconds plus nanoseconds/1e9, not ms/1000. */
export function durationSeconds(ms: number): number {
  const rem = ms % 1000;
  return (ms - rem) / 1000 + (rem * 1e6) / 1e9;
}

/**
 * rate/increase/delta (extrapolatedRate): the change over the samples, counter
 * resets added back for counters, extrapolated towards the window edges — all
 * the way when the first/last sample is within 1.1 average intervals of the
 * edge, else by half an interval; for counters never below the counter's zero
 * point. Needs two samples.
 */
function extrapolatedRate(isCounter: boolean, isRate: boolean): RangeKernel {
  return (ts, vs, from, to, rangeStart, rangeEnd, _args, out) => {
    const numSamplesMinusOne = to - from - 1;
    if (numSamplesMinusOne < 1) return false;
    const firstT = ts[from]!;
    const lastT = ts[to - 1]!;
    const firstV = vs[from]!;
    let result = vs[to - 1]! - firstV;
    if (isCounter) {
      let prev = firstV;
      for (let i = from + 1; i < to; i++) {
        const cur = vs[i]!;
        if (cur < prev) result += prev;
        prev = cur;
      }
    }
    let durationToStart = (firstT - rangeStart) / 1000;
    let durationToEnd = (rangeEnd - lastT) / 1000;
    const sampledInterval = (lastT - firstT) / 1000;
    const averageDurationBetweenSamples = sampledInterval / numSamplesMinusOne;
    const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
    if (isCounter) {
      // Do not extrapolate to before the point where the counter would have been zero.
      let durationToZero = durationToStart;
      if (result > 0 && firstV >= 0) durationToZero = sampledInterval * (firstV / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
    let factor = 1;
    if (sampledInterval !== 0) factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) factor /= durationSeconds(rangeEnd - rangeStart);
    out.value = result * factor;
    return true;
  };
}

/** irate/idelta: the last two samples; irate treats a decrease as a counter reset (the newer value is the increase). */
function instantValue(isRate: boolean): RangeKernel {
  return (ts, vs, from, to, _rs, _re, _args, out) => {
    if (to - from < 2) return false;
    const t0 = ts[to - 2]!;
    const t1 = ts[to - 1]!;
    const v0 = vs[to - 2]!;
    const v1 = vs[to - 1]!;
    const sampledInterval = t1 - t0;
    if (sampledInterval === 0) return false;
    let r = v1;
    // NaN compares false, so a NaN on either side gives v1 - v0 = NaN, as in Prometheus.
    if (!isRate || !(v1 < v0)) r = v1 - v0;
    if (isRate) r /= sampledInterval / 1000;
    out.value = r;
    return true;
  };
}

// linearRegression results (slope, intercept); kernels are synchronous.
let lrSlope = 0;
let lrIntercept = 0;

/**
 * Least-squares fit of vs over time in seconds relative to interceptTime (ms),
 * with Kahan sums (Prometheus's linearRegression). Sets lrSlope/lrIntercept.
 * A constant series has slope 0, or NaN when the constant is infinite.
 */
function linearRegression(ts: Float64Array, vs: Float64Array, from: number, to: number, interceptTime: number): void {
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vs[from]!;
  let constY = true;
  for (let i = from; i < to; i++) {
    const y = vs[i]!;
    if (constY && i > from && y !== initY) constY = false;
    n += 1;
    const x = (ts[i]! - interceptTime) / 1e3;
    cX = kahanC(x, sumX, cX);
    sumX += x;
    cY = kahanC(y, sumY, cY);
    sumY += y;
    const xy = x * y;
    cXY = kahanC(xy, sumXY, cXY);
    sumXY += xy;
    const x2 = x * x;
    cX2 = kahanC(x2, sumX2, cX2);
    sumX2 += x2;
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) {
      lrSlope = NaN;
      lrIntercept = NaN;
    } else {
      lrSlope = 0;
      lrIntercept = initY;
    }
    return;
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  lrSlope = covXY / varX;
  lrIntercept = sumY / n - (lrSlope * sumX) / n;
}

/** deriv: slope of the regression, relative to the first sample's time (for precision). */
const deriv: RangeKernel = (ts, vs, from, to, _rs, _re, _args, out) => {
  if (to - from < 2) return false;
  linearRegression(ts, vs, from, to, ts[from]!);
  out.value = lrSlope;
  return true;
};

/**
 * predict_linear(v, t): the regression's value t seconds after the evaluation
 * time. args[0] = t; args[1] = the step's evaluation timestamp in ms, which
 * Prometheus uses as the intercept time (it differs from rangeEnd under
 * offset and @); without it rangeEnd is used.
 */
const predictLinear: RangeKernel = (ts, vs, from, to, _rs, rangeEnd, args, out) => {
  if (to - from < 2) return false;
  const duration = args[0]!;
  const evalTs = args.length > 1 ? args[1]! : rangeEnd;
  linearRegression(ts, vs, from, to, evalTs);
  out.value = lrSlope * duration + lrIntercept;
  return true;
};

/** changes: how often the value changed between consecutive samples (NaN to NaN is no change). */
const changes: RangeKernel = (ts, vs, from, to, rangeStart, _re, _args, out) => {
  // Nothing to measure without a sample after the window start (only matters if an anchor sample is passed in).
  if (to <= from || ts[to - 1]! <= rangeStart) return false;
  let n = 0;
  let prev = vs[from]!;
  for (let i = from + 1; i < to; i++) {
    const cur = vs[i]!;
    if (cur !== prev && !(cur !== cur && prev !== prev)) n++;
    prev = cur;
  }
  out.value = n;
  return true;
};

/** resets: how often the value decreased between consecutive samples. */
const resets: RangeKernel = (ts, vs, from, to, rangeStart, _re, _args, out) => {
  if (to <= from || ts[to - 1]! <= rangeStart) return false;
  let n = 0;
  let prev = vs[from]!;
  for (let i = from + 1; i < to; i++) {
    const cur = vs[i]!;
    if (cur < prev) n++;
    prev = cur;
  }
  out.value = n;
  return true;
};

/**
 * avg_over_time: Kahan-compensated sum / count while the sum stays finite;
 * once it would overflow, an incremental (also compensated) mean takes over.
 */
const avgOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  let sum = vs[from]!;
  let count = 1;
  let mean = 0;
  let c = 0;
  let incremental = false;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i]!;
    count = i - from + 1;
    if (!incremental) {
      const newSum = sum + v;
      const newC = kahanC(v, sum, c);
      if (!(newSum > MAX || newSum < -MAX)) {
        sum = newSum;
        c = newC;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    const inc = v / count;
    const base = q * mean;
    c = kahanC(inc, base, q * c);
    mean = base + inc;
  }
  out.value = incremental ? mean + c : sum / count + c / count;
  return true;
};

/** sum_over_time: Kahan sum; an infinite sum is returned without its compensation. */
const sumOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  let sum = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const v = vs[i]!;
    c = kahanC(v, sum, c);
    sum += v;
  }
  out.value = sum > MAX || sum < -MAX ? sum : sum + c;
  return true;
};

const countOverTime: RangeKernel = (_ts, _vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = to - from;
  return true;
};

const presentOverTime: RangeKernel = (_ts, _vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = 1;
  return true;
};

const lastOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = vs[to - 1]!;
  return true;
};

const firstOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = vs[from]!;
  return true;
};

/** ts_of_first_over_time (experimental): the first sample's time in seconds. */
const tsOfFirstOverTime: RangeKernel = (ts, _vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = ts[from]! / 1000;
  return true;
};

/** ts_of_last_over_time (experimental): the last sample's time in seconds. */
const tsOfLastOverTime: RangeKernel = (ts, _vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = ts[to - 1]! / 1000;
  return true;
};

/** max_over_time: a NaN is replaced by any later value, so NaN only survives when all are NaN. */
const maxOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  let m = vs[from]!;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i]!;
    if (v > m || m !== m) m = v;
  }
  out.value = m;
  return true;
};

const minOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  let m = vs[from]!;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i]!;
    if (v < m || m !== m) m = v;
  }
  out.value = m;
  return true;
};

/** ts_of_max_over_time (experimental): time (s) of the maximum, the latest one on ties. */
const tsOfMaxOverTime: RangeKernel = (ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  let m = vs[from]!;
  let t = ts[from]!;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i]!;
    if (v >= m || m !== m) {
      m = v;
      t = ts[i]!;
    }
  }
  out.value = t / 1000;
  return true;
};

/** ts_of_min_over_time (experimental): time (s) of the minimum, the latest one on ties. */
const tsOfMinOverTime: RangeKernel = (ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  let m = vs[from]!;
  let t = ts[from]!;
  for (let i = from + 1; i < to; i++) {
    const v = vs[i]!;
    if (v <= m || m !== m) {
      m = v;
      t = ts[i]!;
    }
  }
  out.value = t / 1000;
  return true;
};

/** Population variance with a Kahan-compensated running mean (Prometheus's varianceOverTime). */
function variance(vs: Float64Array, from: number, to: number): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  for (let i = from; i < to; i++) {
    const v = vs[i]!;
    count++;
    const delta = v - (mean + cMean);
    const inc = delta / count;
    cMean = kahanC(inc, mean, cMean);
    mean += inc;
    const incAux = delta * (v - (mean + cMean));
    cAux = kahanC(incAux, aux, cAux);
    aux += incAux;
  }
  return (aux + cAux) / count;
}

const stdvarOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = variance(vs, from, to);
  return true;
};

const stddevOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  out.value = Math.sqrt(variance(vs, from, to));
  return true;
};

// Scratch for quantile/mad: quantileOf sorts in place and the window must stay intact.
let scratch = new Float64Array(256);

function copyWindow(vs: Float64Array, from: number, to: number): Float64Array {
  const n = to - from;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  scratch.set(vs.subarray(from, to));
  return scratch;
}

/** quantile_over_time(φ, v): args[0] = φ; φ outside [0, 1] (or NaN) yields ±Inf (NaN) plus a warning. */
const quantileOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, args, out) => {
  if (to <= from) return false;
  const q = args[0]!;
  if (q !== q || q < 0 || q > 1) out.warn = WARN_QUANTILE_OUT_OF_RANGE;
  out.value = quantileOf(q, copyWindow(vs, from, to), to - from);
  return true;
};

/** mad_over_time (experimental): median absolute deviation from the median; any NaN makes it NaN. */
const madOverTime: RangeKernel = (_ts, vs, from, to, _rs, _re, _args, out) => {
  if (to <= from) return false;
  const n = to - from;
  for (let i = from; i < to; i++) {
    if (vs[i] !== vs[i]) {
      out.value = NaN;
      return true;
    }
  }
  const buf = copyWindow(vs, from, to);
  const median = quantileOf(0.5, buf, n);
  for (let i = 0; i < n; i++) buf[i] = Math.abs(buf[i]! - median);
  out.value = quantileOf(0.5, buf, n);
  return true;
};

/** Go's %f (fmt 'f', precision 6), as Prometheus's smoothing-factor errors print the value. */
function goPercentF(v: number): string {
  return formatGoFloat(v, 'f', 6);
}

/**
 * double_exponential_smoothing(v, sf, tf) (experimental; Holt's linear
 * method): args[0] = sf, args[1] = tf, each must be in (0, 1) else the query
 * fails with Prometheus's error. Checked before the two-sample minimum, as
 * Prometheus does.
 */
const doubleExponentialSmoothing: RangeKernel = (_ts, vs, from, to, _rs, _re, args, out) => {
  const sf = args[0]!;
  const tf = args[1]!;
  if (sf <= 0 || sf >= 1) throw new PromQLError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${goPercentF(sf)}`, 'execution');
  if (tf <= 0 || tf >= 1) throw new PromQLError(`invalid trend factor. Expected: 0 < tf < 1, got: ${goPercentF(tf)}`, 'execution');
  const l = to - from;
  if (l < 2) return false;
  let s0 = 0;
  let s1 = vs[from]!;
  let b = vs[from + 1]! - vs[from]!;
  for (let i = 1; i < l; i++) {
    const x = sf * vs[from + i]!;
    // The trend at the first step is the initial difference itself.
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  out.value = s1;
  return true;
};

/** Every float range function of Prometheus 3.x except absent_over_time (which the engine answers from series presence). */
export const RANGE_KERNELS: Readonly<Record<string, RangeKernel>> = Object.freeze({
  rate: extrapolatedRate(true, true),
  increase: extrapolatedRate(true, false),
  delta: extrapolatedRate(false, false),
  irate: instantValue(true),
  idelta: instantValue(false),
  deriv,
  predict_linear: predictLinear,
  changes,
  resets,
  avg_over_time: avgOverTime,
  sum_over_time: sumOverTime,
  count_over_time: countOverTime,
  present_over_time: presentOverTime,
  last_over_time: lastOverTime,
  first_over_time: firstOverTime,
  max_over_time: maxOverTime,
  min_over_time: minOverTime,
  stddev_over_time: stddevOverTime,
  stdvar_over_time: stdvarOverTime,
  quantile_over_time: quantileOverTime,
  mad_over_time: madOverTime,
  ts_of_first_over_time: tsOfFirstOverTime,
  ts_of_last_over_time: tsOfLastOverTime,
  ts_of_max_over_time: tsOfMaxOverTime,
  ts_of_min_over_time: tsOfMinOverTime,
  double_exponential_smoothing: doubleExponentialSmoothing,
});
