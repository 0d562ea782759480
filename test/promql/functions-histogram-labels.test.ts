// Classic-histogram quantiles/fractions (promql/quantile.go, quantile_test.go,
// histograms.test) and label_replace/label_join (functions.test, Go's
// regexp.Expand rules).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  almostEqual,
  classicHistogramFraction,
  classicHistogramQuantile,
  expandTemplate,
  isValidLabelName,
  labelJoin,
  labelReplace,
  makeLabelJoiner,
  makeLabelReplacer,
  quantileOf,
  subexpNames,
  type BucketQuantileResult,
} from '../../src/promql/functions/index.js';
import { labelsFrom, type Labels } from '../../src/model/labels.js';
import { PromQLError } from '../../src/promql/value.js';

function hq(q: number, buckets: [number, number][]): BucketQuantileResult {
  return classicHistogramQuantile(
    q,
    Float64Array.from(buckets, (b) => b[0]),
    Float64Array.from(buckets, (b) => b[1]),
    buckets.length,
  );
}

function hf(lower: number, upper: number, buckets: [number, number][]): number {
  return classicHistogramFraction(
    lower,
    upper,
    Float64Array.from(buckets, (b) => b[0]),
    Float64Array.from(buckets, (b) => b[1]),
    buckets.length,
  );
}

function inEpsilon(actual: number, expected: number, eps: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(eps);
}

describe('classicHistogramQuantile (quantile_test.go)', () => {
  const cases: { name: string; buckets: [number, number][]; forced: boolean; fixed: boolean; values: [number, number][] }[] = [
    {
      name: 'simple - monotonic',
      buckets: [[10, 10], [15, 15], [20, 15], [30, 15], [Infinity, 15]],
      forced: false,
      fixed: false,
      values: [[1, 15], [0.99, 14.85], [0.9, 13.5], [0.5, 7.5]],
    },
    {
      name: 'simple - non-monotonic middle',
      buckets: [[10, 10], [15, 15], [20, 15.00000000001], [30, 15], [Infinity, 15]],
      forced: false,
      fixed: true,
      values: [[1, 15], [0.99, 14.85], [0.9, 13.5], [0.5, 7.5]],
    },
    {
      name: 'real example - monotonic',
      buckets: [
        [1, 6454661.3014166197], [5, 8339611.2001912938], [10, 14118319.2444762159], [25, 14130031.5272856522],
        [50, 46001270.3030008152], [64, 46008473.85855636], [80, 46008473.85855636], [100, 46008473.85855636],
        [250, 46008473.85855636], [1000, 46008473.85855636], [Infinity, 46008473.85855636],
      ],
      forced: false,
      fixed: false,
      values: [[1, 64], [0.99, 49.64475715376406], [0.9, 46.39671690938454], [0.5, 31.96098248992002]],
    },
    {
      name: 'real example - non-monotonic',
      buckets: [
        [1, 6454661.3014166225], [5, 8339611.2001912957], [10, 14118319.2444762159], [25, 14130031.5272856504],
        [50, 46001270.3030008227], [64, 46008473.8585563824], [80, 46008473.8585563898], [100, 46008473.8585563824],
        [250, 46008473.8585563824], [1000, 46008473.8585563898], [Infinity, 46008473.8585563824],
      ],
      forced: false,
      fixed: true,
      values: [[1, 64], [0.99, 49.64475715376406], [0.9, 46.39671690938454], [0.5, 31.96098248992002]],
    },
    {
      name: 'real example 2 - non-monotonic',
      buckets: [
        [0.005, 9.6], [0.01, 9.688888889], [0.025, 9.755555556], [0.05, 9.844444444], [0.1, 9.888888889],
        [0.25, 9.888888889], [0.5, 9.888888889], [1, 9.888888889], [2.5, 9.888888889], [5, 9.888888889],
        [10, 9.888888889001], [25, 9.888888889], [50, 9.888888888999], [100, 9.888888889], [Infinity, 9.888888889],
      ],
      forced: false,
      fixed: true,
      values: [[1, 0.1], [0.99, 0.03468750000281261], [0.9, 0.00463541666671875], [0.5, 0.0025752314815104174]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      for (const [q, want] of c.values) {
        const r = hq(q, c.buckets);
        expect(r.forcedMonotonic).toBe(c.forced);
        expect(r.fixedPrecision).toBe(c.fixed);
        inEpsilon(r.value, want, 1e-12);
      }
    });
  }
});

