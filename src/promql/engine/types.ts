// Internal value shapes of the evaluator. A node is evaluated once for all
// steps of its grid: an instant vector is a list of step series (one value
// slot per step plus a presence mask), a scalar one Float64Array, and range
// inputs (matrix selectors, subqueries) raw sample runs per series.
import type { Labels } from '../../model/labels.js';

/** Evaluation times start + i·step for i in [0, n). An instant query is n = 1. */
export interface Grid {
  start: number;
  /** Last evaluation time (start + (n-1)·step), or start - 1 for an empty grid. */
  end: number;
  step: number;
  n: number;
}

export function makeGrid(start: number, end: number, step: number): Grid {
  if (end < start) return { start, end: start - 1, step, n: 0 };
  const n = Math.floor((end - start) / step) + 1;
  return { start, end: start + (n - 1) * step, step, n };
}

/** One output series of an instant-vector node: values[i] is meaningful where present[i] is 1. */
export interface StepSeries {
  labels: Labels;
  values: Float64Array;
  present: Uint8Array;
  /** __name__ (and the other metadata labels) go at the end (delayed name removal). */
  dropName: boolean;
}

export interface VectorValue {
  kind: 'vector';
  series: StepSeries[];
}

export interface ScalarValue {
  kind: 'scalar';
  values: Float64Array;
}

export interface StringValue {
  kind: 'string';
  value: string;
}

/** Raw samples of one series (ascending times, no stale markers). */
export interface RawSeries {
  labels: Labels;
  ts: Float64Array;
  vs: Float64Array;
  dropName: boolean;
}

/**
 * A range-vector argument: per-series samples and how the window sits
 * relative to each step. Subquery results are materialized in `series`; a
 * matrix selector keeps its chunks in `lazy` and is decoded one series at a
 * time by whoever consumes it (no raw sample copy of all series in memory).
 */
export interface RangeValue {
  kind: 'matrix';
  series: RawSeries[];
  lazy: LazySelection | null;
  range: number;
  offset: number;
  /** Fixed reference time from `@`, or null to follow the step times. */
  at: number | null;
  /**
   * Samples counted against the query's sample limit while this value is
   * held: a subquery's points, or all samples of a one-window selection.
   * Sliding windows count per window instead (as Prometheus does).
   */
  held: number;
}

/** Chunks of a matrix selector and the sample range its windows need. */
export interface LazySelection {
  chunks: import('../../tsdb/series.js').ChunkSeries[];
  /** First window end, step between window ends, number of windows. */
  a0: number;
  step: number;
  n: number;
}

export type Value = VectorValue | ScalarValue | StringValue | RangeValue;

export function countPresent(p: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < p.length; i++) c += p[i]!;
  return c;
}

export function anyPresent(p: Uint8Array): boolean {
  for (let i = 0; i < p.length; i++) if (p[i]) return true;
  return false;
}

export function vectorPoints(v: VectorValue): number {
  let c = 0;
  for (const s of v.series) c += countPresent(s.present);
  return c;
}
