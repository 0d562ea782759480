// Quantiles: the φ-quantile of a set of floats (quantile_over_time, the
// quantile aggregator, mad_over_time) and classic-histogram bucket quantiles
// and fractions (histogram_quantile / histogram_fraction over `le` buckets),
// following Prometheus's promql/quantile.go.

/**
 * The φ-quantile of vs[0..n), as Prometheus's quantile(): NaN for no values or
 * φ = NaN, -Inf for φ < 0, +Inf for φ > 1, else linear interpolation between
 * the two closest ranks. Sorts vs[0..n) in place.
 *
 * Prometheus sorts NaN below every number; a Float64Array sort puts NaNs
 * last, so ranks are shifted by the NaN count instead of moving them.
 */
export function quantileOf(q: number, vs: Float64Array, n: number): number {
  if (n === 0 || q !== q) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = n === vs.length ? vs : vs.subarray(0, n);
  sorted.sort();
  let nans = 0;
  while (nans < n && sorted[n - 1 - nans] !== sorted[n - 1 - nans]) nans++;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  const lo = lower < nans ? NaN : sorted[lower - nans]!;
  const hi = upper < nans ? NaN : sorted[upper - nans]!;
  return lo * (1 - weight) + hi * weight;
}

/** Relative difference between adjacent cumulative bucket counts that histogram_quantile treats as float noise. */
export const SMALL_DELTA_TOLERANCE = 1e-12;

const MIN_NORMAL = 2.2250738585072014e-308; // smallest positive normal float64

/** Prometheus's util/almost.Equal (stale markers never reach the kernels). */
export function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (a !== a && b !== b) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < epsilon * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** What histogram_quantile needs from one classic histogram: the value and the data for its forced-monotonicity info annotation. */
export interface BucketQuantileResult {
  value: number;
  /** Some cumulative count decreased and was raised (the "needed to be fixed for monotonicity" info). */
  forcedMonotonic: boolean;
  /** Some counts differed by less than SMALL_DELTA_TOLERANCE (relative) and were silently equalised; no annotation. */
  fixedPrecision: boolean;
  /** Lowest / highest `le` whose count was raised, and the largest decrease; only meaningful when forcedMonotonic. */
  minBucket: number;
  maxBucket: number;
  maxDiff: number;
}

// Scratch space for sorting and coalescing buckets; kernels are synchronous, so one set suffices.
let sUb = new Float64Array(64);
let sCnt = new Float64Array(64);
let sIdx = new Uint32Array(64);

/**
 * Copies the first n buckets into the scratch arrays sorted by upper bound and
 * merged where upper bounds are equal; returns the merged count. Caller
 * arrays are left untouched.
 */
function sortAndCoalesce(upperBounds: ArrayLike<number>, counts: ArrayLike<number>, n: number): number {
  if (sIdx.length < n) {
    const cap = Math.max(n, sIdx.length * 2);
    sUb = new Float64Array(cap);
    sCnt = new Float64Array(cap);
    sIdx = new Uint32Array(cap);
  }
  let sorted = true;
  for (let i = 0; i < n; i++) {
    sIdx[i] = i;
    if (i > 0 && upperBounds[i]! < upperBounds[i - 1]!) sorted = false;
  }
  if (!sorted) {
    // Insertion sort: bucket sets are small and usually nearly sorted already.
    for (let i = 1; i < n; i++) {
      const x = sIdx[i]!;
      const ux = upperBounds[x]!;
      let j = i - 1;
      while (j >= 0 && upperBounds[sIdx[j]!]! > ux) {
        sIdx[j + 1] = sIdx[j]!;
        j--;
      }
      sIdx[j + 1] = x;
    }
  }
  // coalesceBuckets: equal upper bounds become one bucket with the summed count.
  let m = 0;
  let lastUb = upperBounds[sIdx[0]!]!;
  let lastCnt = counts[sIdx[0]!]!;
  for (let i = 1; i < n; i++) {
    const k = sIdx[i]!;
    const ub = upperBounds[k]!;
    if (ub === lastUb) {
      lastCnt += counts[k]!;
    } else {
      sUb[m] = lastUb;
      sCnt[m] = lastCnt;
      m++;
      lastUb = ub;
      lastCnt = counts[k]!;
    }
  }
  sUb[m] = lastUb;
  sCnt[m] = lastCnt;
  return m + 1;
}

/**
 * ensureMonotonicAndIgnoreSmallDeltas over the scratch buckets: counts that
 * differ from the running maximum by a float-noise amount are set equal
 * (fixedPrecision), decreases are raised to the running maximum
 * (forcedMonotonic, recording the affected bounds and the largest decrease).
 */