describe('classicHistogramQuantile (histograms.test)', () => {
  // testhistogram3 / testhistogram at 50m (each bucket 10× its increment).
  const pos3: [number, number][] = [[0, 0], [0.1, 50], [0.2, 70], [1, 110], [Infinity, 110]];
  const neg3: [number, number][] = [[-0.25, 0], [-0.2, 10], [-0.1, 20], [0.3, 20], [Infinity, 20]];
  const pos: [number, number][] = [[0.1, 50], [0.2, 70], [1, 110], [Infinity, 120]];
  const neg: [number, number][] = [[-0.2, 10], [-0.1, 20], [0.3, 20], [Infinity, 30]];

  it('testhistogram3 quantiles', () => {
    const table: [number, number, number][] = [
      [0, 0, -0.25],
      [0.25, 0.055, -0.225],
      [0.5, 0.125, -0.2],
      [0.75, 0.45, -0.15],
      [1, 1, -0.1],
    ];
    for (const [q, p, n] of table) {
      expect(hq(q, pos3).value).toBeCloseTo(p, 14);
      expect(hq(q, neg3).value).toBeCloseTo(n, 14);
    }
  });

  it('testhistogram quantiles, lowest and highest buckets', () => {
    const table: [number, number, number][] = [
      [0, 0, -0.2],
      [1, 1, 0.3],
      [0.2, 0.048, -0.2],
      [0.5, 0.15, -0.15],
      [0.8, 0.72, 0.3],
    ];
    for (const [q, p, n] of table) {
      expect(hq(q, pos).value).toBeCloseTo(p, 14);
      expect(hq(q, neg).value).toBeCloseTo(n, 14);
    }
  });

  it('φ out of range and NaN', () => {
    expect(hq(-0.1, pos).value).toBe(-Infinity);
    expect(hq(1.01, pos).value).toBe(Infinity);
    expect(hq(NaN, pos).value).toBeNaN();
  });

  it('results in the middle of buckets (testhistogram2 and its rate)', () => {
    const h2: [number, number][] = [[0, 0], [2, 1], [4, 2], [6, 3], [Infinity, 3]];
    expect(hq(1 / 6, h2).value).toBeCloseTo(1, 14);
    expect(hq(0.5, h2).value).toBeCloseTo(3, 14);
    expect(hq(5 / 6, h2).value).toBeCloseTo(5, 14);
    const rate: [number, number][] = h2.map(([u, c]) => [u, c / 300]);
    expect(hq(1 / 6, rate).value).toBeCloseTo(1, 12);
    expect(hq(5 / 6, rate).value).toBeCloseTo(5, 12);
  });

  it('aggregated request_duration_seconds', () => {
    // sum(rate(...[10m])) by (le) at 50m, in per-5m units.
    const all: [number, number][] = [[0.1, 10], [0.2, 19], [Infinity, 25]];
    expect(hq(0.3, all).value).toBeCloseTo(0.075, 14);
    expect(hq(0.5, all).value).toBeCloseTo(0.1277777777777778, 14);
    expect(hq(0.5, [[0.1, 1], [0.2, 3], [Infinity, 4]]).value).toBeCloseTo(0.15, 14);
    expect(hq(0.3, [[0.1, 2], [0.2, 5], [Infinity, 6]]).value).toBeCloseTo(0.09, 14);
  });

  it('nonmonotonic buckets are fixed and flagged', () => {
    const b: [number, number][] = [[0.1, 20], [1, 10], [10, 50], [100, 40], [1000, 90], [Infinity, 80]];
    for (const [q, want] of [[0.01, 0.0045], [0.5, 8.5], [0.99, 979.75]] as const) {
      const r = hq(q, b);
      expect(r.value).toBeCloseTo(want, 12);
      expect(r.forcedMonotonic).toBe(true);
      expect(r.minBucket).toBe(1);
      expect(r.maxBucket).toBe(Infinity);
      expect(r.maxDiff).toBe(10);
    }
  });

  it('equal upper bounds in different spellings are merged', () => {
    // mixed_bucket: le="0.2", "2e-1", "2.0e-1" parse to the same float.
    const b: [number, number][] = [[0.1, 1], [0.2, 1], [2e-1, 1], [2.0e-1, 1], [Infinity, 4]];
    expect(hq(0.5, b).value).toBeCloseTo(0.15, 14);
    expect(hq(0.75, b).value).toBeCloseTo(0.2, 14);
    expect(hq(1, b).value).toBe(0.2);
    // Only +Inf buckets: fewer than two after merging.
    expect(hq(0.5, [[Infinity, 0], [Infinity, 0]]).value).toBeNaN();
  });

  it('NaN cases: no +Inf bucket, one bucket, no observations, nothing', () => {
    expect(hq(0.5, [[1, 1], [2, 2]]).value).toBeNaN();
    expect(hq(0.5, [[Infinity, 5]]).value).toBeNaN();
    expect(hq(0.5, [[1, 0], [Infinity, 0]]).value).toBeNaN();
    expect(classicHistogramQuantile(0.5, new Float64Array(0), new Float64Array(0), 0).value).toBeNaN();
  });

  it('sorts unsorted input without touching the caller arrays, and reuses `out`', () => {
    const ub = Float64Array.from([Infinity, 0.2, 0.1, 1]);
    const cnt = Float64Array.from([120, 70, 50, 110]);
    const out: BucketQuantileResult = { value: 0, forcedMonotonic: true, fixedPrecision: true, minBucket: 0, maxBucket: 0, maxDiff: 0 };
    const r = classicHistogramQuantile(0.2, ub, cnt, 4, out);
    expect(r).toBe(out);
    expect(r.value).toBeCloseTo(0.048, 14);
    expect(r.forcedMonotonic).toBe(false);
    expect(r.fixedPrecision).toBe(false);
    expect([...ub]).toEqual([Infinity, 0.2, 0.1, 1]);
    expect([...cnt]).toEqual([120, 70, 50, 110]);
    // Only the first n entries count.
    expect(classicHistogramQuantile(0.5, Float64Array.from([1, Infinity, 5]), Float64Array.from([1, 2, 100]), 2).value).toBe(1);
  });

  it('almostEqual follows util/almost', () => {
    expect(almostEqual(NaN, NaN, 1e-12)).toBe(true);
    expect(almostEqual(15, 15.00000000001, 1e-12)).toBe(true);
    expect(almostEqual(15, 15.0001, 1e-12)).toBe(false);
    expect(almostEqual(0, 1e-300, 1e-12)).toBe(false);
    expect(almostEqual(0, 1e-320, 1e-12)).toBe(true); // below ε·MinNormal
    expect(almostEqual(0, 0, 1e-12)).toBe(true);
  });

  it('quantile is monotone in φ for monotone buckets (property)', () => {
    const bounds = [-1, 0, 0.1, 0.5, 1, 5, 10];
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: bounds.length + 1, maxLength: bounds.length + 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (incs, a, b) => {
        let cum = 0;
        const ub = [...bounds, Infinity];
        const cnt = incs.map((i) => (cum += i));
        if (cum === 0) return true;
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const u = Float64Array.from(ub);
        const c = Float64Array.from(cnt);
        const x = classicHistogramQuantile(lo, u, c, u.length).value;
        const y = classicHistogramQuantile(hi, u, c, u.length).value;
        return x <= y && x >= -1 && y <= 10;
      }),
    );
  });
});

