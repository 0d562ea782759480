// PromQL function kernels: the pure per-series math of Prometheus 3.x's
// promql/functions.go and quantile.go, over typed arrays. The engine selects
// samples, evaluates arguments, handles labels/metric names and annotations.
import { RANGE_KERNELS } from './range.js';
import { SIMPLE_KERNELS } from './simple.js';

export { RANGE_KERNELS, WARN_QUANTILE_OUT_OF_RANGE, durationSeconds } from './range.js';
export type { KernelOut, RangeKernel } from './range.js';
export { SIMPLE_KERNELS, clampIsEmpty, goLog2, goLog10 } from './simple.js';
export type { SimpleKernel } from './simple.js';
export { dateField } from './time.js';
export type { DateField } from './time.js';
export {
  classicHistogramQuantile,
  classicHistogramFraction,
  quantileOf,
  almostEqual,
  SMALL_DELTA_TOLERANCE,
} from './quantile.js';
export type { BucketQuantileResult } from './quantile.js';
export { kahanC, KahanSum } from './kahan.js';
export {
  labelReplace,
  labelJoin,
  makeLabelReplacer,
  makeLabelJoiner,
  isValidLabelName,
  setLabel,
  expandTemplate,
  subexpNames,
} from './labels.js';

/** Which float functions have a kernel here: 'range' (RANGE_KERNELS) or 'simple' (SIMPLE_KERNELS). */
export const floatFunctions: Readonly<Record<string, 'range' | 'simple'>> = Object.freeze(
  Object.fromEntries([
    ...Object.keys(RANGE_KERNELS).map((k) => [k, 'range'] as const),
    ...Object.keys(SIMPLE_KERNELS).map((k) => [k, 'simple'] as const),
  ]),
);

/** True when `name` has a RangeKernel. absent_over_time takes a range too but is the engine's (no kernel). */
export function isRangeFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(RANGE_KERNELS, name);
}

/**
 * Functions Prometheus 3.14 only enables with --enable-feature=promql-experimental-functions
 * (parser/functions.go Experimental: true) among those with kernels here.
 */
export const EXPERIMENTAL_KERNELS: ReadonlySet<string> = new Set([
  'double_exponential_smoothing',
  'mad_over_time',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
]);
