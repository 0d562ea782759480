// Function kernels pinned to Prometheus 3.14: expected values come from its
// promqltest scripts (promql/promqltest/testdata/functions.test etc., windows
// computed by hand here with the 3.x left-open range rule) and from running
// Prometheus's own Go code on the inputs (bit-exact cases).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RANGE_KERNELS,
  SIMPLE_KERNELS,
  WARN_QUANTILE_OUT_OF_RANGE,
  clampIsEmpty,
  dateField,
  durationSeconds,
  floatFunctions,
  isRangeFunction,
  kahanC,
  KahanSum,
  EXPERIMENTAL_KERNELS,
  type KernelOut,
} from '../../src/promql/functions/index.js';
import { PromQLError } from '../../src/promql/value.js';
import { dateFieldInt64 } from '../../src/promql/functions/time.js';

interface Series {
  ts: Float64Array;
  vs: Float64Array;
}

/** A promqltest `load <step>` line: values at start, start+step, …; null is `_` (no sample). */
function load(stepMs: number, values: (number | null)[], startMs = 0): Series {
  const ts: number[] = [];
  const vs: number[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    ts.push(startMs + i * stepMs);
    vs.push(v);
  });
  return { ts: Float64Array.from(ts), vs: Float64Array.from(vs) };
}

/** promqltest's `a+bxn`: n+1 values a, a+b, …, a+n·b. */
function seq(a: number, b: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => a + i * b);
}

const M = 60_000;

/**
 * Evaluates fn(series[range] offset off) at evalMs the way the engine selects
 * samples: the window is (evalMs-off-range, evalMs-off]. Returns undefined
 * for "no output" (including an empty window, which the engine never passes).
 */
function evalRange(fn: string, s: Series, evalMs: number, rangeMs: number, args: number[] = [], offsetMs = 0): { v: number | undefined; warn: string | null } {
  const rangeEnd = evalMs - offsetMs;
  const rangeStart = rangeEnd - rangeMs;
  let from = 0;
  while (from < s.ts.length && s.ts[from]! <= rangeStart) from++;
  let to = from;
  while (to < s.ts.length && s.ts[to]! <= rangeEnd) to++;
  const out: KernelOut = { value: 0, warn: null };
  const kernel = RANGE_KERNELS[fn];
  if (!kernel) throw new Error(`no kernel ${fn}`);
  const ok = kernel(s.ts, s.vs, from, to, rangeStart, rangeEnd, args, out);
  return { v: ok ? out.value : undefined, warn: out.warn };
}

function at(fn: string, s: Series, evalMs: number, rangeMs: number, args: number[] = [], offsetMs = 0): number | undefined {
  return evalRange(fn, s, evalMs, rangeMs, args, offsetMs).v;
}