describe('classicHistogramFraction (histograms.test)', () => {
  const h2: [number, number][] = [[0, 0], [2, 10], [4, 20], [6, 30], [Infinity, 30]];
  const pos: [number, number][] = [[1, 1], [2, 3], [3, 6], [Infinity, 100]];
  const negb: [number, number][] = [[-3, 10], [-2, 12], [-1, 15], [Infinity, 100]];

  it('interpolates inside buckets', () => {
    expect(hf(0, 4, h2)).toBeCloseTo(0.6666666666666666, 15);
    expect(hf(0, 6, h2)).toBe(1);
    expect(hf(0, 3.5, h2)).toBeCloseTo(0.5833333333333334, 15);
    expect(hf(0, 0.2, [[0, 0], [0.1, 50], [0.2, 70], [1, 110], [Infinity, 110]])).toBeCloseTo(0.6363636363636364, 15);
    expect(hf(0, 0.2, [[-0.25, 0], [-0.2, 10], [-0.1, 20], [0.3, 20], [Infinity, 20]])).toBe(0);
    expect(hf(0, 1.5, pos)).toBeCloseTo(0.02, 15);
    expect(hf(-4, -2, negb)).toBeCloseTo(0.02, 15);
    expect(hf(-Infinity, -1.5, negb)).toBeCloseTo(0.135, 15);
    expect(hf(-Infinity, Infinity, pos)).toBe(1);
    expect(hf(-Infinity, Infinity, negb)).toBe(1);
    expect(hf(4, 5, pos)).toBe(0);
    expect(hf(0, 1, negb)).toBe(0);
    expect(hf(2, 5, pos)).toBeCloseTo(0.03, 15);
  });

  it('edge cases', () => {
    expect(hf(2, 2, pos)).toBe(0);
    expect(hf(3, 2, pos)).toBe(0);
    expect(hf(NaN, 1, pos)).toBeNaN();
    expect(hf(0, NaN, pos)).toBeNaN();
    expect(hf(0, 5, [[1, 0], [Infinity, 0]])).toBeNaN();
    expect(hf(0, 5, [[1, 1], [2, 2]])).toBeNaN();
  });
});