function ensureMonotonic(m: number, out: BucketQuantileResult): void {
  out.forcedMonotonic = false;
  out.fixedPrecision = false;
  out.minBucket = Infinity;
  out.maxBucket = -Infinity;
  out.maxDiff = 0;
  let prev = sCnt[0]!;
  for (let i = 1; i < m; i++) {
    const curr = sCnt[i]!;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
      // Not a real difference; keep prev as the reference.
      sCnt[i] = prev;
      out.fixedPrecision = true;
      continue;
    }
    if (curr < prev) {
      sCnt[i] = prev;
      out.forcedMonotonic = true;
      const ub = sUb[i]!;
      if (ub < out.minBucket) out.minBucket = ub;
      if (ub > out.maxBucket) out.maxBucket = ub;
      const diff = prev - curr;
      if (diff > out.maxDiff) out.maxDiff = diff;
      continue;
    }
    prev = curr;
  }
}

function newResult(): BucketQuantileResult {
  return { value: NaN, forcedMonotonic: false, fixedPrecision: false, minBucket: 0, maxBucket: 0, maxDiff: 0 };
}

/**
 * histogram_quantile over one classic histogram: buckets (upperBounds[i],
 * counts[i]) for i < n, cumulative counts, any order (Prometheus's
 * BucketQuantile). NaN when φ is NaN, when there is no +Inf bucket, fewer than
 * two distinct bounds, or no observations; -Inf / +Inf for φ < 0 / φ > 1. A
 * quantile in the +Inf bucket is the second-highest bound; in the lowest bucket
 * it interpolates from 0, unless that bucket's bound is ≤ 0, which is returned
 * as is. Inputs are not modified. Pass `out` to reuse a result object.
 */
export function classicHistogramQuantile(
  q: number,
  upperBounds: ArrayLike<number>,
  counts: ArrayLike<number>,
  n: number,
  out: BucketQuantileResult = newResult(),
): BucketQuantileResult {
  out.forcedMonotonic = false;
  out.fixedPrecision = false;
  out.minBucket = 0;
  out.maxBucket = 0;
  out.maxDiff = 0;
  if (q !== q) {
    out.value = NaN;
    return out;
  }
  if (q < 0) {
    out.value = -Infinity;
    return out;
  }
  if (q > 1) {
    out.value = Infinity;
    return out;
  }
  if (n <= 0) {
    out.value = NaN;
    return out;
  }
  const m = sortAndCoalesce(upperBounds, counts, n);
  if (sUb[m - 1] !== Infinity) {
    out.value = NaN;
    return out;
  }
  ensureMonotonic(m, out);
  if (m < 2) {
    out.value = NaN;
    return out;
  }
  const observations = sCnt[m - 1]!;
  if (observations === 0) {
    out.value = NaN;
    return out;
  }
  let rank = q * observations;
  // First bucket (excluding +Inf) whose cumulative count reaches the rank.
  let lo = 0;
  let hi = m - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sCnt[mid]! >= rank) hi = mid;
    else lo = mid + 1;
  }
  const b = lo;
  if (b === m - 1) {
    out.value = sUb[m - 2]!;
  } else if (b === 0 && sUb[0]! <= 0) {
    out.value = sUb[0]!;
  } else {
    let bucketStart = 0;
    const bucketEnd = sUb[b]!;
    let count = sCnt[b]!;
    if (b > 0) {
      bucketStart = sUb[b - 1]!;
      count -= sCnt[b - 1]!;
      rank -= sCnt[b - 1]!;
    }
    out.value = bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }
  return out;
}

/**
 * histogram_fraction(lower, upper) over one classic histogram (Prometheus's
 * BucketFraction): the estimated share of observations in [lower, upper],
 * interpolating linearly inside buckets; NaN without a +Inf bucket, with no
 * observations, or when a bound is NaN; 0 when lower ≥ upper.
 */
export function classicHistogramFraction(
  lower: number,
  upper: number,
  upperBounds: ArrayLike<number>,
  counts: ArrayLike<number>,
  n: number,
): number {
  if (n <= 0) return NaN;
  const m = sortAndCoalesce(upperBounds, counts, n);
  if (sUb[m - 1] !== Infinity) return NaN;
  const count = sCnt[m - 1]!;
  if (count === 0 || lower !== lower || upper !== upper) return NaN;
  if (lower >= upper) return 0;

  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  // Positive-only buckets start at 0; otherwise the first bucket reaches down to -Inf.
  let lowerBound = sUb[0]! <= 0 ? -Infinity : 0;
  for (let i = 0; i < m; i++) {
    if (i > 0) lowerBound = sUb[i - 1]!;
    const upperBound = sUb[i]!;
    const bCount = sCnt[i]!;
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      // No interpolation inside an infinitely wide bucket.
      lowerRank = lowerBound === -Infinity ? bCount : rank + ((bCount - rank) * (lower - lowerBound)) / (upperBound - lowerBound);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = lowerBound === -Infinity ? bCount : rank + ((bCount - rank) * (upper - lowerBound)) / (upperBound - lowerBound);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = bCount;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}