/** Relative closeness for values printed with limited digits in the scripts. */
function expectClose(actual: number | undefined, expected: number, rel = 1e-12): void {
  expect(actual).toBeTypeOf('number');
  const a = actual as number;
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    expect(a).toBe(expected);
    return;
  }
  const tol = Math.max(Math.abs(expected) * rel, 1e-300);
  expect(Math.abs(a - expected), `${a} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe('resets and changes (functions.test)', () => {
  const foo = load(5 * M, [1, 2, 3, 0, 1, 0, 0, 1, 2, 0]);
  const bar = load(5 * M, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
  const biz = load(5 * M, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);

  it('counts resets for each window', () => {
    expect(at('resets', foo, 50 * M, 5 * M)).toBeUndefined(); // empty window
    const table: [number, number, number, number][] = [
      [10 * M, 0, 0, 0],
      [10 * 60 * 1000, 0, 0, 0],
      [20 * M, 1, 0, 0],
      [30 * M, 1, 0, 0],
      [32 * M, 2, 1, 0],
      [50 * M, 3, 1, 0],
    ];
    for (const [range, f, b, z] of table) {
      expect(at('resets', foo, 50 * M, range)).toBe(f);
      expect(at('resets', bar, 50 * M, range)).toBe(b);
      expect(at('resets', biz, 50 * M, range)).toBe(z);
    }
  });

  it('counts changes for each window, NaN to NaN being no change', () => {
    const table: [number, number, number, number][] = [
      [6 * M, 0, 0, 0],
      [20 * M, 2, 2, 0],
      [30 * M, 3, 4, 0],
      [50 * M, 7, 8, 1],
    ];
    for (const [range, f, b, z] of table) {
      expect(at('changes', foo, 50 * M, range)).toBe(f);
      expect(at('changes', bar, 50 * M, range)).toBe(b);
      expect(at('changes', biz, 50 * M, range)).toBe(z);
    }
    expect(at('changes', load(5 * M, [NaN, NaN, NaN]), 15 * M, 20 * M)).toBe(0);
    expect(at('changes', load(5 * M, [0, NaN, 0]), 15 * M, 20 * M)).toBe(2);
  });

  it('has no output when no sample lies after the window start (an anchor passed alone)', () => {
    const s = load(5 * M, [1, 0]);
    const out: KernelOut = { value: 0, warn: null };
    expect(RANGE_KERNELS.resets!(s.ts, s.vs, 0, 2, 5 * M, 10 * M, [], out)).toBe(false);
    expect(RANGE_KERNELS.changes!(s.ts, s.vs, 0, 2, 4 * M, 10 * M, [], out)).toBe(true);
    expect(out.value).toBe(1);
  });
});

describe('rate, increase, delta extrapolation (functions.test)', () => {
  const fooTotal = load(5 * M, seq(0, 10, 10));
  const barTotal = load(5 * M, [...seq(0, 18, 5), ...seq(0, 18, 5)]);
  const dings = load(5 * M, seq(10, 10, 10));
  const bumms = load(5 * M, seq(1, 10, 10));

  it('increase over 50m and 100m, with zero-point cut-off of the left extrapolation', () => {
    expect(at('increase', fooTotal, 50 * M, 50 * M)).toBeCloseTo(100, 12);
    expect(at('increase', barTotal, 50 * M, 50 * M)).toBeCloseTo(160, 12);
    expect(at('increase', dings, 50 * M, 50 * M)).toBeCloseTo(100, 12);
    expect(at('increase', bumms, 50 * M, 50 * M)).toBeCloseTo(100, 12);
    expect(at('increase', fooTotal, 50 * M, 100 * M)).toBeCloseTo(100, 12);
    expect(at('increase', barTotal, 50 * M, 100 * M)).toBeCloseTo(162, 12);
    expect(at('increase', dings, 50 * M, 100 * M)).toBeCloseTo(105, 12);
    expect(at('increase', bumms, 50 * M, 100 * M)).toBeCloseTo(101, 12);
  });

  it('increase treats a decrease as a reset to zero', () => {
    expectClose(at('increase', load(5 * M, [0, 1, 2, 3, 2, 3, 4]), 30 * M, 30 * M), 7);
  });

  it('rate with resets in the middle and at the end', () => {
    const middle = load(5 * M, [...seq(0, 27, 4), ...seq(0, 27, 5)]);
    expectClose(at('rate', middle, 50 * M, 50 * M), 0.08);
    const end = load(5 * M, [...seq(0, 10, 9), 0, 10]);
    expect(at('rate', end, 50 * M, 5 * M)).toBeUndefined();
    expect(at('rate', end, 50 * M, 6 * M)).toBe(0);
  });

  it('rate per second, with offset', () => {
    // Go computes 0.2666666666666667 too; the script's 0.26666666666666666 passes by its tolerance.
    expectClose(at('rate', load(5 * M, seq(0, 80, 10)), 50 * M, 50 * M), 0.26666666666666666);
    expect(at('rate', load(5 * M, seq(0, 10, 10)), 50 * M, 10 * M, [], 5 * M)).toBe(0.03333333333333333);
    expect(at('rate', load(5 * M, seq(0, 20, 10)), 50 * M, 10 * M, [], 5 * M)).toBe(0.06666666666666667);
  });

  it('zero cut-off for left-side extrapolation up to half an interval', () => {
    const starts = [0, 60, 120, 180, 240, 300];
    const at10 = [0.5, 0.55, 0.6, 0.6, 0.6, 0.6];
    starts.forEach((st, i) => {
      const s = load(4 * M, seq(st, 240, 10));
      expectClose(at('rate', s, 10 * M, 20 * M), at10[i]!);
      expectClose(at('rate', s, 50 * M, 20 * M), 0.6);
    });
  });

  it('delta is not reset-corrected and may be negative', () => {
    expect(at('delta', load(5 * M, [0, 50, 100, 150, 200]), 20 * M, 20 * M)).toBe(200);
    expect(at('delta', load(5 * M, [200, 150, 100, 50, 0]), 20 * M, 20 * M)).toBe(-200);
  });

  it('needs two samples', () => {
    for (const fn of ['rate', 'increase', 'delta', 'irate', 'idelta', 'deriv', 'predict_linear']) {
      expect(at(fn, load(5 * M, [1]), 0, 5 * M, [0, 0])).toBeUndefined();
    }
  });

  it('range seconds follow Go Duration.Seconds()', () => {
    expect(durationSeconds(300_000)).toBe(300);
    expect(durationSeconds(1001)).toBe(1 + 1_000_000 / 1e9);
    expect(durationSeconds(1500)).toBe(1.5);
  });
});

describe('irate and idelta (functions.test)', () => {
  it('irate over the last two samples, reset aware', () => {
    const foo = load(5 * M, seq(0, 10, 10));
    const bar = load(5 * M, [...seq(0, 10, 5), ...seq(0, 10, 5)]);
    expect(at('irate', foo, 50 * M, 50 * M)).toBe(0.03333333333333333);
    expect(at('irate', bar, 50 * M, 50 * M)).toBe(0.03333333333333333);
    expect(at('irate', foo, 30 * M, 50 * M)).toBe(0.03333333333333333);
    expect(at('irate', bar, 30 * M, 50 * M)).toBe(0);
  });

  it('NaN samples propagate', () => {
    const nan = load(5 * M, [1, NaN, NaN, 5, 11]);
    const range = 15 * M + 1000;
    const irate = [0, 5, 10, 15, 20].map((m) => at('irate', nan, m * M, range));
    expect(irate[0]).toBeUndefined();
    expect(irate.slice(1, 4).every((v) => Number.isNaN(v))).toBe(true);
    expect(irate[4]).toBe(0.02);
    const idelta = [0, 5, 10, 15, 20].map((m) => at('idelta', nan, m * M, range));
    expect(idelta[0]).toBeUndefined();
    expect(idelta.slice(1, 4).every((v) => Number.isNaN(v))).toBe(true);
    expect(idelta[4]).toBe(6);
  });

  it('idelta is the plain difference', () => {
    expect(at('idelta', load(5 * M, [0, 50, 100, 150]), 20 * M, 20 * M)).toBe(50);
    expect(at('idelta', load(5 * M, [0, 50, 100, 50]), 20 * M, 20 * M)).toBe(-50);
  });
});

describe('deriv and predict_linear (functions.test)', () => {
  const resetMiddle = load(5 * M, [...seq(0, 10, 4), ...seq(0, 10, 5)]);

  it('deriv', () => {
    expect(at('deriv', load(5 * M, seq(0, 80, 10)), 50 * M, 50 * M)).toBe(0.26666666666666666);
    expect(at('deriv', resetMiddle, 50 * M, 100 * M)).toBe(0.010606060606060607);
    const inf = load(5 * M, [-Infinity, ...seq(0, 80, 10), Infinity]);
    expect(at('deriv', inf, 100 * M, 100 * M)).toBeNaN();
    expect(at('deriv', load(5 * M, [3, 3, 3]), 10 * M, 20 * M)).toBe(0);
    expect(at('deriv', load(5 * M, [Infinity, Infinity]), 10 * M, 20 * M)).toBeNaN();
  });

  it('predict_linear relative to the evaluation time (args[1])', () => {
    expectClose(at('predict_linear', resetMiddle, 50 * M, 50 * M, [3600, 50 * M]), 70);
    expectClose(at('predict_linear', resetMiddle, 50 * M, 50 * M, [3600]), 70);
    // `[55m] @ 3000`: the window ends at 3000s whatever the evaluation time.
    const atWindow = (evalMs: number) => {
      const out: KernelOut = { value: 0, warn: null };
      RANGE_KERNELS.predict_linear!(resetMiddle.ts, resetMiddle.vs, 0, resetMiddle.ts.length, 3000_000 - 55 * M, 3000_000, [3600, evalMs], out);
      return out.value;
    };
    expectClose(atWindow(50 * M), 76.81818181818181);
    expectClose(atWindow(10 * M), 51.36363636363637);
    expectClose(atWindow(70 * M), 89.54545454545455);
    const inf = load(5 * M, [-Infinity, ...seq(0, 80, 10), Infinity]);
    expect(at('predict_linear', inf, 100 * M, 100 * M, [6000, 100 * M])).toBeNaN();
  });
});

describe('*_over_time (functions.test)', () => {
  const S = 1000;

  it('avg_over_time with infinities, overflow and NaN', () => {
    const cases: [number[], number][] = [
      [[1, 2, 3, 4, 5], 3],
      [[1, 2, 3, 4, Infinity], Infinity],
      [[1, 2, 3, 4, -Infinity], -Infinity],
      [[1, 2, 3, Infinity, -Infinity], NaN],
      [[Infinity, 0, Infinity], Infinity],
      [[Infinity, Infinity, Infinity, -Infinity], NaN],
      [[1, 2, 3, -Infinity, -Infinity], -Infinity],
      [[-Infinity, 0, -Infinity], -Infinity],
      [[-Infinity, -Infinity, -Infinity, Infinity], NaN],
      [[1, 2, -Infinity, -Infinity, Infinity], NaN],
      [[9.988465674311579e307, 9.988465674311579e307], 9.988465674311579e307],
      [[-9.988465674311579e307, -9.988465674311579e307, -9.988465674311579e307], -9.988465674311579e307],
      [[-9.988465674311579e307, 9.988465674311579e307], 0],
      [[1, 2, 3, NaN, NaN], NaN],
    ];
    for (const [vals, want] of cases) expect(at('avg_over_time', load(10 * S, vals), 55 * S, M)).toBe(want);
    expect(at('avg_over_time', load(10 * S, [1, 2, 3, 4, 5]), 55 * S, 20 * S)).toBe(5);
    expect(at('avg_over_time', load(10 * S, [1, 2, 3, NaN, NaN]), 20 * S, M)).toBe(2);
    // The plain sum overflows where the mean does not.
    expect(at('sum_over_time', load(10 * S, [9.988465674311579e307, 9.988465674311579e307]), 55 * S, M)).toBe(Infinity);
  });

  it('avg_over_time and sum_over_time keep detail across huge intermediate values', () => {
    const s = load(10 * S, [1, 1e100, 1, -1e100]);
    expect(at('sum_over_time', s, M, 2 * M)).toBe(2);
    expect(at('avg_over_time', s, M, 2 * M)).toBe(0.5);
  });

  it('avg_over_time of values of very different magnitudes', () => {
    const cases: [number[], number][] = [
      [[1e10, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6], 1.6666666666666675e9],
      [[5.30921651659898, 0.961118537914768, 1.62091361305318, 0.865089463758091, 0.323055185914577, 0.951811357687154], 1.67186744582113],
      [[1.78264e50, 0.76342771, 1.9592258, 7.69805412, 458.90154], 3.56528e49],
      [[0.76342771, 1.9592258, 7.69805412, 1.78264e50, 458.90154], 3.56528e49],
      [[1.78264e50, 0.76342771, 1.9592258, 2.258e220, 7.69805412, 458.90154], 3.76333333333333e219],
      [[-1.78264e50, 0.76342771, 1.9592258, 2.258e220, 7.69805412, -458.90154], 3.76333333333333e219],
      [[-1.78264e50, 0.76342771, 1.9592258, -2.258e220, 7.69805412, -458.90154], -3.76333333333333e219],
      [[-1.78264e215, 0.76342771, 1.9592258, 2.258e220, 7.69805412, -458.90154], 3.76330362266667e219],
      [[-1.78264e215, 0.76342771, 1.9592258, 2.258e220, 7.69805412, 1.78264e215, -458.90154], 3.225714285714286e219],
      [[-1.78264e219, 0.76342771, 1.9592258, 2.3757689e217, -2.3757689e217, 2.258e220, 7.69805412, 1.78264e219, -458.90154], 2.5088888888888888e219],
    ];
    for (const [vals, want] of cases) expectClose(at('avg_over_time', load(5 * S, vals), 55 * S, M), want, 1e-13);
    // Kahan cannot recover this one; Prometheus documents the result as 0.
    const m11 = [-2.258e220, -1.78264e219, 0.76342771, 1.9592258, 2.3757689e217, -2.3757689e217, 2.258e220, 7.69805412, 1.78264e219, -458.90154];
    expect(at('avg_over_time', load(5 * S, m11), 55 * S, M)).toBe(0);
  });

  it('avg_over_time of a constant is exactly the constant', () => {
    const foo = load(10 * S, seq(52, 0, 100));
    for (const r of [100, 110, 120, 130]) expect(at('avg_over_time', foo, 10 * M, r * S)).toBe(52);
  });

  it('sum_over_time over dense samples', () => {
    const dense = load(1, seq(1, 0, 4000));
    for (const r of [1000, 1001, 1002, 1003, 2000, 2001, 2002, 2003, 3000, 3001, 3002, 3003]) {
      expect(at('sum_over_time', dense, 4000, r)).toBe(r);
    }
  });

  it('stddev_over_time and stdvar_over_time', () => {
    const m = load(10 * S, [0, 8, 8, 2, 3]);
    expectClose(at('stdvar_over_time', m, M, 2 * M), 10.56);
    expectClose(at('stddev_over_time', m, M, 2 * M), 3.249615, 1e-6);
    const c = load(10 * S, [1.5990505637277868, 1.5990505637277868, 1.5990505637277868]);
    expect(at('stdvar_over_time', c, 55 * S, M)).toBe(0);
    expect(at('stddev_over_time', c, 55 * S, M)).toBe(0);
  });

  it('mad_over_time', () => {
    expect(at('mad_over_time', load(10 * S, [4, 6, 2, 1, 999, 1, 2]), 70 * S, 70 * S)).toBe(1);
    expect(at('mad_over_time', load(10 * S, [1, 2, 3, 4, 5]), 40 * S, 50 * S)).toBe(1);
    expect(at('mad_over_time', load(10 * S, [7, 7, 7, 7, 7]), 40 * S, 50 * S)).toBe(0);
    expect(at('mad_over_time', load(10 * S, [5]), 0, 10 * S)).toBe(0);
    expect(at('mad_over_time', load(10 * S, [1, 2, NaN, 4]), 30 * S, 40 * S)).toBeNaN();
  });

  it('ts_of_min/max/first/last_over_time with an odd interval', () => {
    const step = 10_053;
    expect(at('ts_of_min_over_time', load(step, [1, 2, 3, 0, 5, 6, 2, 1, 4]), 90 * S, 90 * S)).toBe(30.159);
    expect(at('ts_of_max_over_time', load(step, [1, 2, 3, 0, 5, 6, 2, 1, 4]), 90 * S, 90 * S)).toBe(50.265);
    expect(at('ts_of_last_over_time', load(step, [1, 2, 3, null, null]), 90 * S, 90 * S)).toBe(20.106);
    expect(at('ts_of_last_over_time', load(step, [1, 2, 3, null, null]), 95 * S, 90 * S)).toBe(20.106);
    const first = load(step, [null, null, 1, 2, 3, null, null]);
    expect(at('ts_of_first_over_time', first, 90 * S, 90 * S)).toBe(20.106);
    expect(at('ts_of_first_over_time', first, 95 * S, 90 * S)).toBe(20.106);
    expect(at('ts_of_first_over_time', first, 15 * S, 90 * S)).toBeUndefined();
    // Ties: the latest extreme wins.
    expect(at('ts_of_max_over_time', load(S, [1, 3, 3, 2]), 3 * S, 10 * S)).toBe(2);
    expect(at('ts_of_min_over_time', load(S, [NaN, 1, 1, 2]), 3 * S, 10 * S)).toBe(2);
  });

  it('quantile_over_time, with the out-of-range warning', () => {
    const two = load(10 * S, [0, 1]);
    const three = load(10 * S, [0, 1, 2]);
    const uneven = load(10 * S, [0, 1, 4]);
    const table: [number, number, number, number][] = [
      [0, 0, 0, 0],
      [0.5, 0.5, 1, 1],
      [0.75, 0.75, 1.5, 2.5],
      [0.8, 0.8, 1.6, 2.8],
      [1, 1, 2, 4],
      [-1, -Infinity, -Infinity, -Infinity],
      [2, Infinity, Infinity, Infinity],
    ];
    for (const [q, a, b, c] of table) {
      const r = evalRange('quantile_over_time', two, M, 2 * M, [q]);
      expectClose(r.v, a);
      expect(r.warn).toBe(q < 0 || q > 1 ? WARN_QUANTILE_OUT_OF_RANGE : null);
      expectClose(at('quantile_over_time', three, M, 2 * M, [q]), b);
      expectClose(at('quantile_over_time', uneven, M, 2 * M, [q]), c);
    }
    const nanQ = evalRange('quantile_over_time', two, M, 2 * M, [NaN]);
    expect(nanQ.v).toBeNaN();
    expect(nanQ.warn).toBe(WARN_QUANTILE_OUT_OF_RANGE);
    // NaN sorts below every number.
    expect(at('quantile_over_time', load(S, [5, NaN, 1]), 2 * S, 10 * S, [0])).toBeNaN();
    expect(at('quantile_over_time', load(S, [5, NaN, 1]), 2 * S, 10 * S, [1])).toBe(5);
    expect(at('quantile_over_time', load(S, [5, NaN, 1]), 2 * S, 10 * S, [0.75])).toBe(3);
  });

  it('quantile_over_time leaves the window untouched', () => {
    const s = load(S, [3, 1, 2]);
    at('quantile_over_time', s, 2 * S, 10 * S, [0.5]);
    at('mad_over_time', s, 2 * S, 10 * S);
    expect([...s.vs]).toEqual([3, 1, 2]);
  });

  it('min/max/last/first over time with NaN', () => {
    const rows: [number[], number, number, number, number][] = [
      // values, min, max, last, first
      [[2, 0, 3], 0, 3, 3, 2],
      [[2, 0, NaN], 0, 2, NaN, 2],
      [[2, NaN, 1], 1, 2, 1, 2],
      [[NaN, 0, 1], 0, 1, 1, NaN],
      [[NaN, NaN, NaN], NaN, NaN, NaN, NaN],
    ];
    for (const [vals, mn, mx, last, first] of rows) {
      const s = load(10 * S, vals);
      expect(at('min_over_time', s, M, 2 * M)).toBe(mn);
      expect(at('max_over_time', s, M, 2 * M)).toBe(mx);
      expect(at('last_over_time', s, M, 2 * M)).toBe(last);
      expect(at('first_over_time', s, M, 2 * M)).toBe(first);
      expect(at('count_over_time', s, M, 2 * M)).toBe(3);
      expect(at('present_over_time', s, M, 2 * M)).toBe(1);
    }
    const sparse = load(10 * S, [null, 5, 2, null, 4, null]);
    expect(at('min_over_time', sparse, M, 2 * M)).toBe(2);
    expect(at('max_over_time', sparse, M, 2 * M)).toBe(5);
    expect(at('last_over_time', sparse, M, 2 * M)).toBe(4);
    expect(at('first_over_time', sparse, M, 2 * M)).toBe(5);
  });

  it('present_over_time and count_over_time have no output for an empty window', () => {
    const s = load(M, seq(1, 1, 10));
    expect(at('present_over_time', s, 15 * M, 5 * M)).toBe(undefined);
    expect(at('count_over_time', s, 5 * M, 5 * M)).toBe(5);
  });
});

describe('double_exponential_smoothing (functions.test)', () => {
  const S = 1000;
  it('follows trends', () => {
    const pos: [number[], number][] = [
      [[...seq(0, 10, 1000), ...seq(100, 30, 1000)], 8000],
      [[...seq(0, 20, 1000), ...seq(200, 30, 1000)], 16000],
      [[...seq(0, 30, 1000), ...seq(300, 80, 1000)], 24000],
      [seq(0, 40, 2000), 32000],
    ];
    for (const [vals, want] of pos) expectClose(at('double_exponential_smoothing', load(10 * S, vals), 8000 * S, M, [0.01, 0.1]), want, 1e-9);
    const late: [number[], number][] = [
      [[...seq(0, 10, 1000), ...seq(100, 30, 1000)], 30100],
      [[...seq(0, 20, 1000), ...seq(200, 30, 1000)], 30200],
      [[...seq(0, 30, 1000), ...seq(300, 80, 1000)], 80300],
      [seq(0, 40, 2000), 80000],
    ];
    for (const [vals, want] of late) expectClose(at('double_exponential_smoothing', load(10 * S, vals), 20010 * S, M, [0.01, 0.1]), want, 1e-9);
    const neg: [number[], number][] = [
      [seq(8000, -10, 1000), 0],
      [seq(0, -20, 1000), -16000],
      [[...seq(0, 30, 1000), ...seq(300, -80, 1000)], 24000],
      [[...seq(0, -40, 1000), ...seq(0, 40, 1000)], -32000],
    ];
    for (const [vals, want] of neg) {
      const v = at('double_exponential_smoothing', load(10 * S, vals), 8000 * S, M, [0.01, 0.1]);
      if (want === 0) expect(Math.abs(v!)).toBeLessThan(1e-6);
      else expectClose(v, want, 1e-9);
    }
  });

  it('rejects factors outside (0, 1) with Prometheus errors, even for a single sample', () => {
    const s = load(10 * S, [1]);
    const call = (sf: number, tf: number) => () => at('double_exponential_smoothing', s, 0, M, [sf, tf]);
    expect(call(1.2, 0.5)).toThrow(new PromQLError('invalid smoothing factor. Expected: 0 < sf < 1, got: 1.200000'));
    expect(call(0, 0.5)).toThrow('invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000');
    expect(call(0.5, 1)).toThrow('invalid trend factor. Expected: 0 < tf < 1, got: 1.000000');
    expect(call(0.5, -Infinity)).toThrow('invalid trend factor. Expected: 0 < tf < 1, got: -Inf');
    try {
      call(2, 0.5)();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PromQLError);
      expect((e as PromQLError).errorType).toBe('execution');
    }
    // NaN passes the range checks (comparisons are false) and yields NaN.
    expect(at('double_exponential_smoothing', load(10 * S, [1, 2]), 10 * S, M, [NaN, 0.5])).toBeNaN();
    expect(call(0.5, 0.5)()).toBeUndefined();
  });
});

// Inputs and outputs of Prometheus's own Go code (functions.go, copied into a
// scratch harness), compared bit for bit: fn, ts, vs, rangeStart, rangeEnd, args, result.
const GO_CASES: [string, number[], number[], number, number, number[], number][] = [
  ['rate', [82668, 102092, 103438, 103796, 114973, 117102], [1262.161514763978, 345.5894937562567, -649.0334541371136, 1788.597050936966, -375.9255129478065, -1397.1842552788805], 57917, 129031, [], 6.092923077872749],
  ['rate', [77529, 79739, 82583, 101853, 119863, 138844, 156629], [1905.6951542889642, -1342.3456984523941, -658.0678107057971, -960.9672015922602, -308.7838359550177, -141.14202626021034, 727.6437165209197], 59873, 179780, [], 0.6769570593680356],
  ['increase', [82420, 92556, 94062, 99578, 103638, 119806], [1488.5041207811983, -102369.6459028311, 0.00021814918615673418, 0.21269623711198654, -0.9048250807838091, 0.3330070019462651], 61416, 126606, [], 0.6995294883264153],
  ['increase', [65121, 66626, 81598, 100972, 104591], [-1130.1215630373779, 741.0670695477747, -648.0382878482529, -319.27654558493856, -946.4391894550747], 63693, 108050, [], 680.4398610694134],
  ['delta', [93598, 106722, 115089, 121845, 122462, 123111], [-251.8416006880805, 608.3952508847007, -1506.6479064883538, 387.6276723567287, -833.1582866676926, 739.9077569049261], 68410, 126948, [], 1219.8621270216859],
  ['delta', [41190, 45547, 65175, 75469, 94641, 111103], [23.26517595402361, 5.891620320964655, 17.772131531921953, 29.6792498914727, 39.55253705883329, 39.88606362278927], 28279, 123751, [], 22.69720062810057],
  ['irate', [2088, 5255, 14576, 28565], [52.19429004688803, 535.2264795723422, 48.261512657322704, -1078.7853803211135], -17803, 29042, [], -77.11669027958492],
  ['irate', [24390, 40114, 51985, 67769, 74861, 78458], [111.19847075331475, 139.3248956927206, 164.27399252518893, 205.99666730371143, 254.3701022094875, 2.6275013184053417], 7660, 103424, [], 0.7304702025035701],
  ['idelta', [84728, 101327, 107146, 118009, 135117, 146198, 161526], [56.53194287742114, 72.79957263086692, 78.32120633449867, 87.40946443359653, 132.57258155082525, 2.157971186581565, 5.370411149937656], 71672, 176557, [], 3.2124399633560907],
  ['deriv', [64187, 66934, 68393, 79393, 90334, 92899, 95058], [121.58787691419562, 152.38744971356442, 153.4682025140824, 198.21866600496395, 228.94356572931792, 246.33583093247333, 4.133302481830692], 50101, 122161, [], 0.22053177114044284],
  ['deriv', [52691, 61993, 62483, 75362, 91248], [2155.8693535743555, 340.6281317065767, -208.18166172350772, 79.87525847867563, 768.6713007472174], 23237, 120407, [], -19.954350131021965],
  ['predict_linear', [61144, 75025, 93986, 106563, 122614, 124987, 130803], [117.17755369013327, 152.13125173823016, 167.5297376753541, 208.25384467121364, 241.44829521765163, 271.2740547851501, 296.9093586244306], 60677, 139752, [4687, 259752], 11849.604859429925],
  ['predict_linear', [23642, 41306, 54847, 60774], [89.21037357037545, 127.75020445773333, 159.66662940316007, 172.2311778179713], 181, 89534, [4386, 149534], 10233.833579529102],
  ['avg_over_time', [42597, 45696, 55276, 69934, 75537, 75748], [18.42682336572643, 40.19636542850854, 4.737084094948818, 14.454975101211511, 44.4075997832213, 50.92945301302831], 37698, 83476, [], 28.85871679777415],
  ['avg_over_time', [57356, 63080, 77445, 79186], [9, 13284.244440484927, 905208.9123980624, -0.000463167018536579], 52893, 100890, [], 229625.5390938451],
  ['sum_over_time', [82336, 89797, 98008, 102659, 103730, 122303, 138986], [-2431.612517248084, 342.3550700508141, 130.0890026404419, 93.05786228209645, 669.6752024347675, 81.64422898745998, -448.7348895318692], 76538, 155593, [], -1563.5260403843731],
  ['stdvar_over_time', [90280, 93446, 95360, 110655, 114812, 124821, 139907], [-1017.4798730598753, -407.319539991759, 1071.5253815159872, -790.7467868741809, -58.66801613882067, 889.6770186156892, 376.7619571080827], 68513, 166898, [], 558708.2495559701],
  ['stddev_over_time', [8418, 20494, 29517, 34350, 37853, 43993, 58022], [34.99971748117562, 39.78254236347149, 66.97446095023892, 4.930190409121192, 28.011613593175856, 69.79541964626505, 3.0605169005129995], -17798, 73782, [], 24.576962166104497],
  ['quantile_over_time', [98453, 112844, 123484, 139313, 157006], [644.7573218136249, 159.22317065202486, -292.9311737303488, 288.75637449361955, -619.8957133677678], 75647, 171988, [0.9], 502.3569428856228],
  ['mad_over_time', [41365, 52352, 67054, 72462, 86596, 98957, 110411], [49.81551976562848, 6, 46.25255204499307, 7, 0.705441399326884, -77444.82862098956, -0.00003895794534545475], 16427, 127914, [], 6.000038957945345],
  ['double_exponential_smoothing', [80352, 84336, 95449, 98895, 118471], [3.9818512015411773, 29.51628940103779, 43.59432208147361, 51.50282639075505, 60.972826754294175], 72783, 135409, [0.48025314645242867, 0.8145129783011605], 68.26936710447654],
  ['double_exponential_smoothing', [8021, 13028, 17361, 19782, 22378], [39.0878538484241, 54.17223516319011, 83.62530504192776, 132.2579986687644, 181.32719597417184], -3078, 52238, [0.42634092346865393, 0.4258130178354872], 154.51410708478176],
];

describe('bit-exact agreement with Prometheus Go code', () => {
  it.each(GO_CASES.map((c, i) => [i, ...c] as const))('case %i %s', (_i, fn, ts, vs, rs, re, args, want) => {
    // Embed the window in a larger array to exercise from/to.
    const T = new Float64Array([rs - 5, ...ts, re + 5]);
    const V = new Float64Array([123, ...vs, 456]);
    const out: KernelOut = { value: 0, warn: null };
    expect(RANGE_KERNELS[fn]!(T, V, 1, 1 + ts.length, rs, re, args, out)).toBe(true);
    expect(out.value).toBe(want);
  });
});

/** Exact sum of doubles as a scaled BigInt (every finite double is a multiple of 2^-1074). */
function exactSum(xs: number[]): { num: bigint; abs: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  let num = 0n;
  let abs = 0n;
  for (const x of xs) {
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const exp = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    let shift: number;
    if (exp === 0) shift = 0;
    else {
      mant |= 1n << 52n;
      shift = exp - 1;
    }
    const scaled = mant << BigInt(shift);
    num += x < 0 ? -scaled : scaled;
    abs += scaled;
  }
  return { num, abs };
}

function bigToNumber(b: bigint): number {
  // value = b · 2^-1074, converted via a decimal-free route: split off the top 64 bits.
  const neg = b < 0n;
  let m = neg ? -b : b;
  let e = -1074;
  while (m >= 1n << 64n) {
    m >>= 1n;
    e++;
  }
  const v = Number(m) * 2 ** e;
  return neg ? -v : v;
}

describe('properties', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e200, max: 1e200 });

  it('sum_over_time is within the Kahan–Neumaier bound of the exact sum', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), (xs) => {
        const s = { ts: Float64Array.from(xs, (_, i) => i + 1), vs: Float64Array.from(xs) };
        const out: KernelOut = { value: 0, warn: null };
        RANGE_KERNELS.sum_over_time!(s.ts, s.vs, 0, xs.length, 0, xs.length, [], out);
        const { num, abs } = exactSum(xs);
        const exact = bigToNumber(num);
        const bound = 4.5e-16 * Math.abs(exact) + 1e-25 * bigToNumber(abs) + 1e-300;
        return Math.abs(out.value - exact) <= bound;
      }),
      { numRuns: 300 },
    );
  });

  it('sum_over_time equals the naive sum when no rounding happens', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 100 }), (ints) => {
        const xs = ints.map((i) => i / 1024);
        const out: KernelOut = { value: 0, warn: null };
        RANGE_KERNELS.sum_over_time!(Float64Array.from(xs, (_, i) => i + 1), Float64Array.from(xs), 0, xs.length, 0, xs.length, [], out);
        return out.value === xs.reduce((a, b) => a + b, 0);
      }),
    );
  });

  it('avg_over_time is close to the exact rational mean', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), (xs) => {
        const out: KernelOut = { value: 0, warn: null };
        RANGE_KERNELS.avg_over_time!(Float64Array.from(xs, (_, i) => i + 1), Float64Array.from(xs), 0, xs.length, 0, xs.length, [], out);
        const { num, abs } = exactSum(xs);
        const mean = bigToNumber(num) / xs.length;
        const bound = 1e-15 * Math.abs(mean) + (1e-25 * bigToNumber(abs)) / xs.length + 1e-300;
        return Math.abs(out.value - mean) <= bound;
      }),
      { numRuns: 300 },
    );
  });

  it('rate of a steadily rising counter over an aligned window is its slope', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 2, max: 50 }), fc.double({ min: 0.001, max: 1e6, noNaN: true }), (stepS, n, slope) => {
        const step = stepS * 1000;
        const ts = Float64Array.from({ length: n + 1 }, (_, i) => i * step);
        const vs = Float64Array.from(ts, (t) => (t / 1000) * slope);
        const out: KernelOut = { value: 0, warn: null };
        // Window (0, n·step]: the first sample inside sits one interval after the start.
        RANGE_KERNELS.rate!(ts, vs, 1, n + 1, 0, n * step, [], out);
        return Math.abs(out.value - slope) <= slope * 1e-9;
      }),
    );
  });

  it('date fields agree with JS Date inside its range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.6e12, max: 8.6e12 }), (sec) => {
        const d = new Date(sec * 1000);
        const fields = [
          dateField(sec, 'year') === d.getUTCFullYear(),
          dateField(sec, 'month') === d.getUTCMonth() + 1,
          dateField(sec, 'day_of_month') === d.getUTCDate(),
          dateField(sec, 'day_of_week') === d.getUTCDay(),
          dateField(sec, 'hour') === d.getUTCHours(),
          dateField(sec, 'minute') === d.getUTCMinutes(),
          dateField(sec, 'days_in_month') === new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate() ||
            d.getUTCFullYear() < 100, // Date.UTC maps years 0–99 to 1900s
        ];
        const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
        const yday = d.getUTCFullYear() >= 100 ? Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - jan1) / 86_400_000) + 1 : dateField(sec, 'day_of_year');
        return fields.every(Boolean) && dateField(sec, 'day_of_year') === yday;
      }),
      { numRuns: 2000 },
    );
  });

  it('the fast date path and the Go int64 emulation agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9e14, max: 9e14 }), (sec) => {
        for (const f of ['year', 'month', 'day_of_month', 'day_of_week', 'day_of_year', 'hour', 'minute', 'days_in_month'] as const) {
          if (dateField(sec, f) !== dateFieldInt64(BigInt(sec), f)) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('Kahan summation (kahansum.Inc)', () => {
  it('handles infinities and NaN like Prometheus', () => {
    const add = (a: number, b: number) => {
      const k = new KahanSum();
      k.add(a);
      k.add(b);
      return k.sum + k.c;
    };
    for (const [a, b, want] of [
      [Infinity, 2, Infinity],
      [-Infinity, 2, -Infinity],
      [Infinity, -Infinity, NaN],
      [NaN, 2, NaN],
      [NaN, Infinity, NaN],
      [NaN, -Infinity, NaN],
    ] as const) {
      expect(add(a, b)).toBe(want);
      expect(add(b, a)).toBe(want);
    }
    expect(kahanC(1, 1e100, 0)).toBe(1);
    const k = new KahanSum();
    for (const v of [1, 1e100, 1, -1e100]) k.add(v);
    expect(k.value()).toBe(2);
  });
});

describe('simple kernels', () => {
  const data = [2.5, 2, -2.5, -2, 0, -0, Infinity, -Infinity, NaN];
  const apply = (fn: string, args: number[] = []) => data.map((v) => SIMPLE_KERNELS[fn]!(v, args));

  it('abs, ceil, floor, round (functions.test)', () => {
    expect(apply('abs')).toEqual([2.5, 2, 2.5, 2, 0, 0, Infinity, Infinity, NaN]);
    expect(apply('ceil')).toEqual([3, 2, -2, -2, 0, -0, Infinity, -Infinity, NaN]);
    expect(apply('floor')).toEqual([2, 2, -3, -2, 0, -0, Infinity, -Infinity, NaN]);
    expect(apply('round')).toEqual([3, 2, -2, -2, 0, 0, Infinity, -Infinity, NaN]);
  });

  it('round to_nearest uses the inverse like Prometheus', () => {
    const round = SIMPLE_KERNELS.round!;
    expect(round(1.25, [0.1])).toBe(1.3);
    expect(round(0.3, [0.1])).toBe(0.3);
    expect(round(7, [5])).toBe(5);
    expect(round(7.5, [5])).toBe(10);
    expect(round(-2.5, [1])).toBe(-2);
    expect(round(12.345, [0.01])).toBe(12.35);
    expect(round(3, [0])).toBeNaN(); // 1/0 = Inf; 3·Inf/Inf
  });

  it('sgn', () => {
    const sgn = SIMPLE_KERNELS.sgn!;
    expect([-Infinity, Infinity, -50, 0, 100].map((v) => sgn(v, []))).toEqual([-1, 1, -1, 0, 1]);
    expect(sgn(NaN, [])).toBeNaN();
    expect(Object.is(sgn(-0, []), -0)).toBe(true);
  });

  it('clamp, clamp_min, clamp_max (functions.test)', () => {
    const vals = [-50, 0, 100];
    expect(vals.map((v) => SIMPLE_KERNELS.clamp_max!(v, [75]))).toEqual([-50, 0, 75]);
    expect(vals.map((v) => SIMPLE_KERNELS.clamp_min!(v, [-25]))).toEqual([-25, 0, 100]);
    expect(vals.map((v) => SIMPLE_KERNELS.clamp!(v, [-25, 75]))).toEqual([-25, 0, 75]);
    expect(vals.every((v) => Number.isNaN(SIMPLE_KERNELS.clamp!(v, [0, NaN])))).toBe(true);
    expect(vals.every((v) => Number.isNaN(SIMPLE_KERNELS.clamp!(v, [NaN, 0])))).toBe(true);
    expect(clampIsEmpty(5, -5)).toBe(true);
    expect(clampIsEmpty(-25, 75)).toBe(false);
    expect(clampIsEmpty(0, NaN)).toBe(false);
    expect(clampIsEmpty(NaN, 0)).toBe(false);
  });

  it('exp, ln, log2, log10, sqrt match Go math', () => {
    const k = (fn: string, v: number) => SIMPLE_KERNELS[fn]!(v, []);
    expect(k('exp', 10)).toBe(22026.465794806718);
    expectClose(k('exp', 20), 485165195.4097903, 1e-15);
    expectClose(k('exp', -10), 4.5399929762484854e-5, 1e-15);
    expect(k('ln', 10)).toBe(2.302585092994046);
    expect(k('ln', 20)).toBe(2.995732273553991);
    expect(k('ln', 0)).toBe(-Infinity);
    expect(k('ln', -10)).toBeNaN();
    // Go's Log2 and Log10 are not the JS ones: pinned to Go's outputs.
    expect(k('log2', 10)).toBe(3.321928094887362);
    expect(k('log2', 20)).toBe(4.321928094887363);
    expect(k('log2', 1024)).toBe(10);
    expect(k('log2', 0)).toBe(-Infinity);
    expect(k('log2', -1)).toBeNaN();
    expect(k('log2', Infinity)).toBe(Infinity);
    expect(k('log2', 5e-324)).toBe(-1074);
    expect(k('log10', 10)).toBe(1);
    expect(k('log10', 20)).toBe(1.301029995663981);
    expect(k('log10', 0)).toBe(-Infinity);
    expect(k('sqrt', 10)).toBe(3.1622776601683795);
    expect(k('sqrt', 20)).toBe(4.47213595499958);
    expect(k('sqrt', -1)).toBeNaN();
  });

  it('trigonometry (trig_functions.test; Go values within a few ulps)', () => {
    const x = 10 - 10.1;
    const rows: [string, number, number][] = [
      ['sin', 10, -0.5440211108893699],
      ['sin', 20, 0.9129452507276277],
      ['cos', 10, -0.8390715290764524],
      ['cos', 20, 0.40808206181339196],
      ['tan', 10, 0.6483608274590867],
      ['tan', 20, 2.2371609442247427],
      ['asin', x, -0.1001674211615598],
      ['acos', x, 1.6709637479564563],
      ['atan', 10, 1.4711276743037345],
      ['atan', 20, 1.5208379310729538],
      ['sinh', 10, 11013.232874703393],
      ['sinh', 20, 2.4258259770489514e8],
      ['cosh', 10, 11013.232920103324],
      ['cosh', 20, 2.4258259770489514e8],
      ['tanh', 10, 0.9999999958776927],
      ['tanh', 20, 1],
      ['asinh', 10, 2.99822295029797],
      ['asinh', 20, 3.6895038689889055],
      ['acosh', 10, 2.993222846126381],
      ['acosh', 20, 3.6882538673612966],
      ['atanh', x, -0.10033534773107558],
    ];
    for (const [fn, v, want] of rows) expectClose(SIMPLE_KERNELS[fn]!(v, []), want, 1e-14);
    expect(SIMPLE_KERNELS.asin!(10 - 10 + 20 - 10.1, [])).toBeNaN();
    for (const fn of ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'deg', 'rad']) {
      expect(SIMPLE_KERNELS[fn]!(NaN, [])).toBeNaN();
    }
  });

  it('deg and rad keep Prometheus operation order', () => {
    expect(SIMPLE_KERNELS.rad!(10, [])).toBe(0.17453292519943295);
    expect(SIMPLE_KERNELS.rad!(20, [])).toBe(0.3490658503988659);
    expect(SIMPLE_KERNELS.rad!(-10, [])).toBe(-0.17453292519943295);
    expect(SIMPLE_KERNELS.deg!(10, [])).toBe(572.9577951308232);
    expect(SIMPLE_KERNELS.deg!(20, [])).toBe(1145.9155902616465);
    expect(SIMPLE_KERNELS.deg!(0, [])).toBe(0);
  });
});

describe('date functions (functions.test)', () => {
  const k = (fn: string, v: number) => SIMPLE_KERNELS[fn]!(v, []);

  it('the epoch and 2006-01-02T22:04:05Z', () => {
    expect(k('year', 0)).toBe(1970);
    expect(k('month', 0)).toBe(1);
    expect(k('day_of_month', 0)).toBe(1);
    expect(k('day_of_year', 0)).toBe(1);
    expect(k('day_of_week', 0)).toBe(4); // Thursday
    expect(k('hour', 0)).toBe(0);
    expect(k('minute', 0)).toBe(0);
    expect(k('year', 1136239445)).toBe(2006);
    expect(k('month', 1136239445)).toBe(1);
    expect(k('day_of_month', 1136239445)).toBe(2);
    expect(k('day_of_year', 1136239445)).toBe(2);
    expect(k('day_of_week', 1136239445)).toBe(1);
    expect(k('hour', 1136239445)).toBe(22);
    expect(k('minute', 1136239445)).toBe(4);
  });

  it('leap seconds, leap years and month lengths', () => {
    expect(k('year', 1230767999)).toBe(2008);
    expect(k('year', 1230768000)).toBe(2009);
    expect(k('month', 1456790399) + k('day_of_month', 1456790399) / 100).toBe(2.29);
    expect(k('month', 1456790400) + k('day_of_month', 1456790400) / 100).toBe(3.01);
    expect(k('day_of_year', 1483191420)).toBe(366);
    expect(k('day_of_year', 1672493820)).toBe(365);
    expect(k('days_in_month', 1454284800)).toBe(29);
    expect(k('days_in_month', 1485907200)).toBe(28);
    expect(k('days_in_month', 951782400)).toBe(29); // 2000-02-29: divisible by 400
    expect(k('days_in_month', 4107456000)).toBe(28); // 2100-02: not a leap year
    expect(k('days_in_month', 1714521600)).toBe(31); // 2024-05-01
    expect(k('days_in_month', 1717200000)).toBe(30); // 2024-06-01
  });

  it('truncates toward zero like int64(v) and handles years before 1 AD', () => {
    expect(k('day_of_month', -0.5)).toBe(1); // int64(-0.5) = 0
    expect(k('year', -1.5)).toBe(1969);
    expect(k('hour', -1.5)).toBe(23);
    expect(k('minute', 59.9)).toBe(0);
    expect(k('year', -62135596800)).toBe(1);
    expect(k('year', -62135596801)).toBe(0);
    expect(k('day_of_year', -62135596801)).toBe(366);
    expect(k('year', 253402300800)).toBe(10000);
  });

  it('NaN, ±Inf and values outside int64 behave like Go on amd64 (MinInt64 seconds)', () => {
    // time.Unix(math.MinInt64, 0).UTC() is 292277026596-12-04 15:30 UTC, a Sunday.
    const want = { year: 292277026596, month: 12, day_of_month: 4, day_of_week: 0, day_of_year: 339, hour: 15, minute: 30, days_in_month: 31 };
    for (const v of [NaN, Infinity, -Infinity, 1e19, -1e19, 2 ** 63]) {
      for (const [f, w] of Object.entries(want)) expect(k(f, v), `${f}(${v})`).toBe(w);
    }
    // Just inside int64: exact Go results.
    expect(k('year', 1e18)).toBe(31688740476);
    expect(k('month', 1e18)).toBe(10);
    expect(k('day_of_month', -1e18)).toBe(10);
    expect(k('year', -1e18)).toBe(-31688736537);
    expect(k('days_in_month', 1e17)).toBe(30);
    expect(dateFieldInt64(9223372036854775807n, 'year')).toBe(292277026596);
  });
});

describe('function tables', () => {
  it('classifies range and simple functions', () => {
    for (const f of ['rate', 'irate', 'quantile_over_time', 'ts_of_max_over_time', 'double_exponential_smoothing', 'first_over_time']) {
      expect(isRangeFunction(f)).toBe(true);
      expect(floatFunctions[f]).toBe('range');
    }
    for (const f of ['abs', 'clamp', 'round', 'year', 'deg', 'atanh']) {
      expect(isRangeFunction(f)).toBe(false);
      expect(floatFunctions[f]).toBe('simple');
    }
    expect(isRangeFunction('absent_over_time')).toBe(false);
    expect(isRangeFunction('toString')).toBe(false);
    expect(floatFunctions.label_replace).toBeUndefined();
    for (const f of EXPERIMENTAL_KERNELS) expect(floatFunctions[f]).toBe('range');
  });
});