describe('quantileOf', () => {
  it('interpolates between ranks, NaN below everything', () => {
    const q = (phi: number, xs: number[]) => quantileOf(phi, Float64Array.from(xs), xs.length);
    expect(q(0.5, [0, 1])).toBe(0.5);
    expect(q(0.8, [0, 1, 4])).toBeCloseTo(2.8, 14);
    expect(q(0.5, [])).toBeNaN();
    expect(q(NaN, [1])).toBeNaN();
    expect(q(-1, [1])).toBe(-Infinity);
    expect(q(2, [1])).toBe(Infinity);
    expect(q(0, [3, NaN, NaN, 1])).toBeNaN();
    expect(q(1, [3, NaN, NaN, 1])).toBe(3);
    expect(q(2 / 3, [3, NaN, NaN, 1])).toBe(1);
    // Prometheus's formula: 0·Inf is NaN when a weight is 0 next to an infinity.
    expect(q(0, [1, Infinity])).toBeNaN();
  });

  it('stays within the data and is monotone in φ (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = quantileOf(lo, Float64Array.from(xs), xs.length);
        const y = quantileOf(hi, Float64Array.from(xs), xs.length);
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        return x <= y + 1e-9 * Math.max(1, Math.abs(y)) && x >= min - 1e-9 && y <= max + 1e-9;
      }),
    );
  });
});

const L = (o: Record<string, string>): Labels => labelsFrom(o);

describe('label_replace (functions.test)', () => {
  const m10 = L({ __name__: 'testmetric', src: 'source-value-10', dst: 'original-destination-value' });

  it('full-string match and replace', () => {
    expect(labelReplace(m10, 'dst', 'destination-value-$1', 'src', 'source-value-(.*)')).toEqual(
      L({ __name__: 'testmetric', src: 'source-value-10', dst: 'destination-value-10' }),
    );
    // Not a substring match.
    expect(labelReplace(m10, 'dst', 'destination-value-$1', 'src', 'value-(.*)')).toBe(m10);
    expect(labelReplace(m10, 'dst', '$1-value-$2', 'src', '(.*)-value-(.*)')).toEqual(L({ __name__: 'testmetric', src: 'source-value-10', dst: 'source-value-10' }));
  });

  it('missing or empty source labels', () => {
    expect(labelReplace(m10, 'dst', 'value-$1', 'nonexistent-src', 'source-value-(.*)')).toBe(m10);
    expect(labelReplace(m10, 'dst', 'value-$1', 'nonexistent-src', '(.*)')).toEqual(L({ __name__: 'testmetric', src: 'source-value-10', dst: 'value-' }));
    expect(labelReplace(m10, 'dst', 'value-$1', 'src', 'non-matching-regex')).toBe(m10);
  });

  it('an empty result removes the label; a new one is inserted in order', () => {
    expect(labelReplace(m10, 'dst', '', 'dst', '.*')).toEqual(L({ __name__: 'testmetric', src: 'source-value-10' }));
    const out = labelReplace(m10, 'aaa', 'x$1', 'src', 'source-(.*)');
    expect(out.map((l) => l.name)).toEqual(['__name__', 'aaa', 'dst', 'src']);
    expect(labelReplace(m10, 'zzz', '$1', 'src', '(.*)').map((l) => l.name)).toEqual(['__name__', 'dst', 'src', 'zzz']);
    expect(labelReplace(m10, '__name__', 'renamed', 'src', '.*')[0]).toEqual({ name: '__name__', value: 'renamed' });
  });

  it('regexes are anchored and dot matches newline', () => {
    const ls = L({ a: 'x\ny' });
    expect(labelReplace(ls, 'b', '$1', 'a', 'x(.)y')).toEqual(L({ a: 'x\ny', b: '\n' }));
    expect(labelReplace(ls, 'b', '$1', 'a', 'x')).toBe(ls);
    // The whole alternation is anchored: ^(?s:ab|c)$, not ^ab|c$.
    const abx = L({ a: 'abx' });
    expect(labelReplace(abx, 'b', 'm', 'a', 'ab|c')).toBe(abx);
    expect(labelReplace(L({ a: 'c' }), 'b', 'm', 'a', 'ab|c')).toEqual(L({ a: 'c', b: 'm' }));
  });

  it('errors carry Prometheus messages, checked before any series', () => {
    expect(() => makeLabelReplacer('dst', 'value-$1', 'src', '(.*')).toThrow(new PromQLError('invalid regular expression in label_replace(): (.*'));
    expect(() => makeLabelReplacer('\udcff', '', 'src', '(.*)')).toThrow('invalid destination label name in label_replace(): \udcff');
    expect(() => makeLabelReplacer('', '', 'src', '(.*)')).toThrow('invalid destination label name in label_replace(): ');
    // Regex errors take precedence over the destination check.
    expect(() => makeLabelReplacer('', '', 'src', '[')).toThrow('invalid regular expression in label_replace(): [');
    try {
      makeLabelReplacer('dst', '', 'src', '*');
      expect.unreachable();
    } catch (e) {
      expect((e as PromQLError).errorType).toBe('execution');
    }
    // UTF-8 label names are valid in Prometheus 3.
    expect(makeLabelReplacer('ünïcode.name', '$1', 'src', '(.*)')(m10).some((l) => l.name === 'ünïcode.name')).toBe(true);
  });

  it("Go accepts regexes that only balance inside Prometheus's ^(?s:…)$ wrapper", () => {
    expect(labelReplace(L({ a: 'ab' }), 'b', '$1', 'a', 'a)(b')).toEqual(L({ a: 'ab', b: 'b' }));
  });
});

describe("Go's regexp.Expand template rules", () => {
  const rep = (re: string, tmpl: string, val: string) => labelReplace(L({ s: val }), 'd', tmpl, 's', re).find((l) => l.name === 'd')?.value;

  it('numbered, braced, named and literal $', () => {
    expect(rep('(a)(b)', '$2$1', 'ab')).toBe('ba');
    expect(rep('(a)(b)', '${2}x${1}', 'ab')).toBe('bxa');
    expect(rep('(a)(b)', '$1x', 'ab')).toBeUndefined(); // "$1x" names group "1x": empty, so d is not set
    expect(rep('(a)(b)', '$1x-$2', 'ab')).toBe('-b');
    expect(rep('(a)(b)', '$$1', 'ab')).toBe('$1');
    expect(rep('(a)(b)', 'cost: $', 'ab')).toBe('cost: $');
    expect(rep('(a)(b)', '${1', 'ab')).toBe('${1');
    expect(rep('(a)(b)', '$-', 'ab')).toBe('$-');
    expect(rep('(a)(b)', '$0', 'ab')).toBe('ab');
    expect(rep('(a)(b)', '$01', 'ab')).toBeUndefined(); // leading zero: a name, not a number
    expect(rep('(a)(b)', '$9x$1', 'ab')).toBe('a');
    expect(rep('(?P<first>\\w+)-(?P<num>\\d+)', '${num}:${first}', 'abc-12')).toBe('12:abc');
    expect(rep('(?<first>\\w+)-(?<num>\\d+)', '$num.$first', 'abc-12')).toBe('12.abc');
  });

  it('group names Go allows and JS does not', () => {
    // Duplicate names: the first group that participated wins.
    expect(rep('(?P<x>a)|(?P<x>b)', '[$x]', 'b')).toBe('[b]');
    expect(rep('(?P<x>a)|(?P<x>b)', '[$x]', 'a')).toBe('[a]');
    // A name starting with a digit.
    expect(rep('(?P<1x>.)(.)', '$1x|$2', 'pq')).toBe('p|q');
    // In templates, Unicode letters continue a name (group names themselves are ASCII in RE2).
    expect(rep('(.)', '$é!$1', 'z')).toBe('!z');
    expect(() => rep('(?P<é>.)', '$1', 'z')).toThrow('invalid regular expression in label_replace(): (?P<é>.)');
  });

  it('unmatched optional groups expand to nothing', () => {
    expect(rep('(a)?b', '[$1]', 'b')).toBe('[]');
  });

  it('subexpNames skips parentheses in escapes, classes and \\Q…\\E', () => {
    expect(subexpNames('(a)(?:b)(?P<n>c)(?i)(?<m>d)')).toEqual(['', '', 'n', 'm']);
    expect(subexpNames('\\((x)[(](y)[]()](z)\\Q(((\\E(w)')).toEqual(['', '', '', '', '']);
    expect(subexpNames('[[:alpha:](](q)')).toEqual(['', '']);
    expect(rep('\\Q(\\E(.)', '$1', '(z')).toBe('z');
    expect(rep('[]a](.)', '$1', ']q')).toBe('q');
  });

  it('templates without $ are copied (property)', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes('$')), fc.string(), (tmpl, val) => {
        const m = /^(?:(.*))$/s.exec(val)!;
        return expandTemplate(tmpl, m, ['', '']) === tmpl;
      }),
    );
  });

  it('label_replace with (.*) and $1 copies any value (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (val) => rep('(.*)', '$1', val) === val),
    );
  });
});

describe('label_join (functions.test)', () => {
  const m = L({ __name__: 'testmetric', src: 'a', src1: 'b', src2: 'c', dst: 'original-destination-value' });

  it('joins in argument order, missing labels as empty strings', () => {
    expect(labelJoin(m, 'dst', '-', ['src', 'src1', 'src2'])).toEqual(L({ __name__: 'testmetric', src: 'a', src1: 'b', src2: 'c', dst: 'a-b-c' }));
    expect(labelJoin(m, 'dst', '-', ['src', 'src3', 'src1'])).toEqual(L({ __name__: 'testmetric', src: 'a', src1: 'b', src2: 'c', dst: 'a--b' }));
    expect(labelJoin(m, 'dst', ', ', [])).toEqual(L({ __name__: 'testmetric', src: 'a', src1: 'b', src2: 'c' }));
    expect(labelJoin(m, 'dst', '', ['emptysrc', 'emptysrc1'])).toEqual(L({ __name__: 'testmetric', src: 'a', src1: 'b', src2: 'c' }));
    const m1 = L({ __name__: 'testmetric1', src: 'foo', src1: 'bar', src2: 'foobar' });
    expect(labelJoin(m1, 'dst', ', ', ['src', 'src1', 'src2'])).toEqual(L({ __name__: 'testmetric1', src: 'foo', src1: 'bar', src2: 'foobar', dst: 'foo, bar, foobar' }));
    expect(labelJoin(L({ label: 'a' }), 'idx', ',', ['label', 'label'])).toEqual(L({ idx: 'a,a', label: 'a' }));
  });

  it('validates source names first, then the destination', () => {
    expect(() => makeLabelJoiner('dst', '-', ['ok', ''])).toThrow(new PromQLError('invalid source label name in label_join(): '));
    expect(() => makeLabelJoiner('', '-', ['\ud800x'])).toThrow('invalid source label name in label_join(): \ud800x');
    expect(() => makeLabelJoiner('', '-', ['ok'])).toThrow('invalid destination label name in label_join(): ');
  });

  it('isValidLabelName is non-empty well-formed UTF-16 (= valid UTF-8)', () => {
    expect(isValidLabelName('a')).toBe(true);
    expect(isValidLabelName('日本 語.x-y')).toBe(true);
    expect(isValidLabelName('\u{1F600}')).toBe(true);
    expect(isValidLabelName('')).toBe(false);
    expect(isValidLabelName('\ud83d')).toBe(false);
    expect(isValidLabelName('\ude00a')).toBe(false);
  });
});
